/**
 * The proxy's target and what changes on the way there: the upstream URL of a request (the
 * target's path prefix joined with the request's path and query) and the request headers as
 * sent upstream (hop-by-hop headers dropped, `Host` set to the target's, X-Forwarded-* added),
 * the way dev-server proxies (http-proxy with `changeOrigin` and `xfwd`) do it.
 */

/** The target as given, or why it cannot be one. */
export type TargetResult = { ok: true; url: URL } | { ok: false; message: string };

/** Reads `--target`: an absolute http(s) URL, optionally with a path prefix; no query or fragment. */
export function parseTarget(text: string): TargetResult {
  const trimmed = text.trim();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { ok: false, message: `"${text}" is not a URL: give the server to forward to, e.g. http://localhost:3000 or https://api.openai.com` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, message: `The target must be an http:// or https:// URL (got ${url.protocol}//…).` };
  }
  if (url.username || url.password) {
    return { ok: false, message: 'Leave credentials out of the target URL: the app sends its own headers, which pass through unchanged.' };
  }
  if (url.search || url.hash) {
    return { ok: false, message: 'The target is a base URL: leave out the query and fragment (each request brings its own).' };
  }
  return { ok: true, url };
}

/** Where a request for `requestPath` (path and query, as received) goes upstream. */
export function upstreamPath(target: URL, requestPath: string): string {
  const prefix = target.pathname.replace(/\/+$/, '');
  const path = requestPath.startsWith('/') ? requestPath : `/${requestPath}`;
  return prefix + path;
}

/** The full upstream URL, as capture records show it. */
export function upstreamUrl(target: URL, requestPath: string): string {
  return `${target.protocol}//${target.host}${upstreamPath(target, requestPath)}`;
}

/** Connection-level headers: they describe one hop, so they never travel to the next one. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade']);

export interface ForwardContext {
  target: URL;
  /** The client's address (X-Forwarded-For). */
  clientAddress: string;
  /** Keep `Connection` and `Upgrade` (a WebSocket handshake). */
  upgrade: boolean;
}

/**
 * The client's raw headers as sent upstream: same names, case and order, duplicates kept;
 * hop-by-hop ones (and those `Connection` names) dropped, `Host` replaced, X-Forwarded-* added
 * (appended to what an earlier proxy wrote).
 */
export function forwardHeaders(raw: readonly string[], context: ForwardContext): string[] {
  const named = new Set<string>();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (raw[i].toLowerCase() === 'connection') {
      for (const token of raw[i + 1].split(',')) named.add(token.trim().toLowerCase());
    }
  }
  const out: string[] = [];
  const forwarded: Record<string, string | undefined> = {};
  let originalHost = '';
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i];
    const lower = name.toLowerCase();
    if (lower === 'host') {
      originalHost = raw[i + 1];
      continue;
    }
    if (lower === 'x-forwarded-for' || lower === 'x-forwarded-proto' || lower === 'x-forwarded-host') {
      forwarded[lower] = forwarded[lower] === undefined ? raw[i + 1] : `${forwarded[lower]}, ${raw[i + 1]}`;
      continue;
    }
    const keep = context.upgrade && (lower === 'connection' || lower === 'upgrade');
    if (!keep && (HOP_BY_HOP.has(lower) || named.has(lower))) continue;
    out.push(name, raw[i + 1]);
  }
  const append = (name: string, value: string) => (forwarded[name] ? `${forwarded[name]}, ${value}` : value);
  out.unshift('Host', context.target.host);
  out.push('X-Forwarded-For', append('x-forwarded-for', context.clientAddress));
  out.push('X-Forwarded-Proto', append('x-forwarded-proto', 'http'));
  if (originalHost) out.push('X-Forwarded-Host', append('x-forwarded-host', originalHost));
  return out;
}

/**
 * The upstream's raw response headers as sent to the client: hop-by-hop ones dropped (Node
 * frames the body itself: chunked or by the Content-Length kept here), everything else as is.
 */
export function responseHeaders(raw: readonly string[], upgrade = false): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const lower = raw[i].toLowerCase();
    const keep = upgrade && (lower === 'connection' || lower === 'upgrade');
    if (!keep && HOP_BY_HOP.has(lower)) continue;
    out.push(raw[i], raw[i + 1]);
  }
  return out;
}
