/**
 * The webview's controller: receives host messages, owns the view state (filter, pause,
 * selection, auto-scroll), and paints at most once per animation frame. Incoming batches only
 * touch the store and mark what is dirty; the DOM work happens in `paint`.
 */
import type { StreamRecord } from '../shared/records';
import {
  assertNever,
  DEFAULT_FILTER,
  type ConnectionStats,
  type ControlAction,
  type HostToWebview,
  type SessionInfo,
  type ViewFilter,
} from '../shared/protocol';
import { DetailPane } from './detail';
import { h } from './dom';
import { CompiledFilter, sameFilter } from '../shared/filter';
import { formatCount } from '../shared/format';
import { Header } from './header';
import { ViewRows } from './rows';
import { readSavedState, type SavedState, type TimeMode } from '../shared/savedState';
import { RecordStore } from './store';
import { VirtualTable } from './table';
import { Toolbar } from './toolbar';
import type { HostApi } from './vscodeApi';
import { WirePanel } from './wire/wirePanel';
import { describeForWire } from './wire/describe';

/** Until the host says otherwise (init), keep this many records. */
const DEFAULT_MAX_EVENTS = 100_000;
const MIN_DETAIL_WIDTH = 220;

export class App {
  private readonly store = new RecordStore(DEFAULT_MAX_EVENTS);
  private readonly rows = new ViewRows(this.store);
  private readonly header = new Header();
  private readonly toolbar: Toolbar;
  private readonly table: VirtualTable;
  private readonly detail: DetailPane;
  private readonly main = h('div', 'sse-main');
  private readonly splitter = h('div', 'sse-splitter');
  private readonly wire: WirePanel;

  private filter: ViewFilter = { ...DEFAULT_FILTER };
  private compiled = new CompiledFilter(this.filter);
  private autoScroll = true;
  private timeMode: TimeMode = 'clock';
  private detailWidth: number | undefined;
  /** True once a saved state was restored: then init.filter does not override it. */
  private restored = false;

  private session: SessionInfo | undefined;
  private stats: ConnectionStats | undefined;
  private paused = false;
  /** Records that arrived while paused, applied on resume (bounded like the store). */
  private pending: StreamRecord[] = [];
  /** Pending records let go because the pause outlasted `maxEvents` of them. */
  private droppedWhilePaused = 0;
  private selected: number | undefined;
  private detailOpen = false;

  private frame = 0;
  private filterDirty = false;
  private typesDirty = false;
  private pauseDirty = false;

  constructor(
    private readonly root: HTMLElement,
    private readonly host: HostApi,
  ) {
    this.toolbar = new Toolbar({
      filterChanged: (change) => this.changeFilter({ ...this.filter, ...change }),
      toggleType: (type) => {
        const hidden = new Set(this.filter.hiddenTypes);
        if (hidden.has(type)) hidden.delete(type);
        else hidden.add(type);
        this.changeFilter({ ...this.filter, hiddenTypes: [...hidden] });
      },
      togglePause: () => this.setPaused(!this.paused),
      toggleAutoScroll: () => this.setAutoScroll(!this.autoScroll),
      control: (action) => this.control(action),
    });
    this.table = new VirtualTable({
      select: (pos) => this.select(pos),
      open: (pos) => {
        this.detailOpen = true;
        this.select(pos);
      },
      dismiss: () => this.closeDetail(),
      requestRender: () => this.schedule(),
      followChanged: () => this.schedule(),
    });
    this.detail = new DetailPane({
      copy: (text, label) => this.host.postMessage({ type: 'copy', text, label }),
      openData: (seq) => this.host.postMessage({ type: 'openData', seq }),
      close: () => this.closeDetail(),
    });
    this.wire = new WirePanel({
      setOpen: (open) => this.host.postMessage({ type: 'wireView', open }),
      select: (seq) => this.selectSeq(seq),
      describe: (seq) => describeForWire(this.store.at(this.store.findSeq(seq))),
      lastSeq: () => this.store.at(this.store.firstPos + this.store.size - 1)?.seq ?? 0,
    });
    this.table.setSource(this.rows);
    this.table.timeHeader.addEventListener('click', () => this.toggleTimeMode());
    this.table.timeHeader.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') this.toggleTimeMode();
    });
    this.splitter.setAttribute('role', 'separator');
    this.splitter.setAttribute('aria-orientation', 'vertical');
    this.splitter.title = 'Drag to resize the details';
    this.splitter.addEventListener('pointerdown', (e) => this.startResize(e));
    this.main.append(this.table.element, this.splitter, this.detail.element);
  }

  /** Builds the DOM, restores saved state, listens, and tells the host it is ready. */
  start(): void {
    this.restoreState(this.host.getState());
    this.root.textContent = '';
    this.root.append(this.header.element, this.toolbar.element, this.main, this.wire.element);
    this.toolbar.setFilter(this.filter);
    this.toolbar.setAutoScroll(this.autoScroll);
    this.toolbar.setPaused(false, 0);
    this.toolbar.setConnection(undefined, 'connecting');
    this.toolbar.setSearchError(this.compiled.search.error);
    this.table.setAutoScroll(this.autoScroll);
    this.applyDetailLayout();
    window.addEventListener('message', (e: MessageEvent<unknown>) => this.onMessage(e.data));
    window.addEventListener('keydown', (e) => this.onGlobalKey(e));
    // The reconnect countdown must tick even when no message arrives.
    window.setInterval(() => {
      if (this.header.needsTick) this.header.updateState(Date.now());
    }, 250);
    this.host.postMessage({ type: 'ready' });
    if (this.restored) this.host.postMessage({ type: 'filterChanged', filter: this.filter });
    this.schedule();
  }

  private onMessage(data: unknown): void {
    // Messages come from the host, but the page could also receive others: check the shape.
    if (typeof data !== 'object' || data === null || typeof (data as { type?: unknown }).type !== 'string') return;
    const message = data as HostToWebview;
    switch (message.type) {
      case 'init':
        this.init(message);
        break;
      case 'records':
        this.ingest(message.records);
        break;
      case 'stats':
        this.setStats(message.stats);
        break;
      case 'session':
        this.setSession(message.session);
        break;
      case 'cleared':
        this.resetRecords(this.store.maxEvents);
        this.wire.cleared();
        break;
      case 'diagnostics':
        this.wire.setDiagnostics(message.diagnostics);
        break;
      case 'wire':
        this.wire.onWire(message);
        break;
      default:
        assertNever(message);
    }
  }

  private init(message: Extract<HostToWebview, { type: 'init' }>): void {
    if (!this.restored && message.filter) this.setFilterState(message.filter);
    this.paused = false;
    this.pauseDirty = true;
    this.resetRecords(message.maxEvents);
    this.header.resetChart();
    this.setSession(message.session);
    this.setStats(message.stats);
    this.ingest(message.records);
  }

  private resetRecords(maxEvents: number): void {
    this.store.reset(maxEvents);
    this.pending = [];
    this.droppedWhilePaused = 0;
    this.selected = undefined;
    this.table.setSelected(undefined);
    this.detail.showNothing();
    this.detailOpen = false;
    this.applyDetailLayout();
    this.toolbar.setTypes(this.store.types, this.filter.hiddenTypes);
    this.table.invalidate();
    this.typesDirty = true;
    this.pauseDirty = true;
    this.schedule();
  }

  private ingest(records: readonly StreamRecord[]): void {
    if (records.length === 0) return;
    if (this.paused) {
      for (const rec of records) this.pending.push(rec);
      // Bounded like the store: what could not be shown on resume anyway goes now.
      const excess = this.pending.length - this.store.maxEvents;
      if (excess > this.store.maxEvents / 4) {
        this.pending.splice(0, excess);
        this.droppedWhilePaused += excess;
      }
      this.pauseDirty = true;
      this.schedule();
      return;
    }
    const result = this.store.append(records, this.compiled);
    this.table.rowsRemovedAbove(result.viewDropped);
    this.typesDirty = true;
    this.schedule();
  }


  private setStats(stats: ConnectionStats): void {
    this.stats = stats;
    this.rows.startedAt = stats.startedAt;
    this.header.setStats(stats);
    this.toolbar.setConnection(this.session, stats.phase);
  }

  private setSession(session: SessionInfo): void {
    this.session = session;
    this.header.setSession(session);
    this.toolbar.setConnection(session, this.stats?.phase ?? 'connecting');
    this.saveState();
  }

  private changeFilter(next: ViewFilter): void {
    if (sameFilter(next, this.filter)) return;
    this.setFilterState(next);
    this.saveState();
    this.host.postMessage({ type: 'filterChanged', filter: this.filter });
  }

  private setFilterState(next: ViewFilter): void {
    this.filter = { ...next, hiddenTypes: [...next.hiddenTypes] };
    this.compiled = new CompiledFilter(this.filter);
    this.toolbar.setFilter(this.filter);
    this.toolbar.setSearchError(this.compiled.search.error);
    this.filterDirty = true;
    this.schedule();
  }

  private setPaused(paused: boolean): void {
    if (paused === this.paused) return;
    this.paused = paused;
    if (!paused && this.pending.length > 0) {
      const pending = this.pending;
      this.pending = [];
      this.ingest(pending);
    }
    this.pauseDirty = true;
    this.schedule();
  }

  private setAutoScroll(on: boolean): void {
    this.autoScroll = on;
    this.toolbar.setAutoScroll(on);
    this.table.setAutoScroll(on);
    if (on) this.table.jumpToNewest();
    this.saveState();
    this.schedule();
  }

  private toggleTimeMode(): void {
    this.timeMode = this.timeMode === 'clock' ? 'relative' : 'clock';
    this.rows.timeMode = this.timeMode;
    this.table.invalidate();
    this.saveState();
    this.schedule();
  }

  private control(action: ControlAction): void {
    this.host.postMessage({ type: 'control', action });
  }

  private select(pos: number): void {
    this.selected = pos;
    this.table.setSelected(pos);
    this.applyDetailLayout();
    this.showSelected();
    this.wire.showRecord(this.store.at(pos)?.seq);
    this.schedule();
  }

  /** From the Wire view or a diagnostic: select a record by seq and open its details. */
  private selectSeq(seq: number): void {
    const pos = this.store.findSeq(seq);
    if (pos < 0) return;
    this.detailOpen = true;
    this.select(pos);
  }

  private showSelected(): void {
    const rec = this.selected === undefined ? undefined : this.store.at(this.selected);
    if (rec && this.detailOpen) this.detail.show(rec, { origin: this.rows.origin(), search: this.compiled.search });
  }

  private closeDetail(): void {
    this.detailOpen = false;
    this.applyDetailLayout();
    this.table.scroller.focus({ preventScroll: true });
    this.schedule();
  }

  private applyDetailLayout(): void {
    this.detail.element.hidden = !this.detailOpen;
    this.splitter.hidden = !this.detailOpen;
    if (this.detailWidth !== undefined) this.detail.element.style.width = `${this.detailWidth}px`;
  }

  private startResize(e: PointerEvent): void {
    e.preventDefault();
    this.splitter.setPointerCapture(e.pointerId);
    const startX = e.clientX;
    const startWidth = this.detail.element.getBoundingClientRect().width;
    const move = (ev: PointerEvent): void => {
      const max = Math.max(MIN_DETAIL_WIDTH, this.main.clientWidth - 240);
      this.detailWidth = Math.round(Math.min(max, Math.max(MIN_DETAIL_WIDTH, startWidth + startX - ev.clientX)));
      this.detail.element.style.width = `${this.detailWidth}px`;
    };
    const up = (): void => {
      this.splitter.removeEventListener('pointermove', move);
      this.splitter.removeEventListener('pointerup', up);
      this.saveState();
      this.schedule();
    };
    this.splitter.addEventListener('pointermove', move);
    this.splitter.addEventListener('pointerup', up);
  }

  private onGlobalKey(e: KeyboardEvent): void {
    if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'f') {
      e.preventDefault();
      this.toolbar.focusSearch();
    }
  }

  private restoreState(raw: unknown): void {
    const saved = readSavedState(raw);
    if (!saved) return;
    this.restored = true;
    this.filter = saved.filter;
    this.compiled = new CompiledFilter(this.filter);
    this.autoScroll = saved.autoScroll;
    this.timeMode = saved.timeMode;
    this.rows.timeMode = saved.timeMode;
    this.detailWidth = saved.detailWidth;
  }

  private saveState(): void {
    const state: SavedState = { filter: this.filter, autoScroll: this.autoScroll, timeMode: this.timeMode };
    if (this.detailWidth !== undefined) state.detailWidth = this.detailWidth;
    if (this.session !== undefined) state.session = this.session;
    this.host.setState(state);
  }

  private schedule(): void {
    if (this.frame === 0) this.frame = requestAnimationFrame(() => this.paint());
  }

  /** All DOM updates, once per frame. */
  private paint(): void {
    this.frame = 0;
    if (this.filterDirty) {
      this.filterDirty = false;
      this.store.refilter(this.compiled);
      this.rows.search = this.compiled.search;
      this.table.invalidate();
      this.typesDirty = true;
      this.showSelected();
    }
    if (this.typesDirty) {
      this.typesDirty = false;
      this.toolbar.setTypes(this.store.types, this.filter.hiddenTypes);
      this.header.setShown(this.store.view.length, this.store.size, this.store.dropped + this.droppedWhilePaused);
    }
    if (this.pauseDirty) {
      this.pauseDirty = false;
      this.toolbar.setPaused(this.paused, this.pending.length);
      this.root.classList.toggle('is-paused', this.paused);
    }
    if (this.store.view.length === 0) {
      this.table.setEmptyText(
        this.store.size === 0
          ? this.paused
            ? 'Paused.'
            : 'Waiting for events…'
          : `No rows match the filter (${formatCount(this.store.size)} records kept).`,
      );
    }
    this.table.render();
  }
}
