/**
 * The webview's record store: the last `maxEvents` records, the event types seen with their
 * counts, and the filtered view (the positions of the records the filter lets through), kept
 * up to date incrementally as batches arrive. Pure: no DOM, unit-tested in Node.
 *
 * Every record gets a position when it arrives: 0, 1, 2, … since the last reset. Positions
 * never change, so selections and the view survive trimming; the oldest kept record is at
 * `firstPos` and the next one will be at `endPos`.
 */
import type { StreamRecord } from '../shared/records';
import type { CompiledFilter } from '../shared/filter';
import { PosList } from './posList';

/** What one `append` changed, so the table can keep its scroll anchor. */
export interface AppendResult {
  /** Records taken in. */
  added: number;
  /** Records let go from the front to stay within `maxEvents`. */
  dropped: number;
  /** Entries added to the filtered view. */
  viewAdded: number;
  /** Entries removed from the front of the filtered view by trimming. */
  viewDropped: number;
  /** True when a new event type appeared (the toolbar grows a toggle). */
  newTypes: boolean;
}

/** Compact the backing arrays once this many slots at the front are dead. */
const COMPACT_AT = 8192;

export class RecordStore {
  private recs: StreamRecord[] = [];
  /** Index in `recs` of the record at `firstPos`. */
  private head = 0;
  private first = 0;
  private totalDropped = 0;
  private readonly typeCounts = new Map<string, number>();
  /** The filtered view: ascending positions. */
  readonly view = new PosList();

  constructor(private max: number) {}

  /** Oldest kept position. */
  get firstPos(): number {
    return this.first;
  }

  /** Position the next record will get. */
  get endPos(): number {
    return this.first + this.size;
  }

  /** Records kept. */
  get size(): number {
    return this.recs.length - this.head;
  }

  get maxEvents(): number {
    return this.max;
  }

  /** Records let go since the last reset because the store was full. */
  get dropped(): number {
    return this.totalDropped;
  }

  /** Event types seen (first-seen order) with how many kept events have each. */
  get types(): ReadonlyMap<string, number> {
    return this.typeCounts;
  }

  /** Empties the store, and changes its capacity when one is given. */
  reset(maxEvents = this.max): void {
    this.max = Math.max(1, maxEvents);
    this.recs = [];
    this.head = 0;
    this.first = 0;
    this.totalDropped = 0;
    this.typeCounts.clear();
    this.view.clear();
  }

  /** The record at `pos`, if still kept. */
  at(pos: number): StreamRecord | undefined {
    if (pos < this.first || pos >= this.endPos) return undefined;
    return this.recs[this.head + pos - this.first];
  }

  /** Position of the kept record with this `seq`, or -1. Seqs ascend, so this is a binary search. */
  findSeq(seq: number): number {
    let lo = this.head;
    let hi = this.recs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const s = this.recs[mid].seq;
      if (s < seq) lo = mid + 1;
      else if (s > seq) hi = mid - 1;
      else return this.first + mid - this.head;
    }
    // Seqs could restart if a host ever mixed sessions; fall back to a scan rather than fail.
    for (let i = this.head; i < this.recs.length; i++) if (this.recs[i].seq === seq) return this.first + i - this.head;
    return -1;
  }

  /** Takes in a batch, trims to `maxEvents`, and extends the view with what `filter` lets through. */
  append(batch: readonly StreamRecord[], filter: CompiledFilter): AppendResult {
    // A batch larger than the store only needs its tail: everything before goes at once.
    const skip = Math.max(0, batch.length - this.max);
    let { newTypes, dropped, viewDropped } =
      skip > 0 ? this.dropAllAndSkip(batch, skip) : { newTypes: false, dropped: 0, viewDropped: 0 };
    let viewAdded = 0;
    for (let b = skip; b < batch.length; b++) {
      const rec = batch[b];
      const pos = this.endPos;
      this.recs.push(rec);
      if (rec.kind === 'event') {
        const count = this.typeCounts.get(rec.type);
        if (count === undefined) newTypes = true;
        this.typeCounts.set(rec.type, (count ?? 0) + 1);
      }
      if (filter.matches(rec)) {
        this.view.push(pos);
        viewAdded++;
      }
    }
    dropped += this.trim();
    viewDropped += this.view.dropBelow(this.first);
    return { added: batch.length, dropped, viewAdded, viewDropped, newTypes };
  }

  /** Rebuilds the view from scratch (after the filter changed). */
  refilter(filter: CompiledFilter): void {
    this.view.clear();
    const end = this.recs.length;
    for (let i = this.head, pos = this.first; i < end; i++, pos++) {
      if (filter.matches(this.recs[i])) this.view.push(pos);
    }
  }

  /**
   * For a batch bigger than the store: lets go of everything kept and of the batch's first
   * `skip` records (they still get positions and their types count as seen).
   */
  private dropAllAndSkip(
    batch: readonly StreamRecord[],
    skip: number,
  ): { newTypes: boolean; dropped: number; viewDropped: number } {
    let newTypes = false;
    const dropped = this.size + skip;
    const viewDropped = this.view.length;
    for (const type of this.typeCounts.keys()) this.typeCounts.set(type, 0);
    for (let b = 0; b < skip; b++) {
      const rec = batch[b];
      if (rec.kind === 'event' && !this.typeCounts.has(rec.type)) {
        this.typeCounts.set(rec.type, 0);
        newTypes = true;
      }
    }
    this.totalDropped += dropped;
    this.first = this.endPos + skip;
    this.recs = [];
    this.head = 0;
    this.view.clear();
    return { newTypes, dropped, viewDropped };
  }

  /** Drops the oldest records beyond `maxEvents`; returns how many. */
  private trim(): number {
    const excess = this.size - this.max;
    if (excess <= 0) return 0;
    for (let i = this.head; i < this.head + excess; i++) {
      const rec = this.recs[i];
      if (rec.kind === 'event') {
        const count = this.typeCounts.get(rec.type) ?? 0;
        // Keep the type with 0: its toggle (and the user's choice to hide it) stays put.
        this.typeCounts.set(rec.type, Math.max(0, count - 1));
      }
    }
    this.head += excess;
    this.first += excess;
    this.totalDropped += excess;
    if (this.head >= COMPACT_AT && this.head * 2 >= this.recs.length) {
      this.recs = this.recs.slice(this.head);
      this.head = 0;
    }
    return excess;
  }
}
