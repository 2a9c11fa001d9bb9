/**
 * The webview's side of the live view protocol: applies the host's frames to the row cache,
 * tells the host where the reader is, and fetches the rows on screen that it does not hold (one
 * fetch in flight at a time). No DOM: the app wires it to the table.
 */
import type { CompiledFilter } from '../shared/filter';
import type { HostToWebview, ViewFilter, ViewFrame, WebviewToHost } from '../shared/protocol';
import { fillsScreen, narrowedTail, SeenViews, SEEN_ROWS, type HeldTail } from './filterPreview';
import { RowCache, type ViewChange } from './store';

/** Rows asked for in one fetch at most (a screen is about 40). */
const FETCH_ROWS = 200;

/** What the table rendered (see TableEvents.rendered). */
export interface RenderedRange {
  first: number;
  last: number;
  firstVisible: number;
  lastVisible: number;
  following: boolean;
}

export class ViewWindow {
  readonly cache = new RowCache();
  /** Counters as of the last frame applied. */
  kept = 0;
  endPos = 0;
  searching: number | undefined;
  private fetching = false;
  /** The host's view start as last reported: rows below it are gone, never fetched. */
  private hostBase = 0;
  private lastViewport = '';
  /** What the table showed last: whether it follows the newest rows, and how many fit. */
  private lastRange: RenderedRange | undefined;
  /** The filter of each version asked for (from the held rows' version on). */
  private readonly asked = new Map<number, ViewFilter>();
  /** The newest rows of views shown lately, for previews (see filterPreview.ts). */
  private readonly seen = new SeenViews();

  constructor(private readonly post: (message: WebviewToHost) => void) {}

  /** Starts over (init or cleared): nothing held, the filter version stays. */
  reset(): void {
    this.cache.clear();
    this.kept = 0;
    this.endPos = 0;
    this.searching = undefined;
    this.hostBase = 0;
    this.fetching = false;
    this.seen.clear();
  }

  /** The host's answer to the current filter is not (all) on screen yet. */
  get busy(): boolean {
    return this.cache.stale || this.cache.preview || this.searching !== undefined;
  }

  /** The filter the host answers the current version with (the one it started with). */
  hostFilter(filter: ViewFilter): void {
    this.asked.set(this.cache.filterVersion, filter);
  }

  /**
   * A new filter goes to the host. With `preview` (the filter compiled, and the app not paused),
   * the webview shows its own answer meanwhile when it can (filterPreview.ts); returns whether it did.
   */
  filterChanged(filter: ViewFilter, preview?: CompiledFilter): boolean {
    const held = this.heldAnswer();
    if (held && held.tail.rows.length > 0) this.seen.remember(held.filter, held.tail, this);
    this.asked.set(this.cache.nextFilter(), filter);
    this.fetching = false;
    const range = this.lastRange;
    if (!preview || !range?.following) return false;
    const tail = (held && narrowedTail(held.filter, held.tail, preview)) ?? this.seen.recall(filter, this);
    if (!tail || !fillsScreen(tail, range.lastVisible - range.firstVisible + 1)) return false;
    this.cache.showPreview(tail.rows, tail.whole);
    return true;
  }

  /**
   * The filter the rows held answer and their newest rows, when they answer it in full (the
   * host's complete answer, or a preview of one); undefined when stale or half scanned.
   */
  private heldAnswer(): { filter: ViewFilter; tail: HeldTail } | undefined {
    const filter = this.asked.get(this.cache.heldVersion);
    if (filter === undefined || this.cache.stale || (!this.cache.preview && this.searching !== undefined)) return undefined;
    return { filter, tail: this.cache.heldTail(SEEN_ROWS) };
  }

  /** Applies a frame's view; undefined when it answers an older filter (only counters taken). */
  applyFrame(frame: ViewFrame): (ViewChange & { rowsAdded: boolean }) | undefined {
    this.kept = frame.kept;
    this.endPos = frame.endPos;
    this.searching = frame.searching;
    const change = this.cache.applyView(frame.filterVersion, frame.viewBase, frame.viewLength);
    if (!change) return undefined;
    if (change.replaced) {
      this.hostBase = frame.viewBase;
      this.fetching = false;
      for (const version of this.asked.keys()) if (version < frame.filterVersion) this.asked.delete(version);
    }
    this.hostBase = Math.max(this.hostBase, frame.viewBase);
    const rowsAdded = frame.tail !== undefined && this.cache.addRows(frame.filterVersion, frame.tail.from, frame.tail.rows);
    return { ...change, rowsAdded };
  }

  /** The answer to a fetch; true when rows were taken. */
  applyRows(message: Extract<HostToWebview, { type: 'rows' }>): boolean {
    this.fetching = false;
    if (message.filterVersion === this.cache.filterVersion) this.hostBase = Math.max(this.hostBase, message.viewBase);
    return this.cache.addRows(message.filterVersion, message.from, message.rows);
  }

  /** After a render: tell the host where the reader is (only on change), and load what is missing. */
  rendered(range: RenderedRange): void {
    this.lastRange = range;
    // A preview's rows are numbered on their own: nothing to tell the host or fetch until its answer.
    if (this.cache.holdsPreview) return;
    const base = this.cache.base;
    // Also while paused: the pause buffer keeps the newest rows, so resume shows them at once.
    const following = range.following;
    // While following, the host sends the newest rows whatever the position and needs only how
    // many fit on screen: a message per frame that moved with the tail would cost the way back
    // through the workbench once per frame for nothing.
    const viewport = following ? `following:${range.lastVisible - range.firstVisible}` : `${base + range.firstVisible}:${base + range.lastVisible}`;
    if (viewport !== this.lastViewport) {
      this.lastViewport = viewport;
      this.post({ type: 'viewport', from: base + range.firstVisible, to: base + range.lastVisible, following });
    }
    this.cache.trimAround(range.firstVisible);
    // Rows of an older filter are on screen until the host's frame for the new one comes.
    if (this.fetching || this.cache.stale) return;
    const missing = this.cache.missing(Math.max(range.first, this.hostBase - base), range.last, FETCH_ROWS);
    if (!missing) return;
    this.fetching = true;
    this.post({ type: 'fetch', from: base + missing.from, to: base + missing.to, filterVersion: this.cache.filterVersion });
  }
}
