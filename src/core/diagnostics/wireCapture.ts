/**
 * Keeps the newest raw chunks of a connection, bounded by their total size, for the Wire view and
 * `record --raw`. The bytes are copied into one ring buffer that grows (doubling) up to the bound
 * and is then reused: a copy per chunk is a memcpy into memory already touched, where a new array
 * per chunk cost the ingest path 10 times more (allocation, page faults, GC of array buffers;
 * `npm run bench:diagnostics`). Turning bytes into text (ChunkRecord.text) happens only when
 * someone reads the chunks, and `record --raw` reads each chunk as it comes, without a copy.
 */
import type { ConnectionObserver } from '../connectionObserver';
import type { ChunkRecord, StreamRecord } from '../../shared/records';
import { bytesToWireText } from './wireText';

/** Default bound: 4 MiB of the newest chunks per connection (setting sseInspector.wire.maxMiB). */
export const DEFAULT_WIRE_BYTES = 4 * 1024 * 1024;
/** The ring's first size; it doubles as needed up to the bound. */
const FIRST_RING_BYTES = 64 * 1024;

/**
 * One kept chunk, not yet turned into text. `bytes` is a view into the capture's ring: read it
 * before the next chunk arrives (the panel and `record --raw` turn it into a record at once).
 */
export interface RawChunk {
  /** Seq of the last record before this chunk (see ChunkRecord.seq). */
  seq: number;
  time: number;
  offset: number;
  bytes: Uint8Array;
}

/** Where a kept chunk's bytes are: `start` in the ring, or `own` bytes (a chunk larger than the bound). */
interface Kept {
  seq: number;
  time: number;
  offset: number;
  start: number;
  length: number;
  own: Uint8Array | undefined;
}

export class WireCapture implements ConnectionObserver {
  private chunks: Kept[] = [];
  /** Index of the oldest kept chunk in `chunks` (dropped ones are cut off in batches). */
  private first = 0;
  private kept = 0;
  /** Seq of the last record seen (StreamWatch sets it directly for events). */
  lastSeq = 0;
  private offset = 0;
  private ring = new Uint8Array(0);
  /** Where the next chunk goes in the ring (just after the newest kept one). */
  private head = 0;
  /** Chunks let go because the bound was reached, since the last clear. */
  dropped = 0;
  /** Chunks kept since the last clear, dropped ones included: a position for `since`. */
  total = 0;

  /**
   * @param maxBytes the bound on kept bytes (a single larger chunk is still kept, alone)
   * @param onChunk when set, each chunk as a record, synchronously (for `record --raw`)
   */
  constructor(
    readonly maxBytes: number = DEFAULT_WIRE_BYTES,
    private readonly emitChunk?: (record: ChunkRecord) => void,
  ) {}

  /** Every record of the session, in order: chunks point at the last one. */
  record(record: StreamRecord): void {
    this.lastSeq = record.seq;
    if (record.kind === 'open') this.offset = 0;
  }

  onChunk(bytes: Uint8Array, time: number): void {
    const n = bytes.length;
    const kept: Kept = { seq: this.lastSeq, time, offset: this.offset, start: 0, length: n, own: undefined };
    this.offset += n;
    if (this.emitChunk) this.emitChunk(toChunkRecord({ seq: kept.seq, time, offset: kept.offset, bytes }));
    if (this.maxBytes <= 0) return;
    while (this.kept + n > this.maxBytes && this.chunks.length > this.first) this.dropOldest();
    if (n > this.maxBytes) kept.own = new Uint8Array(bytes);
    else this.place(kept, bytes);
    this.chunks.push(kept);
    this.total++;
    this.kept += n;
    // Compact now and then so dropping stays O(1) per chunk.
    if (this.first > 1024 && this.first * 2 > this.chunks.length) {
      this.chunks = this.chunks.slice(this.first);
      this.first = 0;
    }
  }

  /** Bytes kept now. */
  get size(): number {
    return this.kept;
  }

  /** The kept chunks, oldest first (views valid until the next chunk). */
  raw(): RawChunk[] {
    return this.since(this.total - (this.chunks.length - this.first));
  }

  /** The kept chunks after the first `position` ever kept (see `total`), oldest first (views valid until the next chunk). */
  since(position: number): RawChunk[] {
    const keptCount = this.chunks.length - this.first;
    const skip = Math.max(0, position - (this.total - keptCount));
    return this.chunks.slice(this.first + skip).map((k) => ({ seq: k.seq, time: k.time, offset: k.offset, bytes: k.own ?? this.ring.subarray(k.start, k.start + k.length) }));
  }

  /** The kept chunks as records, oldest first. */
  records(): ChunkRecord[] {
    return this.raw().map(toChunkRecord);
  }

  clear(): void {
    this.chunks = [];
    this.first = 0;
    this.kept = 0;
    this.dropped = 0;
    this.total = 0;
    this.head = 0;
    this.ring = new Uint8Array(0);
  }

  private dropOldest(): void {
    this.kept -= this.chunks[this.first].length;
    this.first++;
    this.dropped++;
  }

  /**
   * Copies `bytes` into the ring after the newest chunk, growing the ring while it is under the
   * bound, else wrapping: the chunks the new bytes would overwrite are the oldest, and go.
   */
  private place(kept: Kept, bytes: Uint8Array): void {
    const n = bytes.length;
    if (this.chunks.length === this.first) this.head = 0;
    if (this.head + n > this.ring.length && this.ring.length < this.maxBytes) this.grow(n);
    if (this.head + n > this.ring.length) {
      // Wrap to the start: the chunks between head and the ring's end are the oldest; let them go.
      while (this.chunks.length > this.first && this.chunks[this.first].start >= this.head) this.dropOldest();
      this.head = 0;
    }
    const end = this.head + n;
    while (this.chunks.length > this.first) {
      const oldest = this.chunks[this.first];
      if (oldest.start >= end || oldest.start + oldest.length <= this.head) break;
      this.dropOldest();
    }
    this.ring.set(bytes, this.head);
    kept.start = this.head;
    this.head = end;
  }

  /** A bigger ring (at most the bound), the kept chunks copied to its start, oldest first. */
  private grow(n: number): void {
    const size = Math.min(this.maxBytes, Math.max(this.ring.length * 2, FIRST_RING_BYTES, this.kept + n));
    const ring = new Uint8Array(size);
    let at = 0;
    for (let i = this.first; i < this.chunks.length; i++) {
      const k = this.chunks[i];
      ring.set(this.ring.subarray(k.start, k.start + k.length), at);
      k.start = at;
      at += k.length;
    }
    this.ring = ring;
    this.head = at;
  }
}

export function toChunkRecord(chunk: RawChunk): ChunkRecord {
  return { kind: 'chunk', seq: chunk.seq, time: chunk.time, bytes: chunk.bytes.length, text: bytesToWireText(chunk.bytes), offset: chunk.offset };
}
