/**
 * An EventSource that shows its work: connects to an SSE URL, reconnects the way the WHATWG
 * spec says (or as a caller's policy says), and reports everything as records (events,
 * comments, retry changes and each lifecycle step). Plain Node, never imports `vscode`: the
 * extension, the CLI and the tests use this same class.
 *
 * Lifecycle: idle -> connecting -> open -> (waiting -> connecting -> ...) -> closed. Exactly one
 * `closed` record ends every session; after it nothing is recorded and no socket, timer or
 * listener of this client is left.
 */
import { fetch, type Dispatcher } from 'undici';
import { resolveOptions, OptionsError, type ResolvedOptions, type SseClientOptions } from './clientOptions';
import {
  ConnectionError,
  contentTypeError,
  describeNetworkError,
  isEventStreamType,
  statusError,
} from './connectionError';
import { createDispatcher } from './dispatcher';
import type { ConnectionObserver, ParseProblem } from './connectionObserver';
import { EventStreamReader, type StreamSink } from './eventStreamReader';
import { headersToRecord, readBodyPreview } from './httpResponse';
import { isSecretHeaderName, SECRET_MASK } from './profiles';
import { mayReconnect, reconnectDelay } from './reconnectDelay';
import type { ClosedRecord, CloseReason, ErrorRecord, EventRecord, StreamRecord } from '../shared/records';

export type { ReconnectPolicy, SseClientOptions } from './clientOptions';

/** What the constructor takes: the options and where records go. */
export interface SseClientInit extends SseClientOptions {
  /**
   * Called synchronously, in order, once per record. It may call `stop()` or `reconnectNow()`;
   * it must not throw (a throw is rethrown on a microtask, it does not disturb the client).
   */
  onRecord(record: StreamRecord): void;
  /** Sees the raw chunks, the parser's complaints and each stream's end (diagnostics, wire view). */
  observer?: ConnectionObserver;
}

/** Where a client is in its lifecycle. */
export type ClientState = 'idle' | 'connecting' | 'open' | 'waiting' | 'closed';

/** The reasons a caller may give `stop()`. */
export type StopReason = Extract<CloseReason, 'stopped' | 'max-events' | 'timeout'>;

const STOP_MESSAGES: Record<StopReason, string> = {
  stopped: 'Stopped',
  'max-events': 'Stopped after the requested number of events',
  timeout: 'Stopped: the time limit was reached',
};

/** A response that failed the connection: what the error record shows of it. */
interface ResponseDetails {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  bodyPreview: string;
}

export class SseClient implements StreamSink {
  private readonly onRecord: (record: StreamRecord) => void;
  private readonly observer: ConnectionObserver | undefined;
  private readonly options: ResolvedOptions | undefined;
  private readonly optionsError: OptionsError | undefined;
  private readonly reader: EventStreamReader | undefined;
  private dispatcher: Dispatcher | undefined;

  private currentState: ClientState = 'idle';
  private seq = 0;
  private lastId = '';
  private attempts = 0;
  /** Reconnects since the last open stream (what `maxAttempts` and exponential backoff count). */
  private failuresInRow = 0;
  /** The reconnection time: the server's latest `retry`, else the default. */
  private retryMs = 0;
  /** The attempt in progress; replaced on reconnect, cleared on stop, so late callbacks of an old attempt see they are stale. */
  private attemptCtl: AbortController | undefined;
  /** True while the open stream's records are wanted; false from the moment it is dropped. */
  private acceptRecords = false;
  /** Receive time of the chunk being read: every record from one chunk arrived at the same time. */
  private chunkTime = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private connectTimer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private resolveDone!: (record: ClosedRecord) => void;

  /** Settles with the `closed` record when the session is over, whatever the reason. */
  readonly done: Promise<ClosedRecord>;

  constructor(init: SseClientInit) {
    this.onRecord = init.onRecord;
    this.observer = init.observer;
    this.done = new Promise((resolve) => {
      this.resolveDone = resolve;
    });
    try {
      this.options = resolveOptions(init);
      this.lastId = this.options.lastEventId;
      this.retryMs = this.options.retryMs;
      this.reader = new EventStreamReader(this, this.options.maxEventBytes);
    } catch (error) {
      if (!(error instanceof OptionsError)) throw error;
      // Reported as records on start(), like any other failure, so every caller shows it the same way.
      this.optionsError = error;
    }
  }

  /** The last event ID, as EventSource's `lastEventId` (what the next reconnect sends). */
  get lastEventId(): string {
    return this.lastId;
  }

  /** Reconnects made so far (0 during the first connection). */
  get attempt(): number {
    return this.attempts;
  }

  get state(): ClientState {
    return this.currentState;
  }

  /** Connects. Once per client: a stopped client stays stopped (create another to connect again). */
  start(): void {
    if (this.currentState !== 'idle') return;
    if (this.optionsError || !this.options) {
      const error = this.optionsError ?? new OptionsError('INVALID_REQUEST', 'The options could not be read.');
      this.currentState = 'connecting';
      this.emitError(new ConnectionError(error.code, error.message, undefined, true), false);
      this.finish('failed', error.message);
      return;
    }
    this.dispatcher = createDispatcher(this.options);
    this.connect();
  }

  /**
   * Ends the session now: aborts the request, clears timers, closes sockets, records one
   * `closed`. Synchronous and idempotent; records arriving later are dropped.
   */
  stop(reason: StopReason = 'stopped', message: string = STOP_MESSAGES[reason]): void {
    this.finish(reason, message);
  }

  /**
   * Reconnects at once: skips a pending wait, or drops the current request or stream and
   * connects again. Returns false when the session is idle or closed (nothing to do).
   */
  reconnectNow(): boolean {
    if (this.currentState === 'idle' || this.currentState === 'closed') return false;
    if (this.currentState === 'waiting') {
      clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
      this.failuresInRow++;
    }
    this.dropAttempt();
    this.attempts++;
    this.connect();
    return true;
  }

  // ---- StreamSink: called by the reader, synchronously, for each chunk. The hot path. ----

  onEvent(type: string, data: string, id: string | undefined, size: number, truncated: boolean): void {
    if (!this.acceptRecords) return;
    const seq = ++this.seq;
    const record: EventRecord =
      id === undefined
        ? { kind: 'event', seq, time: this.chunkTime, type, data, lastEventId: this.lastId, size }
        : { kind: 'event', seq, time: this.chunkTime, type, data, lastEventId: this.lastId, id, size };
    if (truncated) record.truncated = true;
    this.emit(record);
  }

  onId(id: string): void {
    if (this.acceptRecords) this.lastId = id;
  }

  onComment(text: string): void {
    if (this.acceptRecords) this.emit({ kind: 'comment', seq: ++this.seq, time: this.chunkTime, text });
  }

  onRetry(ms: number): void {
    if (!this.acceptRecords) return;
    this.retryMs = ms;
    this.emit({ kind: 'retry', seq: ++this.seq, time: this.chunkTime, retry: ms });
  }

  onParseError(problem: ParseProblem): void {
    if (this.acceptRecords) this.observer?.onParseError?.(problem);
  }

  // ---- Connection attempts ----

  private connect(): void {
    const options = this.options!;
    const ctl = new AbortController();
    this.attemptCtl = ctl;
    this.currentState = 'connecting';
    const headers = this.requestHeaders(options);
    this.emit({
      kind: 'connecting',
      seq: ++this.seq,
      time: Date.now(),
      url: options.url.href,
      method: options.method,
      requestHeaders: this.maskSecrets(headers, options),
      attempt: this.attempts,
      ...(this.lastId !== '' ? { lastEventId: this.lastId } : {}),
    });
    // onRecord may have stopped or restarted the client.
    if (ctl !== this.attemptCtl) return;
    void this.run(ctl, options, headers);
  }

  /** One attempt: request, check the response, read the stream. Every await is followed by a staleness check. */
  private async run(ctl: AbortController, options: ResolvedOptions, headers: Record<string, string>): Promise<void> {
    if (options.connectTimeoutMs !== undefined) {
      const ms = options.connectTimeoutMs;
      this.connectTimer = setTimeout(() => {
        ctl.abort(
          new ConnectionError('CONNECT_TIMEOUT', `No response from ${options.url.host} within ${ms} ms`, 'Is the server up and the URL right? A slow server may need a longer connect timeout.', false),
        );
      }, ms);
    }
    let response: Awaited<ReturnType<typeof fetch>>;
    try {
      response = await fetch(options.url, {
        method: options.method,
        headers,
        body: options.body,
        redirect: 'follow',
        signal: ctl.signal,
        dispatcher: this.dispatcher,
      });
    } catch (error) {
      if (ctl !== this.attemptCtl) return;
      this.clearAttemptTimers();
      this.failed(this.describe(error, ctl, options));
      return;
    }
    this.clearAttemptTimers();
    if (ctl !== this.attemptCtl) {
      response.body?.cancel().catch(() => undefined);
      return;
    }

    if (response.status === 204) {
      response.body?.cancel().catch(() => undefined);
      this.finish('no-content', 'The server answered 204 No Content: it asks clients not to reconnect');
      return;
    }
    const contentType = response.headers.get('content-type');
    if (response.status !== 200 || !isEventStreamType(contentType)) {
      const error = response.status !== 200 ? statusError(response.status, response.statusText) : contentTypeError(contentType);
      const details: ResponseDetails = {
        status: response.status,
        statusText: response.statusText,
        headers: this.maskSecrets(headersToRecord(response.headers as unknown as Headers), options),
        bodyPreview: await readBodyPreview(response.body as ReadableStream<Uint8Array> | null),
      };
      if (ctl !== this.attemptCtl) return;
      this.failed(error, details);
      return;
    }

    this.currentState = 'open';
    this.failuresInRow = 0;
    this.emit({
      kind: 'open',
      seq: ++this.seq,
      time: Date.now(),
      url: response.url || options.url.href,
      status: response.status,
      statusText: response.statusText,
      headers: this.maskSecrets(headersToRecord(response.headers as unknown as Headers), options),
      redirected: response.redirected,
    });
    if (ctl !== this.attemptCtl || response.body === null) return;
    await this.read(ctl, options, response.body as ReadableStream<Uint8Array>);
  }

  /** Reads the open stream to its end, then reconnects (or closes) as the options say. */
  private async read(ctl: AbortController, options: ResolvedOptions, body: ReadableStream<Uint8Array>): Promise<void> {
    const reader = this.reader!;
    const bodyReader = body.getReader();
    // Reset here, not when an attempt is dropped: a drop can happen inside reader.write() (from
    // onRecord), and resetting the parser in the middle of its own loop would leave it dirty.
    reader.reset();
    this.acceptRecords = true;
    if (options.idleTimeoutMs !== undefined) {
      const ms = options.idleTimeoutMs;
      this.idleTimer = setTimeout(() => {
        ctl.abort(new ConnectionError('IDLE_TIMEOUT', `No data for ${ms} ms`, 'The server went quiet: does it send heartbeats (comments) more often than the idle timeout?', false));
      }, ms);
    }
    try {
      for (;;) {
        const next = await bodyReader.read();
        if (ctl !== this.attemptCtl) return;
        if (next.done) break;
        this.idleTimer?.refresh();
        this.chunkTime = Date.now();
        this.observer?.onChunk?.(next.value, this.chunkTime);
        reader.write(next.value);
      }
    } catch (error) {
      if (ctl !== this.attemptCtl) return;
      this.endStream(false);
      this.failed(this.describe(error, ctl, options));
      return;
    }
    this.endStream(true);
    if (!options.reconnect) {
      this.finish('ended', 'The server ended the stream');
      return;
    }
    this.failed(new ConnectionError('ENDED', 'The server ended the stream', undefined, false));
  }

  /** The stream is over: its unterminated last block is dropped and nothing more is recorded from it. */
  private endStream(clean: boolean): void {
    this.acceptRecords = false;
    this.clearAttemptTimers();
    this.observer?.onStreamEnd?.({ time: Date.now(), pendingData: this.reader!.pendingData(), clean });
    this.reader!.reset();
  }

  private describe(error: unknown, ctl: AbortController, options: ResolvedOptions): ConnectionError {
    const reason: unknown = ctl.signal.aborted ? ctl.signal.reason : undefined;
    if (reason instanceof ConnectionError) return reason;
    return describeNetworkError(error, options.url, options.proxy !== undefined);
  }

  /** An attempt failed: reconnect after the policy's delay, or close for good. */
  private failed(error: ConnectionError, response?: ResponseDetails): void {
    const options = this.options!;
    this.attemptCtl = undefined;
    if (error.fatal || !options.reconnect || !mayReconnect(options.policy, this.failuresInRow)) {
      this.emitError(error, false, response);
      if (this.currentState === 'closed') return;
      if (error.fatal || !options.reconnect) {
        this.finish('failed', error.message);
      } else {
        this.finish('max-attempts', `Gave up after ${this.failuresInRow} reconnect attempt${this.failuresInRow === 1 ? '' : 's'} in a row: ${error.message}`);
      }
      return;
    }
    const delay = reconnectDelay(options.policy, this.retryMs, this.failuresInRow);
    this.currentState = 'waiting';
    this.emitError(error, true, response, delay);
    // onRecord may have stopped the client or reconnected it already.
    if (this.currentState !== 'waiting' || this.retryTimer !== undefined) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.failuresInRow++;
      this.attempts++;
      this.connect();
    }, delay);
  }

  /** Ends the session (once): cancels everything, then records `closed`. */
  private finish(reason: CloseReason, message: string): void {
    if (this.currentState === 'closed') return;
    this.currentState = 'closed';
    this.dropAttempt();
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const dispatcher = this.dispatcher;
    this.dispatcher = undefined;
    // destroy() closes pooled keep-alive sockets too; its promise only says when they are gone.
    dispatcher?.destroy().catch(() => undefined);
    const record: ClosedRecord = { kind: 'closed', seq: ++this.seq, time: Date.now(), reason, message };
    this.emit(record);
    this.resolveDone(record);
  }

  /** Abandons the attempt in progress, if any: its late callbacks will find they are stale. */
  private dropAttempt(): void {
    const ctl = this.attemptCtl;
    this.attemptCtl = undefined;
    this.acceptRecords = false;
    this.clearAttemptTimers();
    ctl?.abort(new ConnectionError('NETWORK', 'The request was cancelled', undefined, false));
  }

  private clearAttemptTimers(): void {
    clearTimeout(this.connectTimer);
    clearTimeout(this.idleTimer);
    this.connectTimer = undefined;
    this.idleTimer = undefined;
  }

  // ---- Records ----

  private emit(record: StreamRecord): void {
    try {
      this.onRecord(record);
    } catch (error) {
      // The caller's bug: surface it without breaking the parse of the chunk in progress.
      queueMicrotask(() => {
        throw error;
      });
    }
  }

  private emitError(error: ConnectionError, willReconnect: boolean, response?: ResponseDetails, delay?: number): void {
    const now = Date.now();
    const record: ErrorRecord = {
      kind: 'error',
      seq: ++this.seq,
      time: now,
      message: error.message,
      code: error.code,
      willReconnect,
    };
    if (error.hint !== undefined) record.hint = error.hint;
    if (response) Object.assign(record, response);
    if (willReconnect && delay !== undefined) {
      record.reconnectInMs = delay;
      record.reconnectAt = now + delay;
    }
    this.emit(record);
  }

  /** Headers as sent: the spec's two, the caller's (which may override them), then Last-Event-ID. */
  private requestHeaders(options: ResolvedOptions): Record<string, string> {
    const headers: Record<string, string> = { Accept: 'text/event-stream', 'Cache-Control': 'no-cache' };
    for (const [name, value] of Object.entries(options.headers)) {
      const lower = name.toLowerCase();
      if (lower === 'accept') delete headers.Accept;
      if (lower === 'cache-control') delete headers['Cache-Control'];
      headers[name] = value;
    }
    // Header values travel as bytes (fetch takes them as Latin-1): send the id's UTF-8 bytes, as
    // browsers do, so an id like "日本" resumes instead of failing every reconnect.
    if (this.lastId !== '') headers['Last-Event-ID'] = Buffer.from(this.lastId, 'utf8').toString('latin1');
    return headers;
  }

  /** Request or response headers as records show them: credentials replaced by the mask. */
  private maskSecrets(headers: Record<string, string>, options: ResolvedOptions): Record<string, string> {
    const secret = new Set(options.secretHeaders.map((name) => name.toLowerCase()));
    const shown: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      shown[name] = secret.has(name.toLowerCase()) || isSecretHeaderName(name) ? SECRET_MASK : value;
    }
    return shown;
  }
}
