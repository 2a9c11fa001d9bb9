/**
 * One connection attempt of an SseClient: one request, the check of its response, and the read
 * of its stream, with the abort controller and the timers that belong to that attempt alone.
 *
 * The attempt reports to its owner through `AttemptHandler`, synchronously. A handler may
 * dispose the attempt (stop, reconnect now) from inside any callback; the attempt checks that
 * once after every callback and every await (`disposed`), and from then on reports
 * nothing. So a session never has to ask whether a late callback belongs to an old attempt.
 */
import { fetch, type Dispatcher } from 'undici';
import { ConnectionError, describeNetworkError } from './connectionError';
import { headersToRecord, readBodyPreview } from './httpResponse';
import { classifyResponse } from './responseCheck';

/** What one request is made of; the same for every attempt of a session but the headers. */
export interface AttemptRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: string | Uint8Array | undefined;
  dispatcher: Dispatcher;
  connectTimeoutMs: number | undefined;
  idleTimeoutMs: number | undefined;
  /** Network errors then name the proxy as the likely culprit. */
  usingProxy: boolean;
}

/** A response that failed the connection: what the error record shows of it (headers unmasked). */
export interface ResponseDetails {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  bodyPreview: string;
}

/** An accepted response, as the `open` record shows it (headers unmasked). */
export interface OpenedResponse {
  url: string;
  status: number;
  statusText: string;
  headers: Record<string, string>;
  redirected: boolean;
}

/** Where an attempt reports. Each call ends the attempt except `opened` and `chunk`. */
export interface AttemptHandler {
  /** The response is an event stream; chunks follow. */
  opened(response: OpenedResponse): void;
  /** Bytes of the open stream, in order. */
  chunk(bytes: Uint8Array): void;
  /** The server ended the stream. */
  ended(): void;
  /** 204 No Content. */
  noContent(): void;
  /** The attempt failed: a network error, a timeout, or a response that is not an event stream. */
  failed(error: ConnectionError, response?: ResponseDetails): void;
}

export class ConnectionAttempt {
  private readonly ctl = new AbortController();
  private connectTimer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  /** Set once the attempt is over: the one staleness check, made after every await and callback. */
  private disposed = false;
  private streaming = false;
  private paused = false;
  /** Resolves the wait of a paused read loop (on resume or dispose). */
  private wake: (() => void) | undefined;

  constructor(
    private readonly request: AttemptRequest,
    private readonly handler: AttemptHandler,
  ) {}

  /** True from `opened` until the stream ends or the attempt is disposed: its records are wanted. */
  get isStreaming(): boolean {
    return this.streaming;
  }

  /** Sends the request; everything after is reported to the handler. Call once. */
  start(paused: boolean): void {
    this.paused = paused;
    void this.run();
  }

  /**
   * Abandons the attempt: aborts the request or the stream, clears its timers. Idempotent; the
   * handler hears nothing more from it. Safe from inside a handler callback.
   */
  dispose(): void {
    if (this.disposed) return;
    this.end();
    this.ctl.abort(new ConnectionError('NETWORK', 'The request was cancelled', undefined, false));
  }

  /** Stops reading the stream after the chunk in progress (TCP then slows the server). */
  pause(): void {
    if (this.paused) return;
    this.paused = true;
    // A consumer that cannot keep up is not a server that went quiet.
    clearTimeout(this.idleTimer);
  }

  /** Reads again after `pause()`. */
  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    if (this.streaming) this.idleTimer?.refresh();
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** Marks the attempt over (it failed, ended or was disposed): no more callbacks, no timers. */
  private end(): void {
    this.disposed = true;
    this.streaming = false;
    clearTimeout(this.connectTimer);
    clearTimeout(this.idleTimer);
    this.connectTimer = undefined;
    this.idleTimer = undefined;
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private fail(error: unknown, response?: ResponseDetails): void {
    const reason: unknown = this.ctl.signal.aborted ? this.ctl.signal.reason : undefined;
    const described = reason instanceof ConnectionError ? reason : describeNetworkError(error, this.request.url, this.request.usingProxy);
    this.end();
    this.handler.failed(described, response);
  }

  private async run(): Promise<void> {
    const { request } = this;
    if (request.connectTimeoutMs !== undefined) {
      const ms = request.connectTimeoutMs;
      this.connectTimer = setTimeout(() => {
        this.ctl.abort(
          new ConnectionError('CONNECT_TIMEOUT', `No response from ${request.url.host} within ${ms} ms`, 'Is the server up and the URL right? A slow server may need a longer connect timeout.', false),
        );
      }, ms);
    }
    let response: Awaited<ReturnType<typeof fetch>>;
    try {
      response = await fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        redirect: 'follow',
        signal: this.ctl.signal,
        dispatcher: request.dispatcher,
      });
    } catch (error) {
      if (!this.disposed) this.fail(error);
      return;
    }
    clearTimeout(this.connectTimer);
    this.connectTimer = undefined;
    const body = response.body as ReadableStream<Uint8Array> | null;
    if (this.disposed) {
      body?.cancel().catch(() => undefined);
      return;
    }

    const verdict = classifyResponse(response.status, response.statusText, response.headers.get('content-type'));
    if (verdict.kind === 'no-content') {
      body?.cancel().catch(() => undefined);
      this.end();
      this.handler.noContent();
      return;
    }
    if (verdict.kind === 'fail-no-reconnect') {
      const details: ResponseDetails = {
        status: response.status,
        statusText: response.statusText,
        headers: headersToRecord(response.headers as unknown as Headers),
        bodyPreview: await readBodyPreview(body),
      };
      if (this.disposed) return;
      this.end();
      this.handler.failed(verdict.error, details);
      return;
    }

    this.streaming = true;
    this.handler.opened({
      url: response.url || request.url.href,
      status: response.status,
      statusText: response.statusText,
      headers: headersToRecord(response.headers as unknown as Headers),
      redirected: response.redirected,
    });
    if (this.disposed || body === null) return;
    await this.read(body);
  }

  /** Reads the open stream to its end, pausing while asked to. */
  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const reader = body.getReader();
    const { idleTimeoutMs } = this.request;
    if (idleTimeoutMs !== undefined) {
      this.idleTimer = setTimeout(() => {
        this.ctl.abort(
          new ConnectionError('IDLE_TIMEOUT', `No data for ${idleTimeoutMs} ms`, 'The server went quiet: does it send heartbeats (comments) more often than the idle timeout?', false),
        );
      }, idleTimeoutMs);
      if (this.paused) clearTimeout(this.idleTimer);
    }
    try {
      for (;;) {
        if (this.paused) {
          await new Promise<void>((resolve) => (this.wake = resolve));
          if (this.disposed) break;
        }
        const next = await reader.read();
        if (this.disposed) break;
        if (next.done) {
          this.end();
          this.handler.ended();
          return;
        }
        if (!this.paused) this.idleTimer?.refresh();
        this.handler.chunk(next.value);
        if (this.disposed) break;
      }
    } catch (error) {
      if (!this.disposed) this.fail(error);
      return;
    }
    // Disposed while reading: let the body go (abort already did, this also covers a pause).
    reader.cancel().catch(() => undefined);
  }
}
