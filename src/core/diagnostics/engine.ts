/**
 * The stream linter: watches one connection session (its records, raw chunks, parser complaints
 * and stream ends) and reports each problem it recognises as a DiagnosticRecord, once per code per
 * session. Pure: no timers, no I/O (the `no-events` check runs when the owner calls `idle(now)`),
 * and it only ever reads what it is given, so diagnostics never change what is dispatched.
 */
import type { ConnectionObserver, ParseProblem, StreamEnd } from '../connectionObserver';
import type { DiagnosticCode, DiagnosticRecord, OpenRecord, StreamRecord } from '../../shared/records';
import { ByteFacts, type ByteFindings } from './byteFacts';
import { SplitLines } from './splitLines';
import { BURST_EVENTS, BURST_GAP_MS, BURST_WINDOW_MS, CODES, NO_EVENTS_MS, QUOTED_LINE_MAX } from './codes';

const KNOWN_FIELDS = ['data', 'event', 'id', 'retry'];
/** wantsEventTimes asks for the times of a chunk's events when the silence before it was within this much of BURST_GAP_MS. */
const GAP_MARGIN_MS = 100;

export class DiagnosticsEngine implements ConnectionObserver {
  private readonly reported = new Set<DiagnosticCode>();
  private readonly bytes = new ByteFacts({ bom: true, crOnly: true, invalidUtf8: true, idWithNull: true });
  private readonly splitLines = new SplitLines();
  /** Seq of the last record seen: what a fact about bytes points at (StreamWatch sets it for events). */
  lastSeq = 0;
  /** Epoch ms of the last sign of life of the open stream (open, or any chunk); undefined while not open. */
  private lastActivity: number | undefined;
  /** Epoch ms of the chunk before the current one (or the open): the silence a burst follows. */
  private previousActivity = 0;
  private burstStart = 0;
  private burstSeq = 0;
  private burstCount = 0;
  private burstGapFrom = 0;
  /** The current chunk came after (nearly) BURST_GAP_MS of silence: its events' times matter. */
  private afterGap = false;
  /** buffered-delivery was reported: events need no more looking at (a field, not a Set lookup, per event). */
  private burstReported = false;

  /**
   * @param emit receives each diagnostic (synchronously, when it is found)
   * @param noEventsMs the silence that makes `no-events` (tests shorten it)
   */
  constructor(
    private readonly emit: (record: DiagnosticRecord) => void,
    private readonly noEventsMs: number = NO_EVENTS_MS,
  ) {}

  /** The codes reported so far. */
  get codes(): ReadonlySet<DiagnosticCode> {
    return this.reported;
  }

  /** Every record of the session, in order (after any renumbering the caller does). */
  record(record: StreamRecord): void {
    this.lastSeq = record.seq;
    switch (record.kind) {
      case 'event':
        this.eventTime(record.seq, record.time);
        break;
      case 'open':
        this.open(record);
        break;
      case 'error':
      case 'closed':
        this.lastActivity = undefined;
        break;
      case 'comment':
      case 'retry':
      case 'connecting':
        break;
    }
  }

  onChunk(bytes: Uint8Array, time: number): void {
    if (this.lastActivity !== undefined) this.previousActivity = this.lastActivity;
    this.lastActivity = time;
    // An event's time is at least its chunk's; the margin covers a slow parse of a big chunk.
    this.afterGap = time - this.previousActivity > BURST_GAP_MS - GAP_MARGIN_MS;
    this.byteFindings(this.bytes.chunk(bytes), time);
    if (!this.reported.has('unknown-field')) {
      const line = this.splitLines.chunk(bytes);
      if (line !== undefined) this.onParseError({ type: 'unknown-field', field: line.split(':', 1)[0], line });
    }
  }

  onParseError(problem: ParseProblem): void {
    const time = this.lastActivity ?? Date.now();
    const line = quote(problem.line ?? problem.field ?? '');
    if (problem.type === 'unknown-field') {
      const field = problem.field ?? '';
      const near = closestField(field);
      const extra = field.charCodeAt(0) === 0xfeff ? ' (it starts with a BOM: see the bom diagnostic)' : near !== undefined ? ` (did you mean "${near}"?)` : '';
      this.report('unknown-field', this.lastSeq, time, `Line ${line} has a field name EventSource ignores${extra}.`);
    } else if (problem.type === 'invalid-retry') {
      this.report('invalid-retry', this.lastSeq, time, `Line ${line} is ignored: retry takes ASCII digits only.`);
    }
  }

  onStreamEnd(end: StreamEnd): void {
    this.byteFindings(this.bytes.end(), end.time);
    if (end.pendingData) {
      const how = end.clean ? 'ended' : 'broke off';
      this.report('unterminated-event', this.lastSeq, end.time, `The stream ${how} inside an event (no blank line after its data): that event was dropped.`);
    }
    this.lastActivity = undefined;
  }

  /** Checks the open stream for silence; call it now and then (the owner keeps the timer). */
  idle(now: number): void {
    if (this.lastActivity === undefined || this.reported.has('no-events')) return;
    const quiet = now - this.lastActivity;
    if (quiet >= this.noEventsMs) {
      this.report('no-events', this.lastSeq, now, `Nothing (not even a comment) has arrived for ${Math.round(quiet / 1000)} s on the open stream.`);
    }
  }

  private open(record: OpenRecord): void {
    this.bytes.reset();
    this.splitLines.reset();
    this.lastActivity = record.time;
    this.previousActivity = record.time;
    this.burstCount = 0;
    const h = lowerCaseKeys(record.headers);
    const encoding = (h['content-encoding'] ?? '').trim().toLowerCase();
    if (encoding !== '' && encoding !== 'identity') {
      this.report('compressed-stream', record.seq, record.time, `The stream is sent with Content-Encoding: ${encoding}.`);
    }
    const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(h['content-type'] ?? '');
    if (charset && !/^utf-?8$/i.test(charset[1])) {
      this.report('charset-not-utf8', record.seq, record.time, `Content-Type says charset=${charset[1]}, but event streams are always decoded as UTF-8.`);
    }
    if (h['content-length'] !== undefined) {
      this.report('content-length', record.seq, record.time, `The response has Content-Length: ${h['content-length']}: the stream will end after that many bytes.`);
    }
    const cache = (h['cache-control'] ?? '').toLowerCase();
    if (!/\bno-(cache|store)\b/.test(cache)) {
      const got = cache === '' ? 'no Cache-Control header' : `Cache-Control: ${h['cache-control']}`;
      this.report('no-cache-missing', record.seq, record.time, `The response has ${got} (neither no-cache nor no-store).`);
    }
  }

  /**
   * Whether the burst check wants the next event's time (then call eventTime). False for nearly
   * every event: only a chunk after a silence, or a burst under way, needs the times. It changes
   * only in onChunk, record and eventTime, so StreamWatch asks after those, not per event.
   */
  wantsEventTimes(): boolean {
    return !this.burstReported && (this.burstCount > 0 || this.afterGap);
  }

  /** buffered-delivery: BURST_EVENTS events within BURST_WINDOW_MS, the first after BURST_GAP_MS of silence. */
  eventTime(seq: number, time: number): void {
    // Nearly every event: no burst under way, and no silence before its chunk.
    if (this.burstReported || (this.burstCount === 0 && time - this.previousActivity <= BURST_GAP_MS)) return;
    if (this.burstCount > 0 && time - this.burstStart <= BURST_WINDOW_MS) {
      if (++this.burstCount === BURST_EVENTS) {
        const gap = this.burstStart - this.burstGapFrom;
        this.report(
          'buffered-delivery',
          this.burstSeq,
          time,
          `${BURST_EVENTS} or more events arrived within ${BURST_WINDOW_MS} ms after ${(gap / 1000).toFixed(1)} s of silence: they were held back on the way.`,
        );
      }
      return;
    }
    this.burstCount = 0;
    // The first event of a chunk: how long was the stream silent before that chunk?
    if (time - this.previousActivity > BURST_GAP_MS) {
      this.burstStart = time;
      this.burstSeq = seq;
      this.burstCount = 1;
      this.burstGapFrom = this.previousActivity;
    }
  }

  private byteFindings(found: ByteFindings, time: number): void {
    if (found.bom === 2) {
      this.report('bom', this.lastSeq, time, 'The stream starts with two BOMs: the first is stripped, the second makes the first field unreadable.');
    } else if (found.bom === 1) {
      this.report('bom', this.lastSeq, time, 'The stream starts with a byte order mark (U+FEFF); EventSource strips it.');
    }
    if (found.crOnly) this.report('cr-line-endings', this.lastSeq, time, 'Lines end with CR alone (not LF or CRLF).');
    if (found.invalidUtf8) this.report('invalid-utf8', this.lastSeq, time, 'The stream holds bytes that are not valid UTF-8; they were decoded as U+FFFD (\uFFFD).');
    if (found.idWithNull !== undefined) {
      this.report('id-with-null', this.lastSeq, time, `Line ${quote(found.idWithNull)} is ignored: an id must not contain U+0000, so the last event ID stays as it was.`);
    }
  }

  private report(code: DiagnosticCode, seq: number, time: number, message: string): void {
    if (this.reported.has(code)) return;
    this.reported.add(code);
    const wanted = this.bytes.wanted;
    if (code === 'bom') wanted.bom = false;
    else if (code === 'cr-line-endings') wanted.crOnly = false;
    else if (code === 'invalid-utf8') wanted.invalidUtf8 = false;
    else if (code === 'id-with-null') wanted.idWithNull = false;
    else if (code === 'buffered-delivery') this.burstReported = true;
    const info = CODES[code];
    this.emit({ kind: 'diagnostic', seq, time, code, severity: info.severity, message, hint: info.hint });
  }
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value;
  return out;
}

/** A line for a message: JSON-quoted (control characters and NUL visible), cut when long. */
function quote(line: string): string {
  const cut = line.length > QUOTED_LINE_MAX ? `${line.slice(0, QUOTED_LINE_MAX)}…` : line;
  return JSON.stringify(cut);
}

/** The known field a mistyped name most likely meant (case, a swap, or one letter off). */
export function closestField(name: string): string | undefined {
  const lower = name.toLowerCase().trim();
  for (const field of KNOWN_FIELDS) if (lower === field) return field;
  let best: string | undefined;
  let bestDistance = 3;
  for (const field of KNOWN_FIELDS) {
    const d = distance(lower, field);
    if (d < bestDistance && d <= Math.max(1, Math.floor(field.length / 2))) {
      best = field;
      bestDistance = d;
    }
  }
  return best;
}

/** Optimal string alignment distance (a swap of neighbours counts as one edit). */
function distance(a: string, b: string): number {
  const d: number[][] = [];
  for (let i = 0; i <= a.length; i++) d.push([i]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
