/**
 * Memory for the views' position lists, handed back and forth instead of allocated per filter.
 * Each new filter used to fill a fresh Float64Array, doubling through new ones as it grew: memory
 * never touched costs a page fault per 4 KiB on first write (on these VMs that, the copies and
 * the collections the external memory set off took more time than testing the records), while a
 * buffer a dropped view let go is already in place. Bounded: a few buffers, in all room for at
 * most twice the log's capacity in positions. Plain Node, no `vscode`.
 */

/** Buffers kept at most. */
const MAX_BUFFERS = 3;
/** Positions kept at most in all, as a multiple of the log's capacity. */
const MAX_POSITIONS_PER_CAPACITY = 2;
/** No buffer handed out is smaller (a view of a live stream grows from here by doubling). */
export const MIN_VIEW_BUFFER = 1024;

export class PosBuffers {
  private readonly free: Float64Array[] = [];

  constructor(private readonly capacity: number) {}

  /** Positions the kept buffers have room for (for tests). */
  get kept(): number {
    return this.free.reduce((sum, buffer) => sum + buffer.length, 0);
  }

  /** A buffer with room for at least `positions`: the smallest kept one that fits, or a new one. */
  take(positions: number): Float64Array {
    const wanted = Math.max(MIN_VIEW_BUFFER, positions);
    let best = -1;
    for (let i = 0; i < this.free.length; i++) {
      if (this.free[i].length >= wanted && (best < 0 || this.free[i].length < this.free[best].length)) best = i;
    }
    if (best >= 0) return this.free.splice(best, 1)[0];
    return new Float64Array(wanted);
  }

  /** Keeps a buffer no list uses any more, dropping the smallest kept ones beyond the bounds. */
  give(buffer: Float64Array): void {
    if (buffer.length < MIN_VIEW_BUFFER) return;
    this.free.push(buffer);
    this.free.sort((a, b) => b.length - a.length);
    const limit = this.capacity * MAX_POSITIONS_PER_CAPACITY;
    while (this.free.length > MAX_BUFFERS || (this.free.length > 0 && this.kept > limit)) this.free.pop();
  }

  clear(): void {
    this.free.length = 0;
  }
}
