/**
 * Keeps the newest raw chunks of a connection, bounded by their total size, for the Wire view and
 * `record --raw`. Collecting costs one copy per chunk (the reader may reuse its buffers); turning
 * bytes into text (ChunkRecord.text) happens only when someone reads the chunks.
 */
import type { ConnectionObserver } from '../connectionObserver';
import type { ChunkRecord, StreamRecord } from '../../shared/records';
import { bytesToWireText } from './wireText';

/** Default bound: 4 MiB of the newest chunks per connection (setting sseInspector.wire.maxMiB). */
export const DEFAULT_WIRE_BYTES = 4 * 1024 * 1024;

/** One kept chunk, not yet turned into text. */
export interface RawChunk {
  /** Seq of the last record before this chunk (see ChunkRecord.seq). */
  seq: number;
  time: number;
  offset: number;
  bytes: Uint8Array;
}

export class WireCapture implements ConnectionObserver {
  private chunks: RawChunk[] = [];
  /** Index of the oldest kept chunk in `chunks` (dropped ones are cut off in batches). */
  private first = 0;
  private kept = 0;
  private lastSeq = 0;
  private offset = 0;
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
    // new + set is a plain memcpy; slice() on a Buffer takes a slow per-element path (species).
    const copy = new Uint8Array(bytes.length);
    copy.set(bytes);
    const chunk: RawChunk = { seq: this.lastSeq, time, offset: this.offset, bytes: copy };
    this.offset += bytes.length;
    if (this.emitChunk) this.emitChunk(toChunkRecord(chunk));
    if (this.maxBytes <= 0) return;
    this.chunks.push(chunk);
    this.total++;
    this.kept += bytes.length;
    while (this.kept > this.maxBytes && this.chunks.length - this.first > 1) {
      this.kept -= this.chunks[this.first].bytes.length;
      this.first++;
      this.dropped++;
    }
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

  /** The kept chunks, oldest first, from the `from`-th kept one on. */
  raw(): readonly RawChunk[] {
    return this.chunks.slice(this.first);
  }

  /** The kept chunks after the first `position` ever kept (see `total`), oldest first. */
  since(position: number): RawChunk[] {
    const kept = this.chunks.length - this.first;
    const skip = Math.max(0, position - (this.total - kept));
    return this.chunks.slice(this.first + skip);
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
  }
}

export function toChunkRecord(chunk: RawChunk): ChunkRecord {
  return { kind: 'chunk', seq: chunk.seq, time: chunk.time, bytes: chunk.bytes.length, text: bytesToWireText(chunk.bytes), offset: chunk.offset };
}
