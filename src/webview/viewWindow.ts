/**
 * The webview's side of the live view protocol: applies the host's frames to the row cache,
 * tells the host where the reader is, and fetches the rows on screen that it does not hold (one
 * fetch in flight at a time). No DOM: the app wires it to the table.
 */
import type { HostToWebview, ViewFrame, WebviewToHost } from '../shared/protocol';
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

  constructor(private readonly post: (message: WebviewToHost) => void) {}

  /** Starts over (init or cleared): nothing held, the filter version stays. */
  reset(): void {
    this.cache.clear();
    this.kept = 0;
    this.endPos = 0;
    this.searching = undefined;
    this.hostBase = 0;
    this.fetching = false;
  }

  /** A new filter goes to the host. */
  filterChanged(): void {
    this.cache.nextFilter();
    this.fetching = false;
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
    const base = this.cache.base;
    // Also while paused: the pause buffer keeps the newest rows, so resume shows them at once.
    const following = range.following;
    const viewport = `${base + range.firstVisible}:${base + range.lastVisible}:${following}`;
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
