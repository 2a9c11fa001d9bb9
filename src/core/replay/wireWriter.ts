/**
 * Puts bytes on one response the way the faults ask: a BOM first, gzip flushed after each block,
 * and pieces of K (or random) bytes, each its own write with a pause of at least a millisecond
 * so that it leaves in its own TCP segment and reaches the client's parser alone. Waits for
 * `drain` instead of buffering without bound when the client reads slowly.
 */
import type { ServerResponse } from 'node:http';
import { constants, createGzip, type Gzip } from 'node:zlib';
import type { Faults } from './faults';

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Random piece sizes stay small, so that fields, CRLF pairs and characters get split. */
const RANDOM_PIECE_MAX = 12;

export class WireWriter {
  private readonly gzip: Gzip | undefined;
  private compressed: Buffer[] = [];
  private bomPending: boolean;

  constructor(
    private readonly res: ServerResponse,
    private readonly faults: Faults,
    private readonly signal: AbortSignal,
  ) {
    this.bomPending = faults.bom === true;
    if (faults.gzip) {
      this.gzip = createGzip();
      this.gzip.on('data', (chunk: Buffer) => this.compressed.push(chunk));
    }
  }

  /**
   * Sends one block (compressed and flushed when gzip is on); resolves when it may go on, or
   * with `flushed` once the bytes reached the socket (before destroying it).
   */
  async write(bytes: Buffer, flushed = false): Promise<void> {
    if (this.bomPending) {
      this.bomPending = false;
      bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
    }
    await this.send(await this.compress(bytes, false), flushed);
  }

  /** Ends the response: the gzip trailer, then the end of the body. */
  async end(): Promise<void> {
    if (this.gzip) await this.send(await this.compress(Buffer.alloc(0), true));
    if (!this.signal.aborted) this.res.end();
  }

  private compress(bytes: Buffer, last: boolean): Promise<Buffer> {
    const gzip = this.gzip;
    if (!gzip) return Promise.resolve(bytes);
    return new Promise((resolve) => {
      const take = (): void => {
        const out = Buffer.concat(this.compressed);
        this.compressed = [];
        resolve(out);
      };
      if (last) {
        gzip.once('end', take);
        gzip.end(bytes);
      } else {
        gzip.write(bytes);
        // SYNC_FLUSH: everything written so far comes out now, ending on a byte boundary.
        gzip.flush(constants.Z_SYNC_FLUSH, take);
      }
    });
  }

  private async send(bytes: Buffer, flushed = false): Promise<void> {
    if (bytes.length === 0 || this.signal.aborted) return;
    const size = this.faults.chunkBytes;
    if (size === undefined) {
      await this.writeOnce(bytes, flushed);
      return;
    }
    for (let at = 0; at < bytes.length && !this.signal.aborted; ) {
      const n = size === 'random' ? 1 + Math.floor(Math.random() * RANDOM_PIECE_MAX) : size;
      const piece = bytes.subarray(at, at + n);
      at += piece.length;
      await this.writeOnce(piece, true);
      // A pause after each piece, so the next one cannot join it in the same segment.
      await sleep(1, this.signal);
    }
  }

  /** One write; waits for it to reach the socket when `flushed`, else only for drain. */
  private writeOnce(bytes: Buffer, flushed: boolean): Promise<void> {
    return new Promise((resolve) => {
      const onClose = (): void => resolve();
      this.signal.addEventListener('abort', onClose, { once: true });
      const finish = (): void => {
        this.signal.removeEventListener('abort', onClose);
        resolve();
      };
      const ok = this.res.write(bytes, flushed ? () => finish() : undefined);
      if (flushed) return;
      if (ok) finish();
      else this.res.once('drain', finish);
    });
  }
}
