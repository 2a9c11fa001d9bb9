/** Runs a real SseClient and collects its records, for tests against the real test server. */
import { SseClient, type SseClientOptions } from '../../../src/core/sseClient';
import type { StreamRecord } from '../../../src/shared/records';

export interface Recorded {
  client: SseClient;
  records: StreamRecord[];
  /** Resolves with the first record matching `predicate` (already seen or still to come). */
  waitFor(predicate: (record: StreamRecord) => boolean, timeoutMs?: number): Promise<StreamRecord>;
}

export function startClient(options: SseClientOptions, onRecord?: (record: StreamRecord, client: SseClient) => void): Recorded {
  const records: StreamRecord[] = [];
  const waiters: Array<{ predicate: (r: StreamRecord) => boolean; resolve: (r: StreamRecord) => void }> = [];
  const client: SseClient = new SseClient({
    ...options,
    onRecord(record) {
      records.push(record);
      for (const waiter of [...waiters]) {
        if (waiter.predicate(record)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(record);
        }
      }
      onRecord?.(record, client);
    },
  });
  client.start();
  return {
    client,
    records,
    waitFor(predicate, timeoutMs = 5000) {
      const seen = records.find(predicate);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching record in ${timeoutMs} ms; got ${JSON.stringify(records.map((r) => r.kind))}`)), timeoutMs);
        waiters.push({ predicate, resolve: (r) => (clearTimeout(timer), resolve(r)) });
      });
    },
  };
}

/** Records of one kind, typed. */
export function ofKind<K extends StreamRecord['kind']>(records: readonly StreamRecord[], kind: K): Array<Extract<StreamRecord, { kind: K }>> {
  return records.filter((r): r is Extract<StreamRecord, { kind: K }> => r.kind === kind);
}

/** A port on 127.0.0.1 where nothing listens (it was free a moment ago). */
export async function refusedPort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
