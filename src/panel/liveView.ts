/**
 * The host half of the live view: the webview shows a window on the host's log, and this decides
 * what crosses to it. Its cost follows what is on screen, not the stream's rate:
 * - at most one frame per interval (eight while the stream outruns the screen), and only once the
 *   webview acknowledged the previous one, which it does once it painted it (frameAcks.ts):
 *   while the webview cannot keep up (busy, hidden, a slow remote link) the host coalesces the
 *   state into the next frame instead of queueing messages;
 * - a frame carries the counters, type counts, the view's length and, while the reader follows
 *   the newest rows, those rows up to a budget in rows and bytes; what the budget skipped is a
 *   gap the webview fetches only if the reader scrolls there;
 * - filter and search run here, over all kept records (see viewIndex.ts); the webview fetches
 *   the rows it needs by ordinal.
 * Plain Node, no `vscode`: the panel wires it to a webview, tests and the browser harness to
 * their own `post`.
 */
import { MAX_TYPE_CHIPS, type ConnectionStats, type HostToWebview, type ViewFilter, type ViewFrame, type WebviewToHost, type WireRow } from '../shared/protocol';
import type { StreamRecord } from '../shared/records';
import type { RecordLog } from './recordLog';
import { defaultScheduler, ViewIndex, type SliceScheduler } from './viewIndex';

/** Limits on what one message carries. */
export interface WireBudget {
  rows: number;
  bytes: number;
  /** Data (or comment text) beyond this many characters stays on the host until asked for. */
  clipChars: number;
}

export const DEFAULT_BUDGET: WireBudget = { rows: 400, bytes: 512 * 1024, clipChars: 2048 };

/** Timers the live view uses: injectable, so tests run on a fake clock. */
export interface FrameTimers {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Milliseconds on a monotonic clock. */
  now(): number;
}

const realTimers: FrameTimers = {
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => performance.now(),
};

export interface LiveViewOptions {
  log: RecordLog;
  post(message: HostToWebview): void;
  stats(): ConnectionStats;
  filter?: ViewFilter;
  /** Shortest time between two frames (about one display frame). */
  frameMs?: number;
  budget?: WireBudget;
  timers?: FrameTimers;
  /** Adds what else is due to a frame about to go (the Message view's update). */
  complete?(frame: ViewFrame): void;
  scheduler?: SliceScheduler;
}

/** Frames are this many intervals apart while the stream outruns the screen (see schedule()). */
export const OUTRUN_FRAME_FACTOR = 8;
/** Rows around the viewport sent with a frame after the filter changed (saves a round trip). */
const VIEWPORT_MARGIN = 20;
/**
 * How long a new filter's scan may run before frames show its partial answer. Each frame costs
 * the webview a paint and the channel a round trip before the next may go, so partial frames of a
 * scan that ends soon only delay the whole answer; a longer scan shows its progress from then on.
 */
export const PARTIAL_FRAME_PATIENCE_MS = 100;

export class LiveView {
  readonly index: ViewIndex;
  private readonly budget: WireBudget;
  private readonly frameMs: number;
  private readonly timers: FrameTimers;
  private ready = false;
  /** Last frame number sent, and the last the webview acknowledged. */
  private frame = 0;
  private acked = 0;
  private timer: unknown;
  /** When the last frame went (timers' clock): the next waits only what remains of an interval. */
  private lastEmitAt = Number.NEGATIVE_INFINITY;
  /** The last frame's tail could not hold every new row: the stream outruns the screen. */
  private outrun = false;
  private dirty = false;
  /** The pending change answers the user (a filter): send it as soon as the channel allows. */
  private urgent = false;
  /** `filterChanged` messages since `ready`: the webview counts the same. */
  private filterVersion = 0;
  private viewport = { from: 0, to: 0, following: true };
  /** Ordinal up to which the tail was sent (for this filter version). */
  private sentTo = 0;
  /** The next frame should carry the rows under the viewport (the filter changed). */
  private sendViewport = false;
  /** Until then (timers' clock) no frame shows a partial scan (see PARTIAL_FRAME_PATIENCE_MS). */
  private holdPartialUntil = Number.NEGATIVE_INFINITY;
  /** Frames whose tail skipped rows, and how many rows in all (for tests and the benchmark). */
  readonly gaps = { frames: 0, rows: 0 };

  constructor(private readonly options: LiveViewOptions) {
    this.budget = options.budget ?? DEFAULT_BUDGET;
    this.frameMs = options.frameMs ?? 16;
    this.timers = options.timers ?? realTimers;
    // A scan's last slice completes what a keystroke asked for: that frame goes at once.
    this.index = new ViewIndex(options.log, () => this.changed(this.index.progress === undefined), options.filter, options.scheduler ?? defaultScheduler);
  }

  get filter(): ViewFilter {
    return this.index.filter;
  }

  /** `filterChanged` messages taken since the webview said `ready`. */
  get currentFilterVersion(): number {
    return this.filterVersion;
  }

  /**
   * The webview (re)loaded: it starts with an empty window and will ack frame numbers from 1.
   * @param filterVersion 0 for a webview that just said `ready` (it counts its filters from there).
   */
  start(init: Extract<HostToWebview, { type: 'init' }>, filterVersion = 0): void {
    this.stopTimer();
    this.ready = true;
    this.frame = 0;
    this.acked = 0;
    this.filterVersion = filterVersion;
    this.sentTo = 0;
    this.viewport = { from: 0, to: 0, following: true };
    this.options.post(init);
    this.changed();
  }

  /** The webview is gone (hidden and torn down, or disposed): send nothing until it is back. */
  stop(): void {
    this.ready = false;
    this.stopTimer();
  }

  /** A record was logged (called after the log's push). */
  recordAdded(record: StreamRecord): void {
    this.index.appended(record, this.options.log.endPos - 1);
    this.changed();
  }

  /** The log was emptied. */
  cleared(): void {
    this.index.reset();
    this.sentTo = 0;
    if (this.ready) this.options.post({ type: 'cleared' });
    this.changed();
  }

  /** Counters changed without a record (the rate, a countdown): worth a frame. */
  tick(): void {
    this.changed();
  }

  /** The part of the protocol that is about the view; returns false for other messages. */
  receive(message: WebviewToHost): boolean {
    switch (message.type) {
      case 'ack':
        // An ack for a frame not sent yet answers an earlier start (frame numbers begin again at
        // each): taking it would leave this start waiting for an ack that never comes.
        if (message.frame > this.frame) return true;
        this.acked = Math.max(this.acked, message.frame);
        if (this.dirty && this.urgent) this.changed(true);
        else if (this.dirty) this.schedule();
        return true;
      case 'viewport': {
        const wasFollowing = this.viewport.following;
        this.viewport = { from: message.from, to: message.to, following: message.following };
        // Back to the tail: its newest rows are due, whatever was sent before.
        if (message.following && !wasFollowing) this.sentTo = this.index.viewBase;
        if (message.following) this.changed();
        return true;
      }
      case 'fetch':
        if (message.filterVersion === this.filterVersion) this.postRows(message.from, message.to);
        return true;
      case 'detail':
        this.post({ type: 'detail', pos: message.pos, record: this.options.log.atPos(message.pos) });
        return true;
      case 'detailOfSeq': {
        // From the newest back: links point at recent records. Once per click, so a scan is fine.
        const log = this.options.log;
        for (let pos = log.endPos - 1; pos >= log.firstPos; pos--) {
          const record = log.atPos(pos);
          if (record?.seq !== message.seq) continue;
          this.post({ type: 'detail', pos, record });
          break;
        }
        return true;
      }
      case 'filterChanged':
        this.filterVersion++;
        this.holdPartialUntil = this.timers.now() + PARTIAL_FRAME_PATIENCE_MS;
        this.index.setFilter(message.filter);
        this.sentTo = 0;
        this.sendViewport = true;
        // Typing must paint at once: no waiting for the frame interval (still only when acked).
        this.changed(true);
        return true;
      default:
        return false;
    }
  }

  dispose(): void {
    this.stop();
    this.index.dispose();
  }

  private changed(urgent = false): void {
    this.dirty = true;
    this.urgent ||= urgent;
    if (this.urgent && this.ready && this.frame === this.acked && this.holdFor() === 0) {
      this.stopTimer();
      this.emit();
      return;
    }
    this.schedule();
  }

  private schedule(): void {
    if (!this.ready || this.timer !== undefined || !this.dirty) return;
    // Backpressure: one frame in flight at most; the ack schedules the next.
    if (this.frame !== this.acked) return;
    // After a quiet spell the frame goes in the next turn (which still gathers a chunk's burst of
    // records into one frame), so that a lone event at a low rate paints without waiting an
    // interval; a steady stream still gets at most one frame per interval.
    // While the stream outruns the screen every frame replaces every row, faster than anyone reads:
    // an eighth of the frame rate (about 8 a second) still shows it moving, and cuts what the
    // workbench relays and the webview lays out and paints (each frame's 50 new rows cost the
    // webview several ms of layout and paint), which is what a busy machine runs short of. With a
    // CPU hog beside it on 2 cores, a quarter kept the renderers at 40-45 % of a core and the
    // webview's longest task at 103-145 ms; an eighth, 21-26 % and 78-121 ms (bench:live --hog).
    // What answers the user (a filter, a finished scan) keeps the full frame rate.
    const interval = this.outrun && !this.urgent ? this.frameMs * OUTRUN_FRAME_FACTOR : this.frameMs;
    const wait = Math.max(0, interval - (this.timers.now() - this.lastEmitAt), this.holdFor());
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      this.emit();
    }, wait);
  }

  /** How long frames must still wait for the running scan before showing it half done. */
  private holdFor(): number {
    if (this.index.progress === undefined) return 0;
    return Math.max(0, this.holdPartialUntil - this.timers.now());
  }

  private stopTimer(): void {
    if (this.timer === undefined) return;
    this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private emit(): void {
    if (!this.ready || this.frame !== this.acked) return;
    if (this.holdFor() > 0) return this.schedule();
    this.dirty = false;
    this.urgent = false;
    this.lastEmitAt = this.timers.now();
    const { index } = this;
    const log = this.options.log;
    const searching = index.progress;
    const message: Extract<HostToWebview, { type: 'frame' }> = {
      type: 'frame',
      frame: ++this.frame,
      stats: this.options.stats(),
      kept: log.size,
      endPos: log.endPos,
      ...typeChips(index.types, index.filter.hiddenTypes),
      filterVersion: this.filterVersion,
      viewBase: index.viewBase,
      viewLength: index.viewLength,
    };
    if (searching !== undefined) message.searching = searching;
    const tail = this.tailRows();
    if (tail) message.tail = tail;
    this.options.complete?.(message);
    this.options.post(message);
  }

  /** The rows this frame carries: the newest while following, else those under the viewport once. */
  private tailRows(): { from: number; rows: WireRow[]; skipped: number } | undefined {
    const { index } = this;
    const end = index.viewBase + index.viewLength;
    if (this.viewport.following) {
      const already = Math.max(this.sentTo, index.viewBase);
      const want = Math.min(this.budget.rows, Math.max(1, this.viewport.to - this.viewport.from) + VIEWPORT_MARGIN);
      const from = Math.max(already, end - want);
      const rows = this.collect(from, end, true);
      const first = end - rows.length;
      this.sentTo = end;
      this.sendViewport = false;
      const skipped = first - already;
      this.outrun = skipped > 0;
      if (skipped > 0) {
        this.gaps.frames++;
        this.gaps.rows += skipped;
      }
      return rows.length > 0 || skipped > 0 ? { from: first, rows, skipped } : undefined;
    }
    if (!this.sendViewport) return undefined;
    this.sendViewport = false;
    const from = Math.max(index.viewBase, this.viewport.from - VIEWPORT_MARGIN);
    const rows = this.collect(from, Math.min(end, this.viewport.to + VIEWPORT_MARGIN), false);
    return rows.length > 0 ? { from, rows, skipped: 0 } : undefined;
  }

  private postRows(from: number, to: number): void {
    const start = Math.max(from, this.index.viewBase);
    const rows = this.collect(start, Math.min(to, this.index.viewBase + this.index.viewLength), false);
    this.post({ type: 'rows', filterVersion: this.filterVersion, viewBase: this.index.viewBase, from: start, rows });
  }

  /**
   * Rows of ordinals [from, to) within the budget: from the front, or (newestFirst) keeping the
   * newest when the budget cannot hold them all. Returned oldest first.
   */
  private collect(from: number, to: number, newestFirst: boolean): WireRow[] {
    const rows: WireRow[] = [];
    let bytes = 0;
    const count = Math.max(0, to - from);
    for (let i = 0; i < count && rows.length < this.budget.rows; i++) {
      const ordinal = newestFirst ? to - 1 - i : from + i;
      const pos = this.index.posAt(ordinal);
      const record = pos === undefined ? undefined : this.options.log.atPos(pos);
      if (pos === undefined || record === undefined) break;
      const row = wireRow(pos, record, this.budget.clipChars);
      bytes += rowBytes(row.record);
      if (bytes > this.budget.bytes && rows.length > 0) break;
      rows.push(row);
    }
    if (newestFirst) rows.reverse();
    return rows;
  }

  private post(message: HostToWebview): void {
    if (this.ready) this.options.post(message);
  }
}

/**
 * The types a frame names: the first `MAX_TYPE_CHIPS` seen, plus any hidden one beyond them (its
 * toggle must stay to show it again), and how many more there are. A frame stays small however
 * many types a stream invents.
 */
export function typeChips(types: ReadonlyMap<string, number>, hidden: readonly string[]): Pick<ViewFrame, 'types' | 'moreTypes'> {
  if (types.size <= MAX_TYPE_CHIPS) return { types: [...types] };
  const named: Array<[string, number]> = [];
  let more = 0;
  for (const entry of types) {
    if (named.length < MAX_TYPE_CHIPS || hidden.includes(entry[0])) named.push(entry);
    else more++;
  }
  return { types: named, moreTypes: more };
}

/** The record as a row needs it: long data cut (the detail pane asks for it whole). */
export function wireRow(pos: number, record: StreamRecord, clipChars: number): WireRow {
  if (record.kind === 'event' && record.data.length > clipChars) {
    return { pos, record: { ...record, data: record.data.slice(0, clipChars) }, clipped: true };
  }
  if (record.kind === 'comment' && record.text.length > clipChars) {
    return { pos, record: { ...record, text: record.text.slice(0, clipChars) }, clipped: true };
  }
  return { pos, record };
}

/** About what a row costs on the wire: its text plus the fields around it. */
function rowBytes(record: StreamRecord): number {
  if (record.kind === 'event') return record.data.length + record.type.length + (record.id?.length ?? 0) * 2 + 160;
  if (record.kind === 'comment') return record.text.length + 80;
  if (record.kind === 'error') return (record.bodyPreview?.length ?? 0) + 400;
  return 400;
}
