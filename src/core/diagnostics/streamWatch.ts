/**
 * One connection session's observer: the diagnostics engine and the wire capture behind a single
 * ConnectionObserver, plus the timer the `no-events` check needs. Give it every record of the
 * session (`record`) and pass it to the client as its observer.
 */
import type { ConnectionObserver, ParseProblem, StreamEnd } from '../connectionObserver';
import type { ChunkRecord, DiagnosticRecord, StreamRecord } from '../../shared/records';
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
    // a megamorphic lookup): read kind and seq once here, time only when the engine asks for it.
    if (record.kind === 'event') {
      const seq = record.seq;
      if (this.wire) this.wire.lastSeq = seq;
      if (this.engine?.eventSeen(seq)) this.engine.eventTime(seq, record.time);
      return;
    }
    this.wire?.record(record);
    const engine = this.engine;
    if (!engine) return;
    engine.record(record);
    if (record.kind === 'open' && this.timer === undefined) {
      this.timer = setInterval(() => engine.idle(Date.now()), this.idleCheckMs);
      this.timer.unref();
    } else if (record.kind === 'closed') {
      this.dispose();
    }
  }

  onChunk(bytes: Uint8Array, time: number): void {
    // The chunk record first: diagnostics about its bytes follow it.
    this.wire?.onChunk(bytes, time);
    this.engine?.onChunk(bytes, time);
  }

  onParseError(problem: ParseProblem): void {
    this.engine?.onParseError(problem);
  }

  onStreamEnd(end: StreamEnd): void {
    this.engine?.onStreamEnd(end);
  }

  dispose(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
