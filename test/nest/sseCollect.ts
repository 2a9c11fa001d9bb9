/**
 * Connects the extension's own SSE client to a URL and collects records until enough events
 * arrived, the stream closed, or time ran out: what the proof test asserts on.
 */
import { SseClient } from '../../src/core/sseClient';
import type { EventRecord, StreamRecord } from '../../src/shared/records';

/** What to send and when to stop. */
export interface CollectOptions {
  events: number;
  lastEventId?: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
  /** Called once, when the stream is open (e.g. to make the server emit). */
  onOpen?: () => void;
}

/** All records received, and the events among them. */
export interface Collected {
  records: StreamRecord[];
  events: EventRecord[];
}

/** Runs one connection without reconnecting; rejects on timeout with what did arrive. */
export async function collect(url: string, options: CollectOptions): Promise<Collected> {
  const records: StreamRecord[] = [];
  const events: EventRecord[] = [];
  const client: SseClient = new SseClient({
    url,
    method: options.method,
    headers: options.headers,
    body: options.body,
    lastEventId: options.lastEventId,
    reconnect: false,
    onRecord(record) {
      records.push(record);
      if (record.kind === 'open') options.onOpen?.();
      if (record.kind === 'event') {
        events.push(record);
        if (events.length >= options.events) client.stop();
      }
    },
  });
  const timeoutMs = options.timeoutMs ?? 8000;
  const timer = setTimeout(() => client.stop('timeout'), timeoutMs);
  client.start();
  const closed = await client.done;
  clearTimeout(timer);
  if (events.length < options.events) {
    throw new Error(`${url}: got ${events.length} of ${options.events} events (${closed.reason}: ${closed.message}). Records:\n${records.map((r) => JSON.stringify(r)).join('\n')}`);
  }
  return { records, events };
}
