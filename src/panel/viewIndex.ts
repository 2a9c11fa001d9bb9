/**
 * The filtered view over the host's log, kept where the data is: which log positions the view
 * filter lets through, and how many kept events have each type. The webview holds none of this;
 * it asks for the rows it shows (see liveView.ts). Plain Node, no `vscode`.
 *
 * A new filter is applied in slices with a time budget (search is a regex over every kept
 * record, and a pattern such as `(a+)+$` can take seconds): the first slice runs at once, the rest
 * between other work, and the next filter drops a running scan on the spot. While a scan runs the
 * view holds what it found so far and `progress` says how far it got.
 *
 * Typing and toggling mostly move between related filters, so a scan starts from what is known:
 * a filter seen lately takes its finished view back and tests only the records logged since
 * (viewCache.ts), and a filter that narrows the last one (typing on, hiding a type) tests only
 * the positions the last view matched (narrowsFilter).
 */
import { CompiledFilter, filterKey, narrowsFilter } from '../shared/filter';
import { PosList } from '../shared/posList';
import { DEFAULT_FILTER, type ViewFilter } from '../shared/protocol';
import type { StreamRecord } from '../shared/records';
import type { RecordLog } from './recordLog';
import { ViewCache } from './viewCache';
import { TypeColumn } from './typeColumn';
import { PosBuffers } from './posBuffers';

/** Time one slice of a filter scan may take before it yields. */
export const SLICE_BUDGET_MS = 8;
/**
 * Records tested between two looks at the clock, at first: a look costs about as much as testing
 * a few simple records (0.2-0.5 µs), so the spacing doubles while records test fast, up to
 * CLOCK_EVERY_MAX, and halves when they test slowly (a catastrophic regex), so that a slice
 * overruns its budget by a few slow tests at most.
 */
const CLOCK_EVERY_FIRST = 4;
const CLOCK_EVERY_MAX = 256;
/** The same when the type column answers: a test is then a few ns, a look at the clock ~100. */
const CLOCK_EVERY_MAX_COLUMN = 8192;
/** Between two looks: less than this is fast (look less often), more than 4x this is slow. */
const CLOCK_SPACING_MS = 0.25;
/** Candidates in one sealed block that make asking the block first worth it (see passOverBlock). */
const CANDIDATES_WORTH_A_BLOCK_TEST = 32;

/** How the index runs later slices: injectable, so tests drive it without real time. */
export interface SliceScheduler {
  /** Runs `run` soon, after pending I/O (setImmediate in Node); returns a canceller. */
  later(run: () => void): () => void;
  now(): number;
}

export const defaultScheduler: SliceScheduler = {
  later(run) {
    if (typeof setImmediate === 'function') {
      const handle = setImmediate(run);
      return () => clearImmediate(handle);
    }
    // Browsers (the tests' worker): a message task, not setTimeout(0), which nesting clamps to 4 ms.
    let cancelled = false;
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      if (!cancelled) run();
    };
    channel.port2.postMessage(null);
    return () => {
      cancelled = true;
      channel.port1.close();
    };
  },
  now: () => performance.now(),
};

export class ViewIndex {
  private readonly typeCounts = new Map<string, number>();
  private view = new PosList();
  /** Ordinal of the view's first entry: entries ever removed from its front since the last filter. */
  private base = 0;
  private compiled: CompiledFilter;
  /** Next log position the filter has not tested yet (equal to the log's end once caught up). */
  private cursor = 0;
  /** Where the running scan started, for its progress. */
  private scanFrom = 0;
  /** The scan asked the log about the sealed blocks below this position (see slice()). */
  private blocksAskedTo = 0;
  /**
   * A narrowing scan tests these positions (the last view's) before going on from `cursor`;
   * `candidateAt` is the next one to test. Undefined for a scan of the log itself.
   */
  private candidates: PosList | undefined;
  private candidateAt = 0;
  private readonly finished: ViewCache;
  /** What each kept record is, so that filters without a search need not reach the records. */
  private readonly column: TypeColumn;
  /** Memory of views let go, for the next scan's view (see posBuffers.ts). */
  private readonly buffers: PosBuffers;
  /** Records tested between two looks at the clock in the running scan (see CLOCK_EVERY_FIRST). */
  private clockEvery = CLOCK_EVERY_FIRST;
  private cancelSlice: (() => void) | undefined;

  /**
   * @param changed called when a later slice changed the view (the caller sends a frame).
   */
  constructor(
    private readonly log: RecordLog,
    private readonly changed: () => void,
    filter: ViewFilter = DEFAULT_FILTER,
    private readonly scheduler: SliceScheduler = defaultScheduler,
    private readonly budgetMs = SLICE_BUDGET_MS,
  ) {
    this.compiled = new CompiledFilter(filter);
    this.buffers = new PosBuffers(log.capacity);
    this.finished = new ViewCache(log.capacity, (buffer) => this.buffers.give(buffer));
    this.column = new TypeColumn(log.capacity);
    this.column.follow(this.compiled);
    log.onEvict = (pos) => this.evicted(pos);
    this.rebuild();
  }

  get filter(): ViewFilter {
    return this.compiled.filter;
  }

  /** Ordinal of the first row of the view. */
  get viewBase(): number {
    return this.base;
  }

  get viewLength(): number {
    return this.view.length;
  }

  /** How far a running scan got (0..1), or undefined when the view is complete. */
  get progress(): number | undefined {
    const end = this.log.endPos;
    const candidatesLeft = this.candidates ? this.candidates.length - this.candidateAt : 0;
    if (this.cursor >= end && candidatesLeft === 0) return undefined;
    const total = (this.candidates?.length ?? 0) + end - this.scanFrom;
    return total <= 0 ? 0 : (total - candidatesLeft - (end - this.cursor)) / total;
  }

  /** Event types seen (first-seen order) with the number of kept events of each. */
  get types(): ReadonlyMap<string, number> {
    return this.typeCounts;
  }

  /** Log position of the row with ordinal `ordinal`, or undefined outside the view. */
  posAt(ordinal: number): number | undefined {
    return this.view.get(ordinal - this.base);
  }

  /** A record was pushed to the log (after any eviction it caused). */
  appended(record: StreamRecord, pos: number): void {
    this.column.set(pos, record);
    if (record.kind === 'event') this.typeCounts.set(record.type, (this.typeCounts.get(record.type) ?? 0) + 1);
    // While a scan runs it reaches this record itself.
    if (this.cursor !== pos || this.candidates) return;
    this.cursor++;
    if (this.compiled.matches(record)) this.view.push(pos);
  }

  /** Applies a new filter: drops a running scan, runs the first slice now. */
  setFilter(filter: ViewFilter): void {
    const previous = this.compiled.filter;
    const done = this.progress === undefined;
    if (done) this.finished.store(filterKey(previous), { view: this.view, cursor: this.cursor });
    // A view half built is of no use to anyone: its memory goes to the next one.
    else this.buffers.give(this.view.release());
    this.compiled = new CompiledFilter(filter);
    this.column.follow(this.compiled);
    // A type shown again whose events all left has nothing left to count.
    for (const [type, n] of this.typeCounts) if (n === 0 && !filter.hiddenTypes.includes(type)) this.typeCounts.delete(type);
    const seen = this.finished.take(filterKey(filter));
    if (seen) {
      this.restartScan(seen.view, seen.cursor);
    } else if (done && narrowsFilter(filter, previous)) {
      this.restartScan(undefined, this.cursor, this.view);
    } else {
      this.restartScan();
    }
  }

  /** The log was emptied. */
  reset(): void {
    this.typeCounts.clear();
    this.column.clear();
    this.finished.clear();
    this.buffers.give(this.view.release());
    this.restartScan();
  }

  dispose(): void {
    this.cancelSlice?.();
    this.cancelSlice = undefined;
    if (this.log.onEvict) this.log.onEvict = undefined;
  }

  /** Counts what the log holds now (the panel opened on a log that already had records). */
  private rebuild(): void {
    this.typeCounts.clear();
    this.column.clear();
    for (let pos = this.log.firstPos; pos < this.log.endPos; pos++) {
      const record = this.log.atPos(pos);
      if (record) this.column.set(pos, record);
      if (record?.kind === 'event') this.typeCounts.set(record.type, (this.typeCounts.get(record.type) ?? 0) + 1);
    }
    this.restartScan();
  }

  /**
   * Starts the current filter's scan: from nothing, or from a view it had (`view`, tested up to
   * `from`), or over the `candidates` a wider filter matched (tested up to `from`).
   */
  private restartScan(view?: PosList, from = this.log.firstPos, candidates?: PosList): void {
    this.cancelSlice?.();
    this.cancelSlice = undefined;
    // A new view fills one buffer with room for all the scan may find (the candidates, or the
    // log from `from`), so it never doubles through fresh memory as it grows.
    const most = candidates ? candidates.length + this.log.endPos - from : this.log.endPos - Math.max(from, this.log.firstPos);
    this.view = view ?? new PosList(this.buffers.take(most));
    // Positions the log let go while the view was put aside.
    this.view.dropBelow(this.log.firstPos);
    this.base = 0;
    this.candidates = candidates;
    this.candidateAt = candidates ? candidates.indexOf(this.log.firstPos) : 0;
    if (this.candidateAt < 0) this.candidateAt = -this.candidateAt - 1;
    this.cursor = Math.max(from, this.log.firstPos);
    this.scanFrom = this.cursor;
    this.blocksAskedTo = 0;
    // A new pattern may test slowly: start looking at the clock often again.
    this.clockEvery = CLOCK_EVERY_FIRST;
    this.slice();
  }

  /** Tests records from the cursor on until the log's end or the time budget. */
  private slice(): void {
    this.cancelSlice = undefined;
    const { log, compiled, view, scheduler, column } = this;
    // Decided once per slice: records are only added between slices.
    const byColumn = column.answers;
    // A plain-text search passes over whole sealed blocks of the log in which nothing can match:
    // one test of a block's joined text instead of building and testing its records one by one.
    const mayMatchWithin = byColumn ? undefined : compiled.search.mayMatchWithin;
    const everyMax = byColumn ? CLOCK_EVERY_MAX_COLUMN : CLOCK_EVERY_MAX;
    let lastLook = scheduler.now();
    const deadline = lastLook + this.budgetMs;
    let every = this.clockEvery;
    let untilLook = every;
    for (;;) {
      const { candidates } = this;
      let pos: number;
      let among: PosList | undefined;
      if (candidates && this.candidateAt < candidates.length) {
        pos = candidates.get(this.candidateAt++) as number;
        // The log may have let it go between two slices.
        if (pos < log.firstPos) continue;
        among = candidates;
      } else {
        this.candidates = undefined;
        if (this.cursor >= log.endPos) break;
        pos = this.cursor++;
      }
      const passedOver = mayMatchWithin !== undefined && pos >= this.blocksAskedTo && this.passOverBlock(pos, mayMatchWithin, among);
      if (!passedOver && (byColumn ? column.passes(pos) : compiled.matches(log.atPos(pos) as StreamRecord))) view.push(pos);
      if (--untilLook > 0) continue;
      const now = scheduler.now();
      if (now >= deadline) break;
      const spent = now - lastLook;
      if (spent < CLOCK_SPACING_MS) every = Math.min(everyMax, every * 2);
      else if (spent > CLOCK_SPACING_MS * 4) every = Math.max(1, every >> 1);
      lastLook = now;
      untilLook = every;
    }
    this.clockEvery = every;
    if (this.progress !== undefined) {
      this.cancelSlice = scheduler.later(() => {
        this.slice();
        this.changed();
      });
    }
  }

  /**
   * Passes over the rest of the sealed log block holding `pos` when nothing in it can match the
   * plain-text search: moves the cursor (or, among `candidates`, the candidate index) to the
   * block's end and returns true. Asks each block once per scan. Among candidates (a narrowing
   * scan), only a block holding enough of them is asked: testing its whole text costs about as
   * much as building and testing a few dozen of its records.
   */
  private passOverBlock(pos: number, mayMatchWithin: (text: string) => boolean, candidates: PosList | undefined): boolean {
    const end = this.log.sealedEnd(pos);
    this.blocksAskedTo = end;
    if (end <= pos) return false;
    let next = 0;
    if (candidates) {
      const at = candidates.indexOf(end);
      next = at < 0 ? -at - 1 : at;
      if (next - this.candidateAt < CANDIDATES_WORTH_A_BLOCK_TEST) return false;
    }
    if (this.log.sealedMayMatch(pos, mayMatchWithin)) return false;
    if (candidates) this.candidateAt = next;
    else this.cursor = end;
    return true;
  }

  private evicted(pos: number): void {
    const type = this.log.eventTypeAt(pos);
    if (type !== undefined) {
      const left = (this.typeCounts.get(type) ?? 0) - 1;
      // A hidden type stays at 0, so that its toggle (the user's choice) stays put; any other
      // type whose events all left goes, so a stream of ever-new types cannot grow this map.
      if (left > 0 || this.compiled.filter.hiddenTypes.includes(type)) this.typeCounts.set(type, Math.max(0, left));
      else this.typeCounts.delete(type);
    }
    this.base += this.view.dropBelow(pos + 1);
    if (this.cursor <= pos) {
      this.cursor = pos + 1;
      this.scanFrom = Math.max(this.scanFrom, this.cursor);
    }
  }
}
