/**
 * A fixed-capacity log of records: when full, the oldest record goes to make room for the newest.
 * A ring buffer, so keeping hundreds of thousands of records costs no copying per push and
 * memory stays flat once the log is full, whatever the stream does.
 */
export class BoundedLog<T> {
  private readonly items: (T | undefined)[];
  private start = 0;
  private count = 0;
  private droppedCount = 0;
  /**
   * Called with each record the log lets go to make room, before the newest goes in (the live
   * view keeps its type counts and filtered positions in step with the log this way).
   */
  onEvict: ((item: T, pos: number) => void) | undefined;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`BoundedLog capacity must be a positive integer, got ${capacity}`);
    }
    this.items = new Array<T | undefined>(capacity);
  }

  /** Records held now (at most `capacity`). */
  get size(): number {
    return this.count;
  }

  /** Records let go because the log was full, since it was created or last cleared. */
  get dropped(): number {
    return this.droppedCount;
  }

  push(item: T): void {
    if (this.count < this.capacity) {
      this.items[(this.start + this.count) % this.capacity] = item;
      this.count++;
      return;
    }
    const evicted = this.items[this.start] as T;
    this.onEvict?.(evicted, this.droppedCount);
    this.items[this.start] = item;
    this.start = (this.start + 1) % this.capacity;
    this.droppedCount++;
  }

  /**
   * Position of the oldest record held. Every record gets a position when it is pushed: 0, 1,
   * 2, … since the log was created or cleared; positions never change, so they name records
   * across trimming.
   */
  get firstPos(): number {
    return this.droppedCount;
  }

  /** Position the next record will get. */
  get endPos(): number {
    return this.droppedCount + this.count;
  }

  /** The record at log position `pos`, if still held. */
  atPos(pos: number): T | undefined {
    return this.at(pos - this.droppedCount);
  }

  pushAll(items: readonly T[]): void {
    for (const item of items) this.push(item);
  }

  /** The i-th oldest record held (0 is the oldest). */
  at(index: number): T | undefined {
    if (index < 0 || index >= this.count) return undefined;
    return this.items[(this.start + index) % this.capacity];
  }

  /** Oldest first. */
  toArray(): T[] {
    const out = new Array<T>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.items[(this.start + i) % this.capacity] as T;
    return out;
  }

  find(predicate: (item: T) => boolean): T | undefined {
    for (let i = 0; i < this.count; i++) {
      const item = this.items[(this.start + i) % this.capacity] as T;
      if (predicate(item)) return item;
    }
    return undefined;
  }

  clear(): void {
    this.items.fill(undefined);
    this.start = 0;
    this.count = 0;
    this.droppedCount = 0;
  }
}
