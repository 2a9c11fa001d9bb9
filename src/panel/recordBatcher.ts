/**
 * Coalesces records into one message per frame: a fast stream produces thousands of records a
 * second, and one postMessage per record would swamp the webview. Under load it waits a little
 * longer between messages: each message costs VS Code's host-to-webview relay about the same
 * whatever its size, and measured at 20,000 events/s (bench:live) three frames per message keep
 * the newest row fresher than one. A quiet stream still gets one message per frame.
 * Plain Node, no `vscode`.
 */

/** A batch this large means the stream is fast. */
const BUSY_BATCH = 256;
/** How many intervals to wait between messages while the stream is fast. */
const BUSY_FACTOR = 3;

export class RecordBatcher<T> {
  private pending: T[] = [];
  private timer: NodeJS.Timeout | undefined;
  private busy = false;

  /**
   * @param flush receives each batch, oldest first; never called with an empty batch.
   * @param intervalMs how long records may wait while the stream is quiet (about one frame).
   */
  constructor(
    private readonly flush: (batch: T[]) => void,
    private readonly intervalMs = 16,
  ) {}

  /** How long the next record may wait before it is sent. */
  get currentIntervalMs(): number {
    return this.busy ? this.intervalMs * BUSY_FACTOR : this.intervalMs;
  }

  add(item: T): void {
    this.pending.push(item);
    if (this.timer === undefined) {
      this.timer = setTimeout(() => this.flushNow(), this.currentIntervalMs);
    }
  }

  /** Sends what is waiting at once (before a state change the webview must see in order). */
  flushNow(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.busy = batch.length >= BUSY_BATCH;
    this.flush(batch);
  }

  /** Forgets what is waiting (Clear, or the webview is gone and will get a full replay). */
  discard(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.pending = [];
  }
}
