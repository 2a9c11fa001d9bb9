/**
 * The virtualised event table: one scroll container holding a spacer as tall as all rows, and
 * a small pool of absolutely positioned row elements recycled as the view scrolls, so the DOM
 * holds only the rows near the viewport whatever the number of events. Rows have a fixed
 * height. One delegated listener handles clicks for all rows (no per-row closures).
 */
import { h } from './dom';
import { formatCount } from '../shared/format';

/** Row height in CSS pixels; media/panel.css reads it back through `--sse-row-height`. */
export const ROW_HEIGHT = 22;
/** Rows rendered above and below the viewport so fast scrolling shows no gaps. */
const OVERSCAN = 8;
/**
 * Browsers cap element heights (Chromium around 33 million px). Past this the spacer stays at
 * this height and scroll positions are scaled, so two million rows still scroll end to end.
 */
const MAX_SCROLL_PX = 8_000_000;

/** The cells of one row, filled by the {@link TableSource}. */
export interface RowCells {
  row: HTMLElement;
  time: HTMLElement;
  delta: HTMLElement;
  badge: HTMLElement;
  id: HTMLElement;
  size: HTMLElement;
  data: HTMLElement;
}

/** What the table shows: `length` rows, each standing for a store position. */
export interface TableSource {
  readonly length: number;
  /** The store position of the row at `index` (0 = oldest shown). */
  posAt(index: number): number;
  /** Index of the row showing `pos`, or a negative number when it is not shown. */
  indexOf(pos: number): number;
  /** Fills the cells of the row at `index`. */
  fill(cells: RowCells, index: number): void;
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
}

interface PoolRow {
  cells: RowCells;
  /** View index shown, -1 when unused. */
  index: number;
  pos: number;
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
  readonly jumpButton = h('button', 'sse-jump');
  private pool: PoolRow[] = [];
  private source: TableSource | undefined;
  private version = 0;
  private following = true;
  private autoScroll = true;
  private selected: number | undefined;
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
    this.element.append(this.header, this.scroller, this.empty, this.jumpButton);

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
    this.scroller.scrollTop = Math.max(0, this.scroller.scrollTop - (count * ROW_HEIGHT) / this.ratio);
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
    const virtualHeight = n * ROW_HEIGHT;
    const physicalHeight = Math.min(virtualHeight, MAX_SCROLL_PX);
    this.ratio = virtualHeight > physicalHeight && physicalHeight > viewport ? (virtualHeight - viewport) / (physicalHeight - viewport) : 1;
    // Following: the position is known without asking the layout (which the new height dirtied).
    const top = this.following ? Math.max(0, physicalHeight - viewport) : this.scroller.scrollTop;
    if (physicalHeight !== this.spacerHeight) {
      this.spacerHeight = physicalHeight;
      this.spacer.style.height = `${physicalHeight}px`;
    }
    // Ask for more than the maximum and let the browser clamp: the cached viewport height can
    // lag a layout change (the toolbar growing a row), and following must end at the true bottom.
    if (this.following && top !== this.lastTop) this.scroller.scrollTop = physicalHeight;
    this.lastTop = top;
    const virtualTop = top * this.ratio;

    const visible = Math.ceil(viewport / ROW_HEIGHT) + 1;
    this.ensurePool(visible + 2 * OVERSCAN);
    const size = this.pool.length;
    const first = Math.max(0, Math.floor(virtualTop / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(n, first + size);
    for (let index = first; index < last; index++) {
      const slot = this.pool[index % size];
      const pos = source.posAt(index);
      if (slot.index !== index || slot.pos !== pos || slot.version !== this.version) {
        slot.index = index;
        slot.pos = pos;
        slot.version = this.version;
        source.fill(slot.cells, index);
        // fill() sets the row's className afresh, which drops 'selected'.
        slot.selected = false;
        slot.cells.row.setAttribute('aria-selected', 'false');
        slot.cells.row.hidden = false;
      }
      // Rows sit at their own place in the content (scaled only past MAX_SCROLL_PX), so plain
      // scrolling moves them on the compositor without new transforms.
      const y = Math.round(top + index * ROW_HEIGHT - virtualTop);
      if (slot.y !== y) {
        slot.y = y;
        slot.cells.row.style.transform = `translateY(${y}px)`;
      }
      const isSelected = pos === this.selected;
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
    const below = n - Math.min(n, Math.ceil((virtualTop + viewport) / ROW_HEIGHT));
    const showJump = !this.following && below > 0;
    if (this.jumpButton.hidden === showJump) this.jumpButton.hidden = !showJump;
    if (showJump) {
      const text = `↓ ${formatCount(below)} newer`;
      if (this.jumpButton.textContent !== text) this.jumpButton.textContent = text;
    }
  }

  /** Sizes change only on resize: cache them instead of reading layout every frame. */
  private measure(): void {
    this.viewportHeight = this.scroller.clientHeight;
    // Keep the header's columns over the rows' columns when a vertical scrollbar takes space.
    this.header.style.paddingRight = `${this.scroller.offsetWidth - this.scroller.clientWidth}px`;
  }

  /** Moves the selection by keyboard and keeps it in view. */
  private onKey(e: KeyboardEvent): void {
    const source = this.source;
    if (!source) return;
    const n = source.length;
    const page = Math.max(1, Math.floor(this.scroller.clientHeight / ROW_HEIGHT) - 1);
    const current = this.selected === undefined ? -1 : source.indexOf(this.selected);
    // A selected row that the filter now hides: start from where it would be.
    const from = current >= 0 ? current : current === -1 ? -1 : -current - 1;
    let target: number | undefined;
    switch (e.key) {
      case 'ArrowDown':
        target = from < 0 ? this.firstVisibleIndex() : from + (current >= 0 ? 1 : 0);
        break;
      case 'ArrowUp':
        target = from < 0 ? this.firstVisibleIndex() : from - 1;
        break;
      case 'PageDown':
        target = Math.max(from, 0) + page;
        break;
      case 'PageUp':
        target = Math.max(from, 0) - page;
        break;
      case 'Home':
        target = 0;
        break;
      case 'End':
        target = n - 1;
        break;
      case 'Enter':
        if (this.selected !== undefined) this.events.open(this.selected);
        e.preventDefault();
        return;
      case 'Escape':
        this.events.dismiss();
        return;
      default:
        return;
    }
    e.preventDefault();
    if (n === 0) return;
    const index = Math.max(0, Math.min(n - 1, target));
    const pos = source.posAt(index);
    this.selected = pos;
    if (index === n - 1 && e.key === 'End' && this.autoScroll) this.setFollowing(true);
    else this.scrollToIndex(index, 'nearest');
    this.events.select(pos);
    this.events.requestRender();
  }

  private firstVisibleIndex(): number {
    return Math.ceil((this.scroller.scrollTop * this.ratio) / ROW_HEIGHT);
  }

  /** Scrolls so row `index` is visible ('nearest') or the view ends at the bottom. */
  private scrollToIndex(index: number, mode: 'nearest' | 'bottom'): void {
    const viewport = this.scroller.clientHeight;
    if (mode === 'bottom') {
      this.scroller.scrollTop = this.scroller.scrollHeight;
      return;
    }
    const rowTop = index * ROW_HEIGHT;
    const virtualTop = this.scroller.scrollTop * this.ratio;
    let nextVirtualTop = virtualTop;
    if (rowTop < virtualTop) nextVirtualTop = rowTop;
    else if (rowTop + ROW_HEIGHT > virtualTop + viewport) nextVirtualTop = rowTop + ROW_HEIGHT - viewport;
    if (nextVirtualTop !== virtualTop) {
      this.scroller.scrollTop = nextVirtualTop / this.ratio;
      // Scrolling up by keyboard leaves follow mode, as scrolling up by wheel does.
      if (!this.atBottom()) this.setFollowing(false);
    }
  }

  /** A click selects the row and opens its details. */
  private onRowClick(e: MouseEvent): void {
    const target = e.target instanceof Element ? e.target.closest('.sse-row') : null;
    const slot = target ? this.pool.find((s) => s.cells.row === target) : undefined;
    if (!slot || slot.index < 0) return;
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
    return s.scrollTop + s.clientHeight >= s.scrollHeight - ROW_HEIGHT / 2;
  }

  private setFollowing(on: boolean): void {
    if (this.following === on) return;
    this.following = on;
    this.events.followChanged(on);
  }

  private ensurePool(size: number): void {
    if (this.pool.length === size) return;
    while (this.pool.length < size) {
      const row = h('div', 'sse-row');
      row.setAttribute('role', 'row');
      row.hidden = true;
      const cells: RowCells = {
        row,
        time: h('span', 'sse-cell sse-col-time'),
        delta: h('span', 'sse-cell sse-col-delta'),
        badge: h('span', 'sse-badge'),
        id: h('span', 'sse-cell sse-col-id'),
        size: h('span', 'sse-cell sse-col-size'),
        data: h('span', 'sse-cell sse-col-data'),
      };
      const typeCell = h('span', 'sse-cell sse-col-type');
      typeCell.append(cells.badge);
      row.append(cells.time, cells.delta, typeCell, cells.id, cells.size, cells.data);
      this.layer.append(row);
      this.pool.push({ cells, index: -1, pos: -1, version: -1, y: Number.NaN, selected: false });
    }
    while (this.pool.length > size) this.pool.pop()?.cells.row.remove();
    // The slot for an index is index % size: a new size changes every mapping.
    for (const slot of this.pool) slot.index = -1;
  }
}
