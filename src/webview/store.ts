/**
 * The webview's window on the host's view: the view's length and first ordinal, and the rows
 * it has been sent, by ordinal (bounded: rows far from the reader go). The host keeps the log,
 * the filter and the matching positions; this keeps only what is on or near the screen, so its
 * memory does not grow with `maxEvents`. Pure: no DOM, unit-tested in Node.
 *
 * Rows are named by ordinal: the view's first row has ordinal `base`, and ordinals never change
 * while the filter stays (the host's trimming raises `base`). A new filter starts a new version:
 * until the host's first frame for it arrives, the old rows stay on screen (no flash of empty).
 */
import type { WireRow } from '../shared/protocol';
import type { HeldTail } from './filterPreview';

/** How many rows the window keeps by default: many screens' worth, a small fixed cost. */
export const DEFAULT_CACHE_ROWS = 5000;

/** What applying a view change did, so the table can keep its scroll anchor. */
export interface ViewChange {
  /** Rows gone from the front of the view (the log trimmed) since the last change. */
  removedAbove: number;
  /** The rows belong to a new filter: everything shown was replaced. */
  replaced: boolean;
}

export class RowCache {
  private readonly rows = new Map<number, WireRow>();
  /** Filter version of the rows held. */
  private version = 0;
  /** Filter version asked for last (the host answers with it). */
  private wanted = 0;
  private first = 0;
  private count = 0;
  /** The rows held are a preview (see showPreview): the host's answer replaces them whole. */
  private previewing = false;
  /** The preview holds every row of the view, not only its newest. */
  private previewWhole = false;

  constructor(private readonly capacity = DEFAULT_CACHE_ROWS) {}

  /** Ordinal of the view's first row. */
  get base(): number {
    return this.first;
  }

  /** Rows in the view (on the host; most are not held here). */
  get length(): number {
    return this.count;
  }

  /** Rows held here. */
  get held(): number {
    return this.rows.size;
  }

  /** The filter version of the rows held (the one asked for last, unless stale). */
  get heldVersion(): number {
    return this.version;
  }

  /** The filter version the webview asked for last. */
  get filterVersion(): number {
    return this.wanted;
  }

  /** True while rows of an older filter are on screen. */
  get stale(): boolean {
    return this.version !== this.wanted;
  }

  /**
   * True while the rows held are the webview's own preview of the current filter's newest rows:
   * right rows, but numbered from 0 and with the view's length not known yet.
   */
  get preview(): boolean {
    return this.previewing && !this.stale;
  }

  /** The rows held are a preview, of the current filter or (stale) of an earlier one. */
  get holdsPreview(): boolean {
    return this.previewing;
  }

  /**
   * Holds `rows` as the current filter's answer until the host's comes (see filterPreview.ts):
   * the view is just these rows, numbered from 0. The host's first frame for the filter replaces
   * them, ordinals, length and all.
   */
  showPreview(rows: readonly WireRow[], whole: boolean): void {
    this.rows.clear();
    this.version = this.wanted;
    this.previewing = true;
    this.previewWhole = whole;
    this.first = 0;
    this.count = rows.length;
    rows.forEach((row, i) => this.rows.set(i, row));
  }

  /**
   * The held rows that run without a hole up to the view's last row, oldest first (none when the
   * last row is not held), at most `max` of them; `whole` when they are every row of the view.
   */
  heldTail(max = Number.POSITIVE_INFINITY): HeldTail {
    const rows: WireRow[] = [];
    for (let ordinal = this.first + this.count - 1; ordinal >= this.first && rows.length < max; ordinal--) {
      const row = this.rows.get(ordinal);
      if (!row) break;
      rows.push(row);
    }
    return { rows: rows.reverse(), whole: rows.length === this.count && (!this.previewing || this.previewWhole) };
  }

  /** A new filter was sent to the host: rows of the old one stay until its answer comes. */
  nextFilter(): number {
    return ++this.wanted;
  }

  /**
   * The webview (re)started or the log was cleared: nothing held, same filter version. A preview
   * stays one (now of nothing): the host's next frame for the filter replaces it.
   */
  clear(): void {
    this.rows.clear();
    this.first = 0;
    this.count = 0;
  }

  /** Takes the view's shape from a frame; undefined when the frame answers an older filter. */
  applyView(version: number, base: number, length: number): ViewChange | undefined {
    if (version !== this.wanted) return undefined;
    const replaced = version !== this.version || this.previewing;
    if (replaced) {
      this.rows.clear();
      this.version = version;
      this.previewing = false;
    }
    const removedAbove = replaced ? 0 : Math.max(0, base - this.first);
    const shrank = base + length < this.first + this.count;
    this.first = base;
    this.count = length;
    if (removedAbove > 0 || shrank) {
      const end = base + length;
      for (const ordinal of this.rows.keys()) if (ordinal < base || ordinal >= end) this.rows.delete(ordinal);
    }
    return { removedAbove, replaced };
  }

  /** Keeps rows sent for `version` from ordinal `from` on; rows of other versions are ignored. */
  addRows(version: number, from: number, rows: readonly WireRow[]): boolean {
    if (version !== this.version || version !== this.wanted || this.previewing) return false;
    const end = this.first + this.count;
    for (let i = 0; i < rows.length; i++) {
      const ordinal = from + i;
      if (ordinal >= this.first && ordinal < end) this.rows.set(ordinal, rows[i]);
    }
    return true;
  }

  /** The row with `ordinal`, if held. */
  get(ordinal: number): WireRow | undefined {
    return this.rows.get(ordinal);
  }

  /** The row at view index `index` (0 = the view's first row), if held. */
  at(index: number): WireRow | undefined {
    return this.rows.get(this.first + index);
  }

  /** View index of the held row with log position `pos`, or -1 when it is not held. */
  indexOfPos(pos: number): number {
    for (const [ordinal, row] of this.rows) if (row.pos === pos) return ordinal - this.first;
    return -1;
  }

  /** The held row of the record numbered `seq` (the Message view links text to it). */
  findSeq(seq: number): WireRow | undefined {
    for (const row of this.rows.values()) if (row.record.seq === seq) return row;
    return undefined;
  }

  /** The held row with log position `pos`. */
  findPos(pos: number): WireRow | undefined {
    for (const row of this.rows.values()) if (row.pos === pos) return row;
    return undefined;
  }

  /** The first run of view indices in [from, to) not held (at most `max` long), or undefined. */
  missing(from: number, to: number, max: number): { from: number; to: number } | undefined {
    const lo = Math.max(0, from);
    const hi = Math.min(this.count, to);
    let start = -1;
    for (let i = lo; i < hi; i++) {
      const have = this.rows.has(this.first + i);
      if (!have && start < 0) start = i;
      if (start >= 0 && (have || i - start >= max)) return { from: start, to: i };
    }
    return start >= 0 ? { from: start, to: hi } : undefined;
  }

  /** Lets rows far from view index `center` go once more than the capacity are held. */
  trimAround(center: number): void {
    if (this.rows.size <= this.capacity) return;
    const keep = this.capacity / 2;
    const middle = this.first + center;
    for (const ordinal of this.rows.keys()) if (Math.abs(ordinal - middle) > keep) this.rows.delete(ordinal);
  }
}
