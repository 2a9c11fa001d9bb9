/**
 * Finished views of recent filters, so that going back to one (deleting a character of a search,
 * showing a type again) costs only the records logged since, not a scan of the whole log.
 * Bounded: a few views, and in all room for at most a few times the log's capacity in positions
 * (8 bytes each), the least recently used going first. Plain Node, no `vscode`.
 */
import type { PosList } from '../shared/posList';

/** A view as its scan left it: the matching positions, and where the scan stopped. */
export interface FinishedView {
  readonly view: PosList;
  /** Log position the view has tested up to (records from here on are untested). */
  readonly cursor: number;
}

/** Views kept at most. */
const MAX_VIEWS = 8;
/** Positions kept at most in all, as a multiple of the log's capacity. */
const MAX_POSITIONS_PER_CAPACITY = 4;

export class ViewCache {
  /** Insertion order is recency: the first entry is the least recently stored. */
  private readonly views = new Map<string, FinishedView>();
  private positions = 0;

  /** @param dropped takes the memory of each view let go (trimmed, pushed out or cleared). */
  constructor(
    private readonly capacity: number,
    private readonly dropped: (buffer: Float64Array) => void = () => undefined,
  ) {}

  get size(): number {
    return this.views.size;
  }

  /** Keeps a finished view under its filter's key (see filterKey). */
  store(key: string, view: FinishedView): void {
    this.take(key);
    // Growing by doubling left up to half of it empty: keep only the entries.
    const spare = view.view.trim();
    if (spare) this.dropped(spare);
    this.views.set(key, view);
    this.positions += view.view.footprint;
    for (const [oldest, entry] of this.views) {
      if (this.views.size <= MAX_VIEWS && this.positions <= this.capacity * MAX_POSITIONS_PER_CAPACITY) break;
      // The view just stored stays whatever its size: its caller goes on reading it (a narrowing
      // scan tests its positions), so its memory must not be handed to another list.
      if (oldest === key) break;
      this.views.delete(oldest);
      this.positions -= entry.view.footprint;
      this.dropped(entry.view.release());
    }
  }

  /** Removes and returns the view kept for `key`: the caller owns it from now on. */
  take(key: string): FinishedView | undefined {
    const entry = this.views.get(key);
    if (!entry) return undefined;
    this.views.delete(key);
    this.positions -= entry.view.footprint;
    return entry;
  }

  /** The log was emptied: positions start over, so no kept view means anything. */
  clear(): void {
    for (const entry of this.views.values()) this.dropped(entry.view.release());
    this.views.clear();
    this.positions = 0;
  }
}
