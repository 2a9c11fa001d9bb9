/**
 * One connection session's observer: the diagnostics engine and the wire capture behind a single
 * ConnectionObserver, plus the timer the `no-events` check needs. Give it every record of the
 * session (`record`) and pass it to the client as its observer.
 */
import type { ConnectionObserver, ParseProblem, StreamEnd } from '../connectionObserver';
import type { ChunkRecord, DiagnosticRecord, EventRecord, StreamRecord } from '../../shared/records';
import { DiagnosticsEngine } from './engine';
import { WireCapture } from './wireCapture';

/** How often the open stream is checked for silence. */
const IDLE_CHECK_MS = 1000;

export interface StreamWatchOptions {
  /** Lint the stream (default true). */
  diagnostics?: boolean;
  onDiagnostic?(record: DiagnosticRecord): void;
  /** Keep the newest chunks up to this many bytes (0 or absent: keep none). */
  wireBytes?: number;
  /** A capture to add chunks to instead (one that outlives this connection, e.g. a panel's). */
  wire?: WireCapture;
  /** Every chunk as a record, as it arrives (`record --raw`); independent of `wireBytes`. */
  onChunk?(record: ChunkRecord): void;
  /** The silence that makes `no-events` (default NO_EVENTS_MS; tests shorten it). */
  noEventsMs?: number;
}

export class StreamWatch implements ConnectionObserver {
  readonly engine: DiagnosticsEngine | undefined;
  readonly wire: WireCapture | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly idleCheckMs: number;
  /** Seq of the last record given (kept here per event; the engine and capture get it when they need it). */
  private lastSeq = 0;
  /** The engine wants event times now (a chunk after a silence, or a burst under way): see wantsEventTimes. */
  private eventTimes = false;

  constructor(options: StreamWatchOptions) {
    if (options.diagnostics !== false) this.engine = new DiagnosticsEngine((record) => options.onDiagnostic?.(record), options.noEventsMs);
    this.idleCheckMs = Math.min(IDLE_CHECK_MS, Math.max(10, Math.floor((options.noEventsMs ?? IDLE_CHECK_MS) / 4)));
    if (options.wire) this.wire = options.wire;
    else if ((options.wireBytes ?? 0) > 0 || options.onChunk) this.wire = new WireCapture(options.wireBytes ?? 0, options.onChunk);
  }

  /** True when nothing is watched: the client can then be given no observer at all. */
  get idle(): boolean {
    return this.engine === undefined && this.wire === undefined;
  }

  record(record: StreamRecord): void {
    // Events are nearly every record, and records come in many shapes (so every property read is
    // a megamorphic lookup): per event, read kind and seq once and keep the seq here; the engine
    // and the capture get it when they next need it (a chunk, a parser complaint, the end).
    if (record.kind === 'event') {
      this.lastSeq = record.seq;
      if (this.eventTimes) this.eventTime(record.seq, record.time);
      return;
    }
    this.otherRecord(record);
  }

  /** A record other than an event (rare): kept apart so that `record` stays small enough to be inlined where it is called. */
  private otherRecord(record: Exclude<StreamRecord, EventRecord>): void {
    this.lastSeq = record.seq;
    this.wire?.record(record);
    const engine = this.engine;
    if (!engine) return;
    engine.record(record);
    this.eventTimes = engine.wantsEventTimes();
    if (record.kind === 'open' && this.timer === undefined) {
      this.timer = setInterval(() => this.idleCheck(engine), this.idleCheckMs);
      this.timer.unref();
    } else if (record.kind === 'closed') {
      this.dispose();
    }
  }

  onChunk(bytes: Uint8Array, time: number): void {
    // The chunk record first: diagnostics about its bytes follow it.
    const wire = this.wire;
    if (wire) {
      wire.lastSeq = this.lastSeq;
      wire.onChunk(bytes, time);
    }
    const engine = this.engine;
    if (engine) {
      engine.lastSeq = this.lastSeq;
      engine.onChunk(bytes, time);
      this.eventTimes = engine.wantsEventTimes();
    }
  }

  onParseError(problem: ParseProblem): void {
    if (!this.engine) return;
    this.engine.lastSeq = this.lastSeq;
    this.engine.onParseError(problem);
  }

  onStreamEnd(end: StreamEnd): void {
    if (!this.engine) return;
    this.engine.lastSeq = this.lastSeq;
    this.engine.onStreamEnd(end);
  }

  private eventTime(seq: number, time: number): void {
    const engine = this.engine!;
    engine.lastSeq = seq;
    engine.eventTime(seq, time);
    this.eventTimes = engine.wantsEventTimes();
  }

  private idleCheck(engine: DiagnosticsEngine): void {
    engine.lastSeq = this.lastSeq;
    engine.idle(Date.now());
  }

  dispose(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
