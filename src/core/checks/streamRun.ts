/**
 * One stream as a check reads it: a single connection (a check never reconnects on its own:
 * a reconnect would hide exactly what checks are for) that stops at the stop rule, the end of
 * the stream, a failure, or when the caller cancels.
 */
import { SseClient, type SseClientOptions } from '../sseClient';
import type { StreamRecord } from '../../shared/records';

/**
 * Records kept per run. A check needs every event to judge order and counts; a server that
 * floods beyond this is stopped and the check says so, rather than growing without bound.
 */
export const MAX_RECORDS = 200_000;

/** What one connection gave. */
export interface StreamRun {
  records: StreamRecord[];
  /** When the request was made (the `connecting` record's time): the zero of every `...WithinMs`. */
  startedAt: number;
  /** The last event id when it stopped: what a resume sends as Last-Event-ID. */
  lastEventId: string;
  /** True when MAX_RECORDS was reached. */
  overflowed: boolean;
}

export interface StopRule {
  events?: number;
  ms: number;
}

/** Connects once with `options` and resolves when the connection is over. */
export function runStream(options: SseClientOptions, stop: StopRule, signal?: AbortSignal): Promise<StreamRun> {
  const records: StreamRecord[] = [];
  let events = 0;
  let overflowed = false;
  let startedAt = Date.now();
  const client = new SseClient({
    ...options,
    reconnect: false,
    onRecord(record) {
      if (records.length >= MAX_RECORDS) {
        if (!overflowed) {
          overflowed = true;
          client.stop('max-events', `Stopped: more than ${MAX_RECORDS} records`);
        }
        if (record.kind !== 'closed') return;
      }
      records.push(record);
      if (record.kind === 'connecting') startedAt = record.time;
      else if (record.kind === 'event' && stop.events !== undefined && ++events >= stop.events) client.stop('max-events');
    },
  });
  const timer = setTimeout(() => client.stop('timeout'), stop.ms);
  const cancel = () => client.stop('stopped', 'Cancelled');
  signal?.addEventListener('abort', cancel, { once: true });
  if (signal?.aborted) client.stop('stopped', 'Cancelled');
  else client.start();
  return client.done.then(() => {
    clearTimeout(timer);
    signal?.removeEventListener('abort', cancel);
    return { records, startedAt, lastEventId: client.lastEventId, overflowed };
  });
}

/** `expect.resume`: the connection cut after N events, and the one that resumed it. */
export interface ResumeRuns {
  cut: StreamRun;
  after: StreamRun;
}
