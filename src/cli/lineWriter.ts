/**
 * Writes NDJSON lines to stdout or a file without one system call per line: lines are batched
 * and flushed on the next turn of the event loop (or when a batch grows large).
 *
 * Backpressure: when the output cannot keep up (a slow or stalled pipe, a slow disk), `write()`
 * of the stream says so and the writer tells its owner to stop producing (`onBlocked`), then to
 * go on once the stream has drained (`onDrained`). The owner pauses the socket read, so memory
 * stays bounded by one batch plus one chunk's records, whatever the consumer does.
 */
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';

const FLUSH_CHARS = 256 * 1024;

/** Told when output piles up, when it has drained, and when it broke. */
export interface BackpressureListener {
  onBlocked(): void;
  onDrained(): void;
  /** The output cannot be written any more (EPIPE: the reader went away; ENOSPC, ...). Later lines are dropped. */
  onFailed(error: Error): void;
}

export class LineWriter {
  private batch: string[] = [];
  private batchChars = 0;
  private scheduled = false;
  private blocked = false;
  /** Set once the stream failed: nothing more is written, close() does not wait. */
  private failed: Error | undefined;
  private listener: BackpressureListener | undefined;
  private readonly drained = () => {
    this.blocked = false;
    this.listener?.onDrained();
  };

  private constructor(
    private readonly stream: Writable,
    private readonly ownsStream: boolean,
  ) {
    stream.on('error', (error: Error) => {
      if (this.failed) return;
      this.failed = error;
      this.batch.length = 0;
      this.batchChars = 0;
      this.listener?.onFailed(error);
    });
  }

  /** To a file (created or truncated), or stdout when `path` is undefined or "-". */
  static open(path: string | undefined): LineWriter {
    if (path === undefined || path === '-') return new LineWriter(process.stdout, false);
    return new LineWriter(createWriteStream(path), true);
  }

  /** Calls `listener` when the file cannot be written (a missing folder, a full disk). */
  onError(listener: (error: Error) => void): void {
    this.stream.once('error', listener);
  }

  /** Who hears that the output is blocked or drained (one listener). */
  setBackpressureListener(listener: BackpressureListener): void {
    this.listener = listener;
  }

  /** True while the stream holds more than it wants: the producer should wait for drain. */
  get isBlocked(): boolean {
    return this.blocked;
  }

  write(line: string): void {
    if (this.failed) return;
    this.batch.push(line);
    this.batchChars += line.length;
    if (this.batchChars >= FLUSH_CHARS) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Whole lines already encoded as UTF-8 (the capture proxy's inspector thread makes them). */
  writeBytes(bytes: Uint8Array): void {
    if (this.failed) return;
    this.flush();
    this.send(bytes);
  }

  flush(): void {
    this.scheduled = false;
    if (this.batch.length === 0 || this.failed) return;
    const text = this.batch.join('');
    // One array for every batch: a fresh `[]` starts with small-integer elements and turns into an
    // array of strings at its first line, and with both kinds seen at `write`, V8 stops inlining
    // its push (a builtin call per line, measured in bench:merge --instructions).
    this.batch.length = 0;
    this.batchChars = 0;
    this.send(text);
  }

  private send(chunk: string | Uint8Array): void {
    if (!this.stream.write(chunk) && !this.blocked) {
      this.blocked = true;
      this.stream.once('drain', this.drained);
      this.listener?.onBlocked();
    }
  }

  /** The error that stopped the output, if one did. */
  get error(): Error | undefined {
    return this.failed;
  }

  /** Flushes and, for a file, closes it; resolves once everything is handed to the OS (or the output failed). */
  async close(): Promise<void> {
    this.flush();
    this.stream.removeListener('drain', this.drained);
    this.listener = undefined;
    if (this.failed) {
      if (this.ownsStream) this.stream.destroy();
      return;
    }
    await new Promise<void>((resolve) => {
      // A failure while closing resolves too: `error` says what happened.
      this.stream.once('error', () => resolve());
      if (this.ownsStream) {
        this.stream.end(resolve);
      } else {
        // stdout is never ended; an empty write's callback runs once earlier writes are flushed.
        this.stream.write('', () => resolve());
      }
    });
  }
}
