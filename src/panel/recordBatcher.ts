/**
 * Coalesces records into one message per frame: a fast stream produces thousands of records a
 * second, and one postMessage per record would swamp the webview. Plain Node, no `vscode`.
 */
export class RecordBatcher<T> {
  private pending: T[] = [];
  private timer: NodeJS.Timeout | undefined;

  /**
   * @param flush receives each batch, oldest first; never called with an empty batch.
   * @param intervalMs how long records may wait (about one frame).
   */
  constructor(
    private readonly flush: (batch: T[]) => void,
    private readonly intervalMs = 16,
  ) {}

  add(item: T): void {
    this.pending.push(item);
    if (this.timer === undefined) {
      this.timer = setTimeout(() => this.flushNow(), this.intervalMs);
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
