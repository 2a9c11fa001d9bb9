/**
 * Test helpers for the event stream reader: run bytes through a real EventStreamReader, split
 * in every way that matters, and collect what it reports in one comparable list.
 */
import { EventStreamReader, type StreamSink } from '../../../src/core/eventStreamReader';

/** What the reader reported, in order, with lastEventId tracked as the client tracks it. */
export type Output =
  | { event: string; data: string; lastEventId: string; id?: string; size: number; truncated?: true }
  | { comment: string }
  | { retry: number };

class CollectingSink implements StreamSink {
  readonly out: Output[] = [];
  lastEventId = '';
  onEvent(type: string, data: string, id: string | undefined, size: number, truncated: boolean): void {
    const item: Output = { event: type, data, lastEventId: this.lastEventId, size };
    if (id !== undefined) item.id = id;
    if (truncated) item.truncated = true;
    this.out.push(item);
  }
  onId(id: string): void {
    this.lastEventId = id;
  }
  onComment(text: string): void {
    this.out.push({ comment: text });
  }
  onRetry(ms: number): void {
    this.out.push({ retry: ms });
  }
}

/** Feeds `chunks` as one stream (then ends it) and returns what was reported. */
export function read(chunks: readonly Uint8Array[], maxEventBytes?: number): Output[] {
  const sink = new CollectingSink();
  const reader = new EventStreamReader(sink, maxEventBytes);
  for (const chunk of chunks) reader.write(chunk);
  reader.reset();
  return sink.out;
}

export const bytes = (input: string | Uint8Array): Uint8Array => (typeof input === 'string' ? Buffer.from(input, 'utf8') : input);

/**
 * Every way to deliver `input` that a test should survive: whole, cut once at each byte
 * boundary, cut in three at each pair of boundaries (short inputs only), and byte by byte.
 */
export function* splits(input: string | Uint8Array): Generator<{ label: string; chunks: Uint8Array[] }> {
  const all = bytes(input);
  yield { label: 'whole', chunks: [all] };
  for (let i = 1; i < all.length; i++) yield { label: `cut at ${i}`, chunks: [all.subarray(0, i), all.subarray(i)] };
  if (all.length <= 64) {
    for (let i = 1; i < all.length; i++) {
      for (let j = i + 1; j < all.length; j++) {
        yield { label: `cut at ${i} and ${j}`, chunks: [all.subarray(0, i), all.subarray(i, j), all.subarray(j)] };
      }
    }
  }
  yield { label: 'byte by byte', chunks: Array.from(all, (b) => Uint8Array.of(b)) };
}
