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
import type { Dispatcher } from 'undici';
import { resolveOptions, OptionsError, type ResolvedOptions, type SseClientOptions } from './clientOptions';
import { ConnectionAttempt, type AttemptHandler, type OpenedResponse, type ResponseDetails } from './connectionAttempt';
import { ConnectionError } from './connectionError';
import type { ConnectionObserver } from './connectionObserver';
import { createDispatcher } from './dispatcher';
import { EventStreamReader, type StreamSink } from './eventStreamReader';
import { mayReconnect, reconnectDelay } from './reconnectDelay';
import { maskHeaders } from './secretHeaders';
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
  /**
   * Asked when the server ends an open stream: true when the stream had already said it was over
   * (an LLM stream's terminal event), so that the session closes instead of reconnecting. A
   * reconnect would send the request again: for an LLM API, a second answer, paid for again, which
   * is why the providers' own SDKs never do it.
   */
  endIsComplete?(): boolean;
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

export class SseClient {
  private readonly onRecord: (record: StreamRecord) => void;
  private readonly observer: ConnectionObserver | undefined;
  private readonly endIsComplete: (() => boolean) | undefined;
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
  /** The attempt in progress; replaced on reconnect, disposed on stop. */
  private current: ConnectionAttempt | undefined;
  /** Set by `pause()`: the attempt in progress, and any later one, stops reading. */
  private paused = false;
  /** Receive time of the chunk being read: every record from one chunk arrived at the same time. */
  private chunkTime = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private resolveDone!: (record: ClosedRecord) => void;

  /** Settles with the `closed` record when the session is over, whatever the reason. */
  readonly done: Promise<ClosedRecord>;

  constructor(init: SseClientInit) {
    this.onRecord = init.onRecord;
    this.observer = init.observer;
    this.endIsComplete = init.endIsComplete;
    this.done = new Promise((resolve) => {
      this.resolveDone = resolve;
    });
    try {
      this.options = resolveOptions(init);
      this.lastId = this.options.lastEventId;
      this.retryMs = this.options.retryMs;
      this.reader = new EventStreamReader(this.createSink(), this.options.maxEventBytes);
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
    if (this.optionsError || !this.options || !this.reader) {
      const error = this.optionsError ?? new OptionsError('INVALID_REQUEST', 'The options could not be read.');
      this.currentState = 'connecting';
      this.emitError(new ConnectionError(error.code, error.message, undefined, true), false);
      this.finish('failed', error.message);
      return;
    }
    this.dispatcher = createDispatcher(this.options);
    this.connect(this.options, this.dispatcher, this.reader);
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
    if (this.currentState === 'idle' || this.currentState === 'closed' || !this.options || !this.dispatcher || !this.reader) return false;
    if (this.currentState === 'waiting') {
      clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
      this.failuresInRow++;
    }
    this.dropAttempt();
    this.attempts++;
    this.connect(this.options, this.dispatcher, this.reader);
    return true;
  }

  /**
   * Stops reading the response after the chunk in progress, so that a consumer that cannot
   * keep up slows the server down (TCP flow control) instead of piling records up in memory.
   * Records of the chunk in progress still arrive. The idle timeout does not run while paused.
   */
  pause(): void {
    this.paused = true;
    this.current?.pause();
  }

  /** Reads again after `pause()`. */
  resume(): void {
    this.paused = false;
    this.current?.resume();
  }

  /**
   * The reader's callbacks, kept off the public API. Called synchronously for each chunk: the
   * hot path. Records of a stream that was dropped meanwhile (stop or reconnect from inside
   * onRecord, mid-chunk) are not wanted.
   */
  private createSink(): StreamSink {
    return {
      onEvent: (type, data, id, size, truncated) => {
        if (!this.streaming) return;
        const seq = ++this.seq;
        const record: EventRecord =
          id === undefined
            ? { kind: 'event', seq, time: this.chunkTime, type, data, lastEventId: this.lastId, size }
            : { kind: 'event', seq, time: this.chunkTime, type, data, lastEventId: this.lastId, id, size };
        if (truncated) record.truncated = true;
        this.emit(record);
      },
      onId: (id) => {
        if (this.streaming) this.lastId = id;
      },
      onComment: (text) => {
        if (this.streaming) this.emit({ kind: 'comment', seq: ++this.seq, time: this.chunkTime, text });
      },
      onRetry: (ms) => {
        if (!this.streaming) return;
        this.retryMs = ms;
        this.emit({ kind: 'retry', seq: ++this.seq, time: this.chunkTime, retry: ms });
      },
      onParseError: (problem) => {
        if (this.streaming) this.observer?.onParseError?.(problem);
      },
    };
  }

  /** True while the open stream's records are wanted; false from the moment it is dropped. */
  private get streaming(): boolean {
    return this.current?.isStreaming === true;
  }

  // ---- Connection attempts ----

  private connect(options: ResolvedOptions, dispatcher: Dispatcher, reader: EventStreamReader): void {
    const headers = this.requestHeaders(options);
    const attempt = new ConnectionAttempt(
      {
        url: options.url,
        method: options.method,
        headers,
        body: options.body,
        dispatcher,
        connectTimeoutMs: options.connectTimeoutMs,
        idleTimeoutMs: options.idleTimeoutMs,
        usingProxy: options.proxy !== undefined,
      },
      this.attemptHandler(options, reader),
    );
    this.current = attempt;
    this.currentState = 'connecting';
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
    if (attempt === this.current) attempt.start(this.paused);
  }

  /** What the session does with each outcome of an attempt. Called only by the current attempt. */
  private attemptHandler(options: ResolvedOptions, reader: EventStreamReader): AttemptHandler {
    // The observer hears how an open stream ended; an attempt that never opened had none.
    let open = false;
    const streamEnded = (clean: boolean) => {
      if (open) this.observer?.onStreamEnd?.({ time: Date.now(), pendingData: reader.pendingData(), clean });
    };
    return {
      opened: (response: OpenedResponse) => {
        open = true;
        // Reset here, not when an attempt is dropped: a drop can happen inside reader.write()
        // (from onRecord), and resetting the parser in the middle of its own loop would leave it dirty.
        reader.reset();
        this.currentState = 'open';
        this.failuresInRow = 0;
        this.emit({ kind: 'open', seq: ++this.seq, time: Date.now(), ...response, headers: this.maskSecrets(response.headers, options) });
      },
      chunk: (bytes) => {
        this.chunkTime = Date.now();
        this.observer?.onChunk?.(bytes, this.chunkTime);
        reader.write(bytes);
      },
      ended: () => {
        // The stream is over: its unterminated last block is dropped.
        streamEnded(true);
        reader.reset();
        if (this.endIsComplete?.()) this.finish('ended', 'The stream is complete: the server closed it after its last event');
        else if (!options.reconnect) this.finish('ended', 'The server ended the stream');
        else this.failed(options, reader, new ConnectionError('ENDED', 'The server ended the stream', undefined, false));
      },
      noContent: () => this.finish('no-content', 'The server answered 204 No Content: it asks clients not to reconnect'),
      failed: (error, response) => {
        streamEnded(false);
        reader.reset();
        this.failed(options, reader, error, response && { ...response, headers: this.maskSecrets(response.headers, options) });
      },
    };
  }

  /** An attempt failed: reconnect after the policy's delay, or close for good. */
  private failed(options: ResolvedOptions, reader: EventStreamReader, error: ConnectionError, response?: ResponseDetails): void {
    this.current = undefined;
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
      if (this.dispatcher) this.connect(options, this.dispatcher, reader);
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

  /** Abandons the attempt in progress, if any: it reports nothing more. */
  private dropAttempt(): void {
    const attempt = this.current;
    this.current = undefined;
    attempt?.dispose();
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
    return maskHeaders(headers, options.secretHeaders);
  }
}
