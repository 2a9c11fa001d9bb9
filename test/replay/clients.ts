/**
 * Three clients others wrote or we ship, run against the replay server the same way: the core
 * SseClient, the `eventsource` npm package, and (browser.test.ts) Chromium's own EventSource.
 * Each collects events as { type, id, data } until it has `count` or gives up.
 */
import { EventSource } from 'eventsource';
import { SseClient, type SseClientOptions } from '../../src/core/sseClient';
import type { StreamRecord } from '../../src/shared/records';

/** An event as every client can report it. */
export interface SeenEvent {
  type: string;
  id: string;
  data: string;
}

/** What the core client saw: its events (with arrival times) and every record. */
export interface CoreRun {
  events: SeenEvent[];
  times: number[];
  records: StreamRecord[];
}

/**
 * Runs the core client until `count` events (or the session closes, or `timeoutMs`).
 * Reconnects only when `options.reconnect` is true (retry 20 ms unless the server says).
 */
export async function coreEvents(url: string, count: number, options: Partial<SseClientOptions> = {}, timeoutMs = 10000): Promise<CoreRun> {
  const run: CoreRun = { events: [], times: [], records: [] };
  const client: SseClient = new SseClient({
    url,
    reconnect: false,
    retryMs: 20,
    ...options,
    onRecord(record) {
      run.records.push(record);
      if (record.kind !== 'event') return;
      run.events.push({ type: record.type, id: record.lastEventId, data: record.data });
      run.times.push(record.time);
      if (run.events.length >= count) client.stop();
    },
  });
  const timer = setTimeout(() => client.stop('timeout'), timeoutMs);
  client.start();
  await client.done;
  clearTimeout(timer);
  return run;
}

/** The `eventsource` package: events of the given types (plus `message`) until `count`, or an error that closes it. */
export function eventsourceEvents(url: string, types: readonly string[], count: number, timeoutMs = 10000): Promise<{ events: SeenEvent[]; errors: string[] }> {
  return new Promise((resolve) => {
    const events: SeenEvent[] = [];
    const errors: string[] = [];
    const source = new EventSource(url);
    const finish = (): void => {
      clearTimeout(timer);
      source.close();
      resolve({ events, errors });
    };
    const timer = setTimeout(finish, timeoutMs);
    const onEvent = (event: MessageEvent): void => {
      events.push({ type: event.type, id: event.lastEventId, data: String(event.data) });
      if (events.length >= count) finish();
    };
    for (const type of new Set(['message', ...types])) source.addEventListener(type, onEvent);
    source.onerror = (event) => {
      errors.push(`${(event as { code?: number }).code ?? ''} ${(event as { message?: string }).message ?? ''}`.trim());
      // CLOSED: the spec's "fail the connection" (no reconnect); otherwise it reconnects by itself.
      if (source.readyState === EventSource.CLOSED) finish();
    };
  });
}
