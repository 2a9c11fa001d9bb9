/**
 * What an SseClient can be told. The extension, its profiles and the CLI all build these, so
 * every option has a safe default and is checked once, up front, with a message saying what to fix.
 */
import { DEFAULT_MAX_EVENT_BYTES } from './eventStreamReader';
import { isHttpToken } from './headerLine';
import { checkExactStreamUrl } from './sseUrl';

/** The spec leaves the initial reconnection time to the client; browsers use about 3 s. */
export const DEFAULT_RETRY_MS = 3000;

/**
 * How long to wait before reconnecting after a network error or the end of the stream.
 * `maxAttempts` (any kind): give up after this many reconnects in a row that did not reach an
 * open stream; an open stream resets the count. Omitted: never give up.
 */
export type ReconnectPolicy =
  /** The spec's behaviour (default): the server's latest `retry`, else the default retry delay. */
  | { kind: 'server'; maxAttempts?: number }
  /** Always the same delay; a server's `retry` is recorded but not followed. */
  | { kind: 'fixed'; delayMs: number; maxAttempts?: number }
  /** `initialMs`, then times `factor` (default 2) per failed attempt in a row, at most `maxMs`. */
  | { kind: 'exponential'; initialMs: number; maxMs: number; factor?: number; maxAttempts?: number };

/** Options of one connection session (first connect and all reconnects). */
export interface SseClientOptions {
  /** http: or https: URL of the stream. */
  url: string;
  /** Default GET (POST-style SSE APIs need POST and a body). */
  method?: string;
  /** Extra request headers. They may override Accept and Cache-Control; a Last-Event-ID here seeds `lastEventId`. */
  headers?: Record<string, string>;
  /** Request body, sent again on every reconnect. Not allowed with GET or HEAD. */
  body?: string | Uint8Array;
  /** Last event ID to send on the first request (a resumed session). */
  lastEventId?: string;
  /** Reconnect after a network error or the end of the stream, as EventSource does. Default true. */
  reconnect?: boolean;
  /** Reconnection delay until the server sends `retry`. Default 3000 ms. */
  retryMs?: number;
  /** Default `{ kind: 'server' }`. */
  reconnectPolicy?: ReconnectPolicy;
  /** Data of one event beyond this many UTF-8 bytes is cut (the record says so). Default 16 MiB. */
  maxEventBytes?: number;
  /** No response headers within this many ms: error (CONNECT_TIMEOUT), reconnect per policy. Default: no limit. */
  connectTimeoutMs?: number;
  /** No bytes for this many ms on an open stream: error (IDLE_TIMEOUT), reconnect per policy. Default: no limit. */
  idleTimeoutMs?: number;
  /** Skip TLS certificate checks (self-signed local servers). */
  insecureTls?: boolean;
  /** HTTP(S) proxy URL, e.g. http://user:pass@proxy:8080. */
  proxy?: string;
  /**
   * Header names whose values are shown masked in records, on top of those secretHeaders.ts
   * always masks (Authorization, Cookie, anything named like a token, secret or key).
   */
  secretHeaders?: string[];
}

/** Options after defaults and checks. */
export interface ResolvedOptions {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: string | Uint8Array | undefined;
  lastEventId: string;
  reconnect: boolean;
  retryMs: number;
  policy: ReconnectPolicy;
  maxEventBytes: number;
  connectTimeoutMs: number | undefined;
  idleTimeoutMs: number | undefined;
  insecureTls: boolean;
  proxy: string | undefined;
  secretHeaders: string[];
}

/** A problem with the options themselves: fix the call, retrying will not help. */
export class OptionsError extends Error {
  constructor(
    readonly code: 'INVALID_URL' | 'INVALID_REQUEST',
    message: string,
  ) {
    super(message);
    this.name = 'OptionsError';
  }
}

function checkMs(name: string, value: number | undefined, allowZero: boolean): void {
  if (value === undefined) return;
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new OptionsError('INVALID_REQUEST', `${name} must be a ${allowZero ? 'non-negative' : 'positive'} number of milliseconds (got ${value}).`);
  }
}

/** Applies defaults and checks everything that can be checked before connecting. Throws OptionsError. */
export function resolveOptions(options: SseClientOptions): ResolvedOptions {
  const check = checkExactStreamUrl(options.url);
  if (!check.ok) throw new OptionsError('INVALID_URL', check.message);
  const url = new URL(check.url);
  const method = (options.method ?? 'GET').toUpperCase();
  if (!isHttpToken(method)) throw new OptionsError('INVALID_REQUEST', `"${options.method}" is not an HTTP method.`);
  if (method === 'HEAD') {
    throw new OptionsError('INVALID_REQUEST', 'A HEAD response has no body, so it cannot carry an event stream: use GET (or POST).');
  }
  if (options.body !== undefined && method === 'GET') {
    throw new OptionsError('INVALID_REQUEST', `A ${method} request cannot have a body: use POST (or another method) to send one.`);
  }
  const headers: Record<string, string> = {};
  let headerLastEventId: string | undefined;
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (name.toLowerCase() === 'last-event-id') headerLastEventId = value;
    else headers[name] = value;
  }
  const policy = options.reconnectPolicy ?? { kind: 'server' };
  checkMs('retryMs', options.retryMs, true);
  checkMs('connectTimeoutMs', options.connectTimeoutMs, false);
  checkMs('idleTimeoutMs', options.idleTimeoutMs, false);
  if (policy.kind === 'fixed') checkMs('reconnectPolicy.delayMs', policy.delayMs, true);
  if (policy.kind === 'exponential') {
    checkMs('reconnectPolicy.initialMs', policy.initialMs, true);
    checkMs('reconnectPolicy.maxMs', policy.maxMs, true);
    if (policy.factor !== undefined && !(policy.factor >= 1)) throw new OptionsError('INVALID_REQUEST', `reconnectPolicy.factor must be at least 1 (got ${policy.factor}).`);
  }
  if (policy.maxAttempts !== undefined && !(Number.isInteger(policy.maxAttempts) && policy.maxAttempts >= 0)) {
    throw new OptionsError('INVALID_REQUEST', `reconnectPolicy.maxAttempts must be a whole number >= 0 (got ${policy.maxAttempts}).`);
  }
  const maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
  if (!(Number.isInteger(maxEventBytes) && maxEventBytes >= 1)) {
    throw new OptionsError('INVALID_REQUEST', `maxEventBytes must be a whole number of bytes >= 1 (got ${maxEventBytes}).`);
  }
  if (options.proxy !== undefined) {
    try {
      new URL(options.proxy);
    } catch {
      throw new OptionsError('INVALID_REQUEST', `Proxy "${options.proxy}" is not a URL: write it like http://proxy.local:8080.`);
    }
  }
  return {
    url,
    method,
    headers,
    body: options.body,
    lastEventId: options.lastEventId ?? headerLastEventId ?? '',
    reconnect: options.reconnect ?? true,
    retryMs: options.retryMs ?? DEFAULT_RETRY_MS,
    policy,
    maxEventBytes,
    connectTimeoutMs: options.connectTimeoutMs,
    idleTimeoutMs: options.idleTimeoutMs,
    insecureTls: options.insecureTls ?? false,
    proxy: options.proxy,
    secretHeaders: options.secretHeaders ?? [],
  };
}
