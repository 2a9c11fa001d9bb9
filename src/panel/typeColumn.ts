/**
 * What each kept record is, as a small number in a ring beside the log: an event's type, a
 * comment, or any other row. A filter without a search (type toggles, comments shown or hidden)
 * then decides each position from this column alone, a couple of bytes read in order, instead of
 * reaching every record object in the heap (the scan's main cost at 100,000 kept). Plain Node,
 * no `vscode`.
 */
import type { StreamRecord } from '../shared/records';
import type { CompiledFilter } from '../shared/filter';

/** Connection steps, errors and every other row that is neither an event nor a comment. */
const OTHER = 0;
const COMMENT = 1;
/** Event types get numbers from here on. */
const FIRST_TYPE = 2;
/**
 * Distinct event types numbered at most, since the log was created or emptied. A stream that
 * keeps inventing types goes past it; the column then stops answering (filters test records, as
 * they would without it) rather than keep a name for every type it ever saw.
 */
export const MAX_COLUMN_TYPES = 4096;

export class TypeColumn {
  private readonly ids: Uint16Array;
  private readonly idOfType = new Map<string, number>();
  private full = false;
  /** The current filter's answer per number (1 shown, 0 hidden); undefined when it has none. */
  private shown: Uint8Array | undefined;
  private compiled: CompiledFilter | undefined;

  constructor(private readonly capacity: number) {
    this.ids = new Uint16Array(capacity);
  }

  /** Whether passes() answers for the current filter: it has no search and the column is not full. */
  get answers(): boolean {
    return this.shown !== undefined;
  }

  /**
   * Takes the filter the view now follows. Without an active search, the filter's toggles decide
   * each number once (CompiledFilter.passesToggles; types numbered later when they are numbered).
   */
  follow(compiled: CompiledFilter): void {
    this.compiled = compiled;
    if (this.full || compiled.search.active) {
      this.shown = undefined;
      return;
    }
    const shown = new Uint8Array(FIRST_TYPE + MAX_COLUMN_TYPES);
    // Any kind but event and comment stands for all the other rows: the toggles treat them alike.
    shown[OTHER] = compiled.passesToggles('open', '') ? 1 : 0;
    shown[COMMENT] = compiled.passesToggles('comment', '') ? 1 : 0;
    for (const [type, id] of this.idOfType) shown[id] = compiled.passesToggles('event', type) ? 1 : 0;
    this.shown = shown;
  }

  /** Notes what the record at `pos` is (the log keeps it in slot pos % capacity too). */
  set(pos: number, record: StreamRecord): void {
    if (this.full) return;
    let id = OTHER;
    if (record.kind === 'comment') id = COMMENT;
    else if (record.kind === 'event') {
      const known = this.idOfType.get(record.type);
      if (known !== undefined) id = known;
      else if (this.idOfType.size >= MAX_COLUMN_TYPES) {
        this.full = true;
        this.shown = undefined;
        return;
      } else {
        id = FIRST_TYPE + this.idOfType.size;
        this.idOfType.set(record.type, id);
        if (this.shown && this.compiled) this.shown[id] = this.compiled.passesToggles('event', record.type) ? 1 : 0;
      }
    }
    this.ids[pos % this.capacity] = id;
  }

  /** The log was emptied: numbering starts over (the filter stays). */
  clear(): void {
    this.idOfType.clear();
    this.full = false;
    if (this.compiled) this.follow(this.compiled);
  }

  /** Whether the current filter shows the record at `pos`. Only when `answers`. */
  passes(pos: number): boolean {
    return (this.shown as Uint8Array)[this.ids[pos % this.capacity]] === 1;
  }
}
