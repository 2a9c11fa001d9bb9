/**
 * The webview's controller: receives host messages, owns the view state (filter, pause,
 * selection, auto-scroll), and paints at most once per animation frame. The host keeps the log
 * and runs the filter; frames tell this the view's shape (and bring the newest rows while it
 * follows), and it fetches the rows the reader scrolls to. Messages only touch the row cache and
 * mark what is dirty; the DOM work happens in `paint`.
 */
import { assertNever, DEFAULT_FILTER, type ConnectionStats, type ControlAction, type HostToWebview, type SessionInfo, type ViewFilter, type ViewFrame } from '../shared/protocol';
import { DetailPane } from './detail';
import { FrameAcks } from './frameAcks';
import { DetailSelection, emptyTableText } from './detailSelection';
import { h, onActivate, setFlag } from './dom';
import { CompiledFilter, sameFilter, toggleHiddenType } from '../shared/filter';
import { formatCount } from '../shared/format';
import { Header } from './header';
import { ViewRows } from './rows';
import { readSavedState, type SavedState, type TimeMode } from '../shared/savedState';
import { PauseBuffer } from './pauseBuffer';
import { Splitter } from './splitter';
import { ViewWindow, type RenderedRange } from './viewWindow';
import { VirtualTable } from './table';
import { Toolbar, type TypeList } from './toolbar';
import type { HostApi } from './vscodeApi';
import { MessageView } from './message/messageView';
import { addedBox } from './message/added';
import { WirePanel } from './wire/wirePanel';
import { describeForWire } from './wire/describe';

export class App {
  private readonly window = new ViewWindow((message) => this.host.postMessage(message));
  private readonly rows = new ViewRows(this.window.cache);
  private readonly pause = new PauseBuffer();
  private readonly header = new Header();
  private readonly toolbar: Toolbar;
  private readonly table: VirtualTable;
  private readonly detail: DetailPane;
  private readonly main = h('div', 'sse-main');
  private readonly splitter: Splitter;
  private readonly wire = new WirePanel({
    setOpen: (open) => this.host.postMessage({ type: 'wireView', open }),
    select: (seq) => this.selectSeq(seq),
    describe: (seq) => describeForWire(this.window.cache.findSeq(seq)?.record),
  });
  private readonly message = new MessageView({
    selectSeq: (seq) => this.selectSeq(seq),
    openLink: (url) => this.host.postMessage({ type: 'openLink', url }),
    chooseFormat: (choice) => this.host.postMessage({ type: 'llmFormat', choice }),
  });

  private filter: ViewFilter = { ...DEFAULT_FILTER };
  private compiled = new CompiledFilter(this.filter);
  private autoScroll = true;
  private timeMode: TimeMode = 'clock';
  private detailWidth: number | undefined;
  /** True once a saved state was restored: then init.filter does not override it. */
  private restored = false;

  private session: SessionInfo | undefined;
  private stats: ConnectionStats | undefined;
  private types: TypeList = { types: [] };
  private readonly selection = new DetailSelection((message) => this.host.postMessage(message));

  private frame = 0;
  private readonly acks = new FrameAcks((message) => this.host.postMessage(message));
  private filterDirty = false;
  private typesDirty = false;
  private pauseDirty = false;

  /** previewFilters: show a preview of a narrowing filter's rows (filterPreview.ts); off for the benchmark's baseline. */
  constructor(
    private readonly root: HTMLElement,
    private readonly host: HostApi,
    private readonly previewFilters = true,
  ) {
    this.toolbar = new Toolbar({
      filterChanged: (change) => this.changeFilter({ ...this.filter, ...change }),
      toggleType: (type) => this.changeFilter(toggleHiddenType(this.filter, type)),
      togglePause: () => this.setPaused(!this.pause.paused),
      toggleAutoScroll: () => this.setAutoScroll(!this.autoScroll),
      control: (action: ControlAction) => this.host.postMessage({ type: 'control', action }),
    });
    this.table = new VirtualTable({
      select: (pos) => this.select(pos),
      open: (pos) => {
        this.selection.open = true;
        this.select(pos);
      },
      dismiss: () => this.closeDetail(),
      requestRender: () => this.schedule(),
      followChanged: () => this.schedule(),
      rendered: (range: RenderedRange) => this.window.rendered(range),
    });
    this.detail = new DetailPane({
      copy: (text, label) => this.host.postMessage({ type: 'copy', text, label }),
      openData: (seq) => this.host.postMessage({ type: 'openData', seq }),
      close: () => this.closeDetail(),
    });
    this.table.setSource(this.rows);
    onActivate(this.table.timeHeader, () => this.toggleTimeMode());
    this.splitter = new Splitter(this.detail.element, this.main, (width) => {
      this.detailWidth = width;
      this.saveState();
      this.schedule();
    });
    this.detail.addedBy = (rec) => (rec.kind === 'event' ? addedBox(this.message.contribution(rec.seq)) : undefined);
    this.main.append(this.table.element, this.message.element, this.splitter.element, this.detail.element);
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
    this.toolbar.listenForSearchShortcut(window);
    this.header.startTicking();
    this.host.postMessage({ type: 'ready' });
    if (this.restored) this.postFilter();
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
      case 'frame':
        this.onFrame(message);
        break;
      case 'rows':
        if (this.window.applyRows(message)) this.table.invalidate();
        this.schedule();
        break;
      case 'detail':
        if (this.selection.received(message.pos, message.record)) this.select(message.pos);
        break;
      case 'stats':
        this.setStats(message.stats);
        break;
      case 'session':
        this.setSession(message.session);
        break;
      case 'cleared':
        this.resetRecords();
        this.wire.cleared();
        break;
      case 'llm':
        this.message.update(message.view, message.choice);
        this.schedule();
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
    if (this.window.cache.filterVersion === 0) this.window.hostFilter(message.filter ?? DEFAULT_FILTER);
    this.pause.reset();
    this.resetRecords();
    this.header.resetChart();
    this.setSession(message.session);
    this.setStats(message.stats);
  }

  private resetRecords(): void {
    this.window.reset();
    this.rows.length = 0;
    this.rows.resetOrigin();
    this.types = { types: [] };
    if (this.pause.paused) this.pause.pause(0);
    this.selection.reset();
    this.table.setSelected(undefined);
    this.detail.showNothing();
    this.applyDetailLayout();
    this.toolbar.setTypes(this.types, this.filter.hiddenTypes);
    this.table.invalidate();
    this.typesDirty = true;
    this.pauseDirty = true;
    this.schedule();
  }

  /** A frame: counters always; the view's shape and rows unless paused (then it waits). */
  private onFrame(frame: ViewFrame): void {
    this.acks.took(frame.frame);
    // The Message view follows the stream even while the table is paused (as `llm` messages do).
    if (frame.llm) this.message.update(frame.llm.view, frame.llm.choice);
    this.setStats(frame.stats);
    this.types = { types: frame.types, moreTypes: frame.moreTypes };
    this.typesDirty = true;
    if (this.pause.paused) {
      this.pause.hold(frame);
      this.pauseDirty = true;
    } else {
      this.applyFrame(frame);
    }
    this.schedule();
  }

  private applyFrame(frame: ViewFrame): void {
    const change = this.window.applyFrame(frame);
    if (!change) return;
    // The first answer for a new filter: its rows replace the old ones in one paint.
    if (change.replaced) this.showFilterAnswer();
    this.table.rowsRemovedAbove(change.removedAbove);
    // No invalidate() for rows added: the table refills a row only when it or the row before it
    // changed. Refilling every row on every frame was a full re-layout of the table per frame.
    this.rows.length = this.window.cache.length;
  }

  private setStats(stats: ConnectionStats): void {
    this.stats = stats;
    // Relative times count from it: rows shown with another origin are filled again.
    if (this.rows.startedAt !== stats.startedAt) this.table.invalidate();
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
    this.postFilter();
  }

  /** The host filters: a new version, answered by its next frame (and maybe previewed here). */
  private postFilter(): void {
    const preview = this.previewFilters && !this.pause.paused ? this.compiled : undefined;
    if (this.window.filterChanged(this.filter, preview)) {
      this.rows.length = this.window.cache.length;
      this.typesDirty = true; // the header's count waits for the host
    }
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
    if (paused === this.pause.paused) return;
    if (paused) this.pause.pause(this.window.endPos);
    else {
      const latest = this.pause.resume();
      if (latest) this.applyFrame(latest);
    }
    this.pauseDirty = true;
    this.typesDirty = true;
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

  private select(pos: number): void {
    this.selection.selected = pos;
    this.table.setSelected(pos);
    this.applyDetailLayout();
    this.showSelected();
    this.wire.showRecord(this.window.cache.findPos(pos)?.record.seq);
    this.schedule();
  }

  /**
   * Selects a record by seq and shows it: the event that delivered a piece of the Message view,
   * a record a Wire chunk completed, the record a diagnostic is about (found by the host when
   * its row is not held here).
   */
  private selectSeq(seq: number): void {
    const row = this.window.cache.findSeq(seq);
    if (!row) return this.selection.seek(seq);
    this.selection.open = true;
    this.select(row.pos);
    this.table.reveal(row.pos);
  }

  /** Rows, highlight and detail pane follow the current filter (the rows held answer it). */
  private showFilterAnswer(): void {
    this.rows.search = this.compiled.search;
    this.table.invalidate();
    this.showSelected();
  }

  /** Shows the selection in the detail pane: from the rows on hand, or whole from the host. */
  private showSelected(): void {
    const pos = this.selection.selected;
    const record = pos === undefined ? undefined : this.selection.recordToShow(this.window.cache.findPos(pos));
    if (record) this.detail.show(record, { origin: this.rows.origin(), search: this.compiled.search });
  }

  private closeDetail(): void {
    this.selection.open = false;
    this.applyDetailLayout();
    this.table.scroller.focus({ preventScroll: true });
    this.schedule();
  }

  private applyDetailLayout(): void {
    this.detail.element.hidden = !this.selection.open;
    this.splitter.element.hidden = !this.selection.open;
    if (this.detailWidth !== undefined) this.detail.element.style.width = `${this.detailWidth}px`;
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
    // While the host's answer is due the rows stay as they are: applyFrame shows it when it comes.
    if (this.filterDirty && !this.window.cache.stale) this.showFilterAnswer();
    this.filterDirty = false;
    if (this.typesDirty) {
      this.typesDirty = false;
      this.toolbar.setTypes(this.types, this.filter.hiddenTypes);
      const { kept, endPos, searching } = this.window;
      this.toolbar.setSearching(searching);
      this.header.setShown(this.window.cache.preview ? undefined : this.rows.length, kept, endPos - kept);
    }
    if (this.pauseDirty) {
      this.pauseDirty = false;
      this.toolbar.setPaused(this.pause.paused, this.pause.pending);
      this.root.classList.toggle('is-paused', this.pause.paused);
    }
    if (this.rows.length === 0) {
      const { kept, searching } = this.window;
      this.table.setEmptyText(emptyTableText(kept, this.pause.paused, searching, formatCount(kept)));
    }
    // Tests and the benchmark wait on these: the host's answer to the filter is on screen (busy
    // until then), or the webview's own preview of its rows is (see filterPreview.ts).
    setFlag(this.root, 'data-busy', this.window.busy);
    setFlag(this.root, 'data-preview', this.window.cache.preview);
    this.table.render();
    this.message.paint();
    this.acks.painted();
  }
}
