/**
 * The session's log: a fixed-capacity record of the newest records, the one complete copy of
 * what the panel shows and exports. When full, the oldest record goes to make room for the
 * newest. Records arrive as objects and wait in an open run; every BLOCK_SIZE records the run is
 * sealed into columns (recordBlock.ts), so what the log keeps costs the garbage collector a few
 * objects per block rather than several per record, and memory stays flat once the log is full.
 *
 * Every record gets a position when it is pushed: 0, 1, 2, … since the log was created or
 * cleared. Positions never change, so they name records across trimming. Reading a position
 * returns a record equal to the one pushed (a sealed one is built again, so not the same object).
 * Plain Node, no `vscode`.
 */
import type { StreamRecord } from '../shared/records';
import { BLOCK_SIZE, SealedBlock } from './recordBlock';

export class RecordLog {
  /** Sealed blocks, oldest first, each BLOCK_SIZE records; the first may hold let-go records. */
  private sealed: SealedBlock[] = [];
  /** The newest records, fewer than BLOCK_SIZE, not yet sealed. */
  private open: StreamRecord[] = [];
  /** Position of the first record of sealed[0] (of `open` when nothing is sealed). */
  private base = 0;
  private first = 0;
  private end = 0;
  /**
   * Called with the position of each record the log lets go to make room, before the newest goes
   * in (the live view keeps its type counts and filtered positions in step with the log this way;
   * eventTypeAt still answers for that position during the call).
   */
  onEvict: ((pos: number) => void) | undefined;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`The log's capacity must be a positive integer, got ${capacity}`);
    }
  }

  /** Records held now (at most `capacity`). */
  get size(): number {
    return this.end - this.first;
  }

  /** Records let go because the log was full, since it was created or last cleared. */
  get dropped(): number {
    return this.first;
  }

  /** Position of the oldest record held. */
  get firstPos(): number {
    return this.first;
  }

  /** Position the next record will get. */
  get endPos(): number {
    return this.end;
  }

  push(record: StreamRecord): void {
    if (this.end - this.first >= this.capacity) {
      this.onEvict?.(this.first);
      this.first++;
    }
    this.open.push(record);
    this.end++;
    if (this.open.length === BLOCK_SIZE) {
      this.sealed.push(new SealedBlock(this.open));
      this.open = [];
    }
    // A block whose every record was let go goes with them (with a capacity under a block, one
    // may go as soon as it is sealed).
    while (this.sealed.length > 0 && this.first >= this.base + BLOCK_SIZE) {
      this.sealed.shift();
      this.base += BLOCK_SIZE;
    }
  }

  pushAll(records: readonly StreamRecord[]): void {
    for (const record of records) this.push(record);
  }

  /**
   * The block holding `pos`, which must be held: an index into `sealed`, or `sealed.length` for
   * the open run. The record's index in it is `pos - base - block * BLOCK_SIZE` either way.
   */
  private blockOf(pos: number): number {
    return Math.floor((pos - this.base) / BLOCK_SIZE);
  }

  private holds(pos: number): boolean {
    return pos >= this.first && pos < this.end;
  }

  /** The record at log position `pos`, if still held. */
  atPos(pos: number): StreamRecord | undefined {
    if (!this.holds(pos)) return undefined;
    const block = this.blockOf(pos);
    const index = pos - this.base - block * BLOCK_SIZE;
    return block < this.sealed.length ? this.sealed[block].get(index) : this.open[index];
  }

  /** The type of the event at `pos`, or undefined for another kind of record or a position not held. */
  eventTypeAt(pos: number): string | undefined {
    if (!this.holds(pos)) return undefined;
    const block = this.blockOf(pos);
    const index = pos - this.base - block * BLOCK_SIZE;
    if (block < this.sealed.length) return this.sealed[block].eventType(index);
    const record = this.open[index];
    return record.kind === 'event' ? record.type : undefined;
  }

  /** The end position of the sealed block that holds `pos`, or `pos` when it is not sealed. */
  sealedEnd(pos: number): number {
    if (!this.holds(pos)) return pos;
    const block = this.blockOf(pos);
    return block < this.sealed.length ? this.base + (block + 1) * BLOCK_SIZE : pos;
  }

  /**
   * Whether any record of the sealed block holding `pos` may match a plain-text search
   * (CompiledSearch.mayMatchWithin); true when `pos` is not in a sealed block.
   */
  sealedMayMatch(pos: number, mayMatchWithin: (text: string) => boolean): boolean {
    if (!this.holds(pos)) return true;
    const block = this.blockOf(pos);
    return block >= this.sealed.length || this.sealed[block].mayHoldMatch(mayMatchWithin);
  }

  /** The i-th oldest record held (0 is the oldest). */
  at(index: number): StreamRecord | undefined {
    return index < 0 ? undefined : this.atPos(this.first + index);
  }

  /** Oldest first. */
  toArray(): StreamRecord[] {
    const out = new Array<StreamRecord>(this.size);
    for (let pos = this.first; pos < this.end; pos++) out[pos - this.first] = this.atPos(pos) as StreamRecord;
    return out;
  }

  find(predicate: (record: StreamRecord) => boolean): StreamRecord | undefined {
    for (let pos = this.first; pos < this.end; pos++) {
      const record = this.atPos(pos) as StreamRecord;
      if (predicate(record)) return record;
    }
    return undefined;
  }

  clear(): void {
    this.sealed = [];
    this.open = [];
    this.base = 0;
    this.first = 0;
    this.end = 0;
  }
}
