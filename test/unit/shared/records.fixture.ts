/** Record builders shared by the webview unit tests. */
import type { StreamRecord } from '../../../src/shared/records';

let seq = 0;
const T0 = Date.UTC(2026, 0, 2, 3, 4, 5, 6);

export function resetSeq(): void {
  seq = 0;
}

export function ev(type: string, data: string, id?: string): StreamRecord {
  seq++;
  const rec: StreamRecord = { kind: 'event', seq, time: T0 + seq, type, data, lastEventId: id ?? '', size: Buffer.byteLength(data) };
  if (id !== undefined) rec.id = id;
  return rec;
}

export function comment(text: string): StreamRecord {
  seq++;
  return { kind: 'comment', seq, time: T0 + seq, text };
}

export function errorRec(message: string): StreamRecord {
  seq++;
  return { kind: 'error', seq, time: T0 + seq, message, code: 'NETWORK', willReconnect: true, reconnectInMs: 3000 };
}
