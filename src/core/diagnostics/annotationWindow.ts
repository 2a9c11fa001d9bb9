/**
 * The annotations (diagnostic and chunk records) of a recording being read, bounded: the newest
 * MAX_DIAGNOSTICS diagnostics and the newest chunks up to `maxChunkBytes`, so a `record --raw`
 * file of any size opens in bounded memory.
 */
import type { AnnotationRecord, ChunkRecord, DiagnosticRecord } from '../../shared/records';

const MAX_DIAGNOSTICS = 100;
/** Chunk bytes kept from a recording by default (the panel keeps what its setting allows of them). */
export const RECORDING_CHUNK_BYTES = 16 * 1024 * 1024;

export class AnnotationWindow {
  private diagnostics: DiagnosticRecord[] = [];
  private chunks: ChunkRecord[] = [];
  private first = 0;
  private chunkBytes = 0;

  constructor(private readonly maxChunkBytes = RECORDING_CHUNK_BYTES) {}

  push(annotation: AnnotationRecord): void {
    if (annotation.kind === 'diagnostic') {
      this.diagnostics.push(annotation);
      if (this.diagnostics.length > MAX_DIAGNOSTICS * 2) this.diagnostics = this.diagnostics.slice(-MAX_DIAGNOSTICS);
      return;
    }
    this.chunks.push(annotation);
    this.chunkBytes += annotation.bytes;
    while (this.chunkBytes > this.maxChunkBytes && this.first < this.chunks.length - 1) this.chunkBytes -= this.chunks[this.first++].bytes;
    if (this.first > 1024 && this.first * 2 > this.chunks.length) {
      this.chunks = this.chunks.slice(this.first);
      this.first = 0;
    }
  }

  /** Diagnostics then chunks, each oldest first. */
  toArray(): AnnotationRecord[] {
    return [...this.diagnostics.slice(-MAX_DIAGNOSTICS), ...this.chunks.slice(this.first)];
  }
}
