/**
 * Keeps the newest raw chunks of a connection, bounded by their total size, for the Wire view and
 * `record --raw`. It keeps the chunks themselves, not copies: the client hands each chunk over in
 * an ArrayBuffer of its own that nothing changes afterwards (undici's fetch makes one per chunk),
 * so keeping one costs no copy and no allocation on the ingest path: its own work per chunk is a
 * few field writes. What keeping costs all the same: the kept chunks outlive young-generation
 * collections, so V8 promotes them and runs more full collections (about one per 20 MB of chunks
 * kept and let go). Copying into a ring instead (the earlier design, and a minimal ring tried
 * since) avoids those but streams every byte through memory larger than the CPU's cache; measured
 * in one run with both (`npm run bench:diagnostics` with the arms added), the two cost the ingest
 * path about the same, and a smaller bound costs less (the chunks then mostly die young).
 * Turning bytes into text (ChunkRecord.text) happens only when someone reads the chunks;
 * `record --raw` reads each chunk as it comes.
 */
import type { ConnectionObserver } from '../connectionObserver';
import type { ChunkRecord, StreamRecord } from '../../shared/records';
import { bytesToWireText } from './wireText';

/** Default bound: 4 MiB of the newest chunks per connection (setting sseInspector.wire.maxMiB). */
export const DEFAULT_WIRE_BYTES = 4 * 1024 * 1024;
/**
 * What the panel keeps while its Wire view is closed (less if the setting says less). Keeping
 * costs the ingest path in proportion to what is held (the promotions above): with the view closed
 * the newest 256 KiB still show every recent chunk when it opens, at about a third of the cost of
 * 4 MiB on a fast stream (`npm run bench:diagnostics` with BENCH_WIRE_BYTES).
 */
export const WIRE_BYTES_WHILE_CLOSED = 256 * 1024;
/**
 * What one kept chunk costs besides its bytes (its typed array and the backing store's header),
 * counted against the bound, so a stream of tiny chunks cannot keep millions of them.
 */
export const CHUNK_COST = 128;

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
  /** Bytes of the kept chunks. */
  private kept = 0;
  /** Seq of the last record seen (StreamWatch sets it directly for events). */
  lastSeq = 0;
  private offset = 0;
  /** Chunks let go because the bound was reached, since the last clear. */
  dropped = 0;
  /** Chunks kept since the last clear, dropped ones included: a position for `since`. */
  total = 0;
  /** The bound in force: maxBytes, or less while nobody looks (see keepAtMost). */
  private limit: number;

  /**
   * @param maxBytes the bound on kept bytes, CHUNK_COST per chunk included (a single larger chunk is still kept, alone)
   * @param onChunk when set, each chunk as a record, synchronously (for `record --raw`)
   */
  constructor(
    readonly maxBytes: number = DEFAULT_WIRE_BYTES,
    private readonly emitChunk?: (record: ChunkRecord) => void,
  ) {
    this.limit = maxBytes;
  }

  /** The bound in force now (see keepAtMost). */
  get bound(): number {
    return this.limit;
  }

  /**
   * Sets the bound to `bytes`, never above maxBytes, letting the oldest chunks go at once if they
   * no longer fit; keepAtMost(maxBytes) restores the full bound for what comes next.
   */
  keepAtMost(bytes: number): void {
    this.limit = Math.max(0, Math.min(bytes, this.maxBytes));
    this.dropOldest(0);
  }

  /** Every record of the session, in order: chunks point at the last one. */
  record(record: StreamRecord): void {
    this.lastSeq = record.seq;
    if (record.kind === 'open') this.offset = 0;
  }

  /** A chunk of the body; `bytes` must not change afterwards (see ConnectionObserver.onChunk). */
  onChunk(bytes: Uint8Array, time: number): void {
    const n = bytes.length;
    const chunk: RawChunk = { seq: this.lastSeq, time, offset: this.offset, bytes };
    this.offset += n;
    if (this.emitChunk) this.emitChunk(toChunkRecord(chunk));
    if (this.maxBytes <= 0) return;
    // A view into a larger buffer would keep all of that buffer alive: keep a copy of its part.
    if (bytes.buffer.byteLength > n + CHUNK_COST && bytes.buffer.byteLength > 2 * n) chunk.bytes = new Uint8Array(bytes);
    this.dropOldest(n + CHUNK_COST);
    this.chunks.push(chunk);
    this.total++;
    this.kept += n;
    // Compact now and then so dropping stays O(1) per chunk.
    if (this.first > 1024 && this.first * 2 > this.chunks.length) {
      this.chunks = this.chunks.slice(this.first);
      this.first = 0;
    }
  }

  /** Lets the oldest chunks go until `room` more bytes fit under the bound (the newest one always stays). */
  private dropOldest(room: number): void {
    let count = this.chunks.length - this.first;
    while (count > (room > 0 ? 0 : 1) && this.kept + count * CHUNK_COST + room > this.limit) {
      this.kept -= this.chunks[this.first].bytes.length;
      this.chunks[this.first] = undefined as unknown as RawChunk; // let its bytes go now
      this.first++;
      this.dropped++;
      count--;
    }
  }

  /** Bytes kept now (without the CHUNK_COST per chunk). */
  get size(): number {
    return this.kept;
  }

  /** The kept chunks, oldest first. */
  raw(): RawChunk[] {
    return this.chunks.slice(this.first);
  }

  /** The kept chunks after the first `position` ever kept (see `total`), oldest first. */
  since(position: number): RawChunk[] {
    const keptCount = this.chunks.length - this.first;
    const skip = Math.max(0, position - (this.total - keptCount));
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
