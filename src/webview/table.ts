/**
 * The virtualised event table: one scroll container holding a spacer as tall as all rows, and
 * a small pool of absolutely positioned row elements recycled as the view scrolls, so the DOM
 * holds only the rows near the viewport whatever the number of events. Rows have a fixed
 * height. One delegated listener handles clicks for all rows (no per-row closures).
 */
import { h } from './dom';
import { ColumnChars } from './columnChars';
import { formatCount } from '../shared/format';
import { keyIntent } from './keyNav';
import { createRowCells, type RowCells } from './tableRow';

export type { RowCells } from './tableRow';
import {
  computeLayout,
  firstVisibleIndex,
  isAtBottom,
  poolSizeFor,
  ROW_HEIGHT,
  rowY,
  scrollTopAfterRemoval,
  scrollTopToShow,
} from './scrollGeometry';

export { ROW_HEIGHT } from './scrollGeometry';

/** What the table shows: `length` rows, each standing for a store position. */
export interface TableSource {
  readonly length: number;
  /** The log position of the row at `index` (0 = oldest shown), or -1 while it is not loaded. */
  posAt(index: number): number;
  /** Index of the row showing `pos`, or a negative number when it is not shown. */
  indexOf(pos: number): number;
  /** Fills the cells of the row at `index`. */
  fill(cells: RowCells, index: number): void;
  /**
   * How many characters the data column shows, 0 until measured: the table sets it on every
   * resize (opening the detail pane narrows the column), so that a cell can keep what matters in it.
   */
  dataColumnChars: number;
}

/** What the table tells its owner. */
export interface TableEvents {
  /** The selection moved by keyboard (the detail pane follows if open). */
  select(pos: number): void;
  /** A click, or Enter on the selected row: select it and open the detail pane. */
  open(pos: number): void;
  /** Escape in the table. */
  dismiss(): void;
  /** Something changed that needs a render (scroll, resize). */
  requestRender(): void;
  /** Following the newest rows started or stopped (the toolbar/jump button reflect it). */
  followChanged(following: boolean): void;
  /**
   * After each render: rows [first, last) are rendered (with overscan), [firstVisible,
   * lastVisible) are on screen. The owner loads rows not held yet and tells the host.
   */
  rendered(range: { first: number; last: number; firstVisible: number; lastVisible: number; following: boolean }): void;
}

interface PoolRow {
  cells: RowCells;
  /** View index shown, -1 when unused. */
  index: number;
  pos: number;
  /** Log position of the row before it (its Δ column is measured from that row). */
  prevPos: number;
  version: number;
  /** Last translateY and selected state written, to skip identical DOM writes. */
  y: number;
  selected: boolean;
}

const COLUMNS: Array<[key: string, label: string, title: string]> = [
  ['time', 'Time', 'Arrival time. Click to switch between clock time and time since connect.'],
  ['delta', 'Δ', 'Time since the previous row shown'],
  ['type', 'Type', 'Event type (message when the event had none) or connection step'],
  ['id', 'ID', 'The id field of the event, when it had one'],
  ['size', 'Size', 'Size of the data in UTF-8 bytes'],
  ['data', 'Data', 'First line of the data'],
];

export class VirtualTable {
  readonly element = h('div', 'sse-table');
  readonly header = h('div', 'sse-thead');
  readonly timeHeader: HTMLElement;
  readonly scroller = h('div', 'sse-scroll');
  private readonly spacer = h('div', 'sse-spacer');
  private readonly layer = h('div', 'sse-rows');
  private readonly empty = h('div', 'sse-empty');
  private readonly dataChars: ColumnChars;
  private dataColumnChars = 0;
  readonly jumpButton = h('button', 'sse-jump');
  private pool: PoolRow[] = [];
  private source: TableSource | undefined;
  private version = 0;
  private following = true;
  private autoScroll = true;
  private selected: number | undefined;
  /** A row chosen by keyboard before it was loaded: selected once it is. */
  private pendingIndex: number | undefined;
  /** Enter was pressed while that row was loading: open it once it is there. */
  private pendingOpen = false;
  /** Scale between virtual (rows × height) and physical scroll pixels; 1 unless huge. */
  private ratio = 1;
  private viewportHeight = 0;
  private spacerHeight = -1;
  private lastTop = -1;

  constructor(private readonly events: TableEvents) {
    this.header.setAttribute('role', 'row');
    const headers = COLUMNS.map(([key, label, title]) => {
      const cell = h('div', `sse-th sse-col-${key}`, label);
      cell.title = title;
      cell.setAttribute('role', 'columnheader');
      return cell;
    });
    this.timeHeader = headers[0];
    this.dataChars = new ColumnChars('sse-cell sse-col-data', headers[COLUMNS.findIndex(([key]) => key === 'data')]);
    this.timeHeader.classList.add('sse-th-button');
    this.timeHeader.tabIndex = 0;
    this.header.append(...headers);
    this.scroller.tabIndex = 0;
    this.scroller.setAttribute('role', 'grid');
    this.scroller.setAttribute('aria-label', 'Events');
    this.scroller.style.setProperty('--sse-row-height', `${ROW_HEIGHT}px`);
    this.scroller.append(this.spacer, this.layer);
    this.jumpButton.type = 'button';
    this.jumpButton.hidden = true;
    this.empty.hidden = true;
    this.element.append(this.header, this.scroller, this.empty, this.jumpButton, this.dataChars.probe);

    this.scroller.addEventListener('scroll', () => this.onScroll(), { passive: true });
    this.scroller.addEventListener('keydown', (e) => this.onKey(e));
    this.layer.addEventListener('click', (e) => this.onRowClick(e));
    this.jumpButton.addEventListener('click', () => this.jumpToNewest());
    new ResizeObserver(() => {
      this.measure();
      this.events.requestRender();
    }).observe(this.scroller);
  }

  setSource(source: TableSource): void {
    this.source = source;
    source.dataColumnChars = this.dataColumnChars;
    this.invalidate();
  }

  /** Forces every row to be filled again on the next render (filter, time mode, clear). */
  invalidate(): void {
    this.version++;
  }

  /** Whether the view follows new rows. */
  get isFollowing(): boolean {
    return this.following;
  }

  setAutoScroll(on: boolean): void {
    this.autoScroll = on;
    this.setFollowing(on && this.atBottom());
  }

  setSelected(pos: number | undefined): void {
    this.selected = pos;
  }

  /** Scrolls the row of `pos` into view (it stops following new rows), when the filter shows it. */
  reveal(pos: number): void {
    const index = this.source?.indexOf(pos) ?? -1;
    if (index < 0) return;
    this.setFollowing(false);
    this.scrollToIndex(index, 'nearest');
  }

  /** Text shown when there are no rows (differs for "no events yet" and "all filtered out"). */
  setEmptyText(text: string): void {
    if (this.empty.textContent !== text) this.empty.textContent = text;
  }

  /**
   * Rows were removed from the front of the view (the store trimmed). While detached, move the
   * scroll position up by as much so the rows under the reader's eyes stay put.
   */
  rowsRemovedAbove(count: number): void {
    if (count <= 0 || this.following) return;
    if (this.pendingIndex !== undefined) this.pendingIndex = Math.max(0, this.pendingIndex - count);
    this.scroller.scrollTop = scrollTopAfterRemoval(this.scroller.scrollTop, count, this.ratio);
  }

  jumpToNewest(): void {
    if (this.autoScroll) this.setFollowing(true);
    this.scrollToIndex(Number.MAX_SAFE_INTEGER, 'bottom');
    this.events.requestRender();
  }

  /** Number of rows in the DOM (for tests and the benchmark's report). */
  get domRowCount(): number {
    return this.layer.childElementCount;
  }

  /**
   * Paints the rows for the current scroll position. Called once per animation frame at most.
   * Reads layout first (scroll position; sizes come cached from the ResizeObserver), then only
   * writes, so one frame never forces more than one layout.
   */
  render(): void {
    const source = this.source;
    if (!source) return;
    const n = source.length;
    const viewport = this.viewportHeight;
    const poolSize = poolSizeFor(viewport);
    const layout = computeLayout(n, viewport, this.scroller.scrollTop, this.following, poolSize);
    const { physicalHeight, top, first, last } = layout;
    this.ratio = layout.ratio;
    if (physicalHeight !== this.spacerHeight) {
      this.spacerHeight = physicalHeight;
      this.spacer.style.height = `${physicalHeight}px`;
    }
    // Ask for more than the maximum and let the browser clamp: the cached viewport height can
    // lag a layout change (the toolbar growing a row), and following must end at the true bottom.
    if (this.following && top !== this.lastTop) this.scroller.scrollTop = physicalHeight;
    this.lastTop = top;
    this.ensurePool(poolSize);
    const size = this.pool.length;
    this.selectPending(source);
    for (let index = first; index < last; index++) {
      const slot = this.pool[index % size];
      const pos = source.posAt(index);
      // A row's cells depend on its record and, for Δ, on the row before: a row stays as it is
      // while neither changed (new rows arriving at the tail refill only the new rows).
      const prevPos = index > 0 ? source.posAt(index - 1) : -1;
      if (slot.index !== index || slot.pos !== pos || slot.prevPos !== prevPos || slot.version !== this.version) {
        slot.index = index;
        slot.pos = pos;
        slot.prevPos = prevPos;
        slot.version = this.version;
        source.fill(slot.cells, index);
        // fill() sets the row's className afresh, which drops 'selected'.
        slot.selected = false;
        if (slot.cells.row.getAttribute('aria-selected') !== 'false') slot.cells.row.setAttribute('aria-selected', 'false');
        if (slot.cells.row.hidden) slot.cells.row.hidden = false;
      }
      // Rows sit at their own place in the content (scaled only past MAX_SCROLL_PX), so plain
      // scrolling moves them on the compositor without new transforms.
      const y = rowY(index, layout);
      if (slot.y !== y) {
        slot.y = y;
        slot.cells.row.style.transform = `translateY(${y}px)`;
      }
      const isSelected = pos >= 0 && pos === this.selected;
      if (slot.selected !== isSelected) {
        slot.selected = isSelected;
        slot.cells.row.classList.toggle('selected', isSelected);
        slot.cells.row.setAttribute('aria-selected', String(isSelected));
      }
    }
    // Slots not used this frame (fewer rows than the pool) are hidden.
    for (const slot of this.pool) {
      if (slot.index < first || slot.index >= last) {
        if (!slot.cells.row.hidden) slot.cells.row.hidden = true;
        slot.index = -1;
      }
    }
    if (this.empty.hidden !== n > 0) this.empty.hidden = n > 0;
    const showJump = !this.following && layout.below > 0;
    if (this.jumpButton.hidden === showJump) this.jumpButton.hidden = !showJump;
    if (showJump) {
      const text = `↓ ${formatCount(layout.below)} newer`;
      if (this.jumpButton.textContent !== text) this.jumpButton.textContent = text;
    }
    this.events.rendered({ first, last, firstVisible: layout.firstVisible, lastVisible: layout.lastVisible, following: this.following });
  }

  /** A row chosen by keyboard that was not loaded then: select it once it is. */
  private selectPending(source: TableSource): void {
    if (this.pendingIndex === undefined) return;
    const pos = source.posAt(this.pendingIndex);
    if (pos < 0) return;
    this.pendingIndex = undefined;
    this.selected = pos;
    if (this.pendingOpen) this.events.open(pos);
    else this.events.select(pos);
    this.pendingOpen = false;
  }

  /** Sizes change only on resize: cache them instead of reading layout every frame. */
  private measure(): void {
    this.viewportHeight = this.scroller.clientHeight;
    // Keep the header's columns over the rows' columns when a vertical scrollbar takes space.
    this.header.style.paddingRight = `${this.scroller.offsetWidth - this.scroller.clientWidth}px`;
    const chars = this.dataChars.measure();
    if (chars !== this.dataColumnChars) {
      this.dataColumnChars = chars;
      if (this.source) this.source.dataColumnChars = chars;
      // Every cell's preview may start elsewhere now.
      this.invalidate();
    }
  }

  /** Moves the selection by keyboard and keeps it in view. */
  private onKey(e: KeyboardEvent): void {
    const source = this.source;
    if (!source) return;
    const n = source.length;
    const intent = keyIntent(e.key, {
      n,
      current: this.selected === undefined ? -1 : source.indexOf(this.selected),
      firstVisible: firstVisibleIndex(this.scroller.scrollTop, this.ratio),
      page: Math.max(1, Math.floor(this.scroller.clientHeight / ROW_HEIGHT) - 1),
    });
    switch (intent.kind) {
      case 'none':
        return;
      case 'open':
        if (this.pendingIndex !== undefined) this.pendingOpen = true;
        else if (this.selected !== undefined) this.events.open(this.selected);
        e.preventDefault();
        return;
      case 'dismiss':
        this.events.dismiss();
        return;
      case 'move':
        break;
    }
    e.preventDefault();
    if (intent.index < 0) return;
    if (intent.toEnd && this.autoScroll) this.setFollowing(true);
    else this.scrollToIndex(intent.index, 'nearest');
    const pos = source.posAt(intent.index);
    if (pos < 0) {
      // Not loaded yet (a long jump): the render that loads it selects it.
      this.pendingIndex = intent.index;
    } else {
      this.pendingIndex = undefined;
      this.pendingOpen = false;
      this.selected = pos;
      this.events.select(pos);
    }
    this.events.requestRender();
  }

  /** Scrolls so row `index` is visible ('nearest') or the view ends at the bottom. */
  private scrollToIndex(index: number, mode: 'nearest' | 'bottom'): void {
    if (mode === 'bottom') {
      this.scroller.scrollTop = this.scroller.scrollHeight;
      return;
    }
    const next = scrollTopToShow(index, this.scroller.scrollTop, this.scroller.clientHeight, this.ratio);
    if (next !== undefined) {
      this.scroller.scrollTop = next;
      // Scrolling up by keyboard leaves follow mode, as scrolling up by wheel does.
      if (!this.atBottom()) this.setFollowing(false);
    }
  }

  /** A click selects the row and opens its details. */
  private onRowClick(e: MouseEvent): void {
    const target = e.target instanceof Element ? e.target.closest('.sse-row') : null;
    const slot = target ? this.pool.find((s) => s.cells.row === target) : undefined;
    if (!slot || slot.index < 0 || slot.pos < 0) return;
    this.selected = slot.pos;
    this.scroller.focus({ preventScroll: true });
    this.events.open(slot.pos);
    this.events.requestRender();
  }

  private onScroll(): void {
    const bottom = this.atBottom();
    if (this.following && !bottom) this.setFollowing(false);
    else if (!this.following && bottom && this.autoScroll) this.setFollowing(true);
    this.events.requestRender();
  }

  private atBottom(): boolean {
    const s = this.scroller;
    return isAtBottom(s.scrollTop, s.clientHeight, s.scrollHeight);
  }

  private setFollowing(on: boolean): void {
    if (this.following === on) return;
    this.following = on;
    this.events.followChanged(on);
  }

  private ensurePool(size: number): void {
    if (this.pool.length === size) return;
    while (this.pool.length < size) {
      const cells = createRowCells();
      this.layer.append(cells.row);
      this.pool.push({ cells, index: -1, pos: -1, prevPos: -1, version: -1, y: Number.NaN, selected: false });
    }
    while (this.pool.length > size) this.pool.pop()?.cells.row.remove();
    // The slot for an index is index % size: a new size changes every mapping.
    for (const slot of this.pool) slot.index = -1;
  }
}
