/**
 * A growable list of ascending record positions with cheap removal from the front: the
 * filtered view. Backed by a Float64Array so 100,000s of entries cost 8 bytes each and no
 * garbage (positions are integers well below 2^53).
 */
export class PosList {
  private buf: Float64Array;
  private head = 0;
  private tail = 0;

  /** @param buffer memory to fill (its contents are ignored); a new 1,024 entries by default. */
  constructor(buffer?: Float64Array) {
    this.buf = buffer && buffer.length >= 16 ? buffer : new Float64Array(1024);
  }

  get length(): number {
    return this.tail - this.head;
  }

  /** Entries the list's memory holds room for (8 bytes each): what it costs to keep. */
  get footprint(): number {
    return this.buf.length;
  }

  /** The i-th position (0 = oldest). Undefined outside the list. */
  get(i: number): number | undefined {
    return i >= 0 && i < this.length ? this.buf[this.head + i] : undefined;
  }

  /** Appends a position; callers keep positions ascending. */
  push(pos: number): void {
    if (this.tail === this.buf.length) this.grow();
    this.buf[this.tail++] = pos;
  }

  /** Removes leading positions below `pos`; returns how many went. */
  dropBelow(pos: number): number {
    const start = this.head;
    while (this.head < this.tail && this.buf[this.head] < pos) this.head++;
    return this.head - start;
  }

  /**
   * Gives back the room beyond its entries when more than half of it is empty (a list put aside
   * keeps about what it holds; a fuller one stays where it is rather than being copied into new
   * memory). Returns the memory it let go, for someone else to fill.
   */
  trim(): Float64Array | undefined {
    // Some room stays, so that growing by doubling still works for an empty or tiny list.
    const room = Math.max(this.length, 16);
    if (this.buf.length <= room * 2) return undefined;
    const next = new Float64Array(room);
    next.set(this.buf.subarray(this.head, this.tail));
    const old = this.buf;
    this.tail -= this.head;
    this.head = 0;
    this.buf = next;
    return old;
  }

  /** Empties the list and hands over its memory (the list keeps a small buffer of its own). */
  release(): Float64Array {
    const old = this.buf;
    this.buf = new Float64Array(16);
    this.head = 0;
    this.tail = 0;
    return old;
  }

  clear(): void {
    this.head = 0;
    this.tail = 0;
  }

  /** Index of `pos`, or of the first entry above it as `-(index) - 1` (like Java's binarySearch). */
  indexOf(pos: number): number {
    let lo = this.head;
    let hi = this.tail - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = this.buf[mid];
      if (v < pos) lo = mid + 1;
      else if (v > pos) hi = mid - 1;
      else return mid - this.head;
    }
    return -(lo - this.head) - 1;
  }

  /** A plain copy, for tests and debugging. */
  toArray(): number[] {
    return Array.from(this.buf.subarray(this.head, this.tail));
  }

  private grow(): void {
    const live = this.length;
    // Reuse the space freed at the front when it is at least half the buffer; otherwise double.
    const next = this.head >= this.buf.length / 2 ? this.buf : new Float64Array(this.buf.length * 2);
    if (next === this.buf) this.buf.copyWithin(0, this.head, this.tail);
    else next.set(this.buf.subarray(this.head, this.tail));
    this.buf = next;
    this.head = 0;
    this.tail = live;
  }
}
