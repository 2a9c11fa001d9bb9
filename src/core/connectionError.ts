/**
 * Why a connection attempt failed, in words and codes: a stable `code` for programs, a `message`
 * saying what happened and a `hint` saying what to check. Turns the errors fetch/undici throw
 * (a TypeError whose `cause` carries the system error) into these.
 */

/** Stable codes of ErrorRecord.code. */
export type ConnectionErrorCode =
  | 'INVALID_URL'
  | 'INVALID_REQUEST'
  | 'ECONNREFUSED'
  | 'ENOTFOUND'
  | 'ECONNRESET'
  | 'HTTP_STATUS'
  | 'CONTENT_TYPE'
  | 'CONNECT_TIMEOUT'
  | 'IDLE_TIMEOUT'
  | 'ENDED'
  | 'TLS'
  | 'PROXY'
  | 'REDIRECT_LOOP'
  | 'NETWORK';

/** A failed attempt. `fatal`: the spec says not to reconnect (bad URL, non-200, wrong type). */
export class ConnectionError extends Error {
  constructor(
    readonly code: ConnectionErrorCode,
    message: string,
    readonly hint: string | undefined,
    readonly fatal: boolean,
  ) {
    super(message);
    this.name = 'ConnectionError';
  }
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'EPROTO',
]);

/** Host and port as a person would type them, for hints. */
function hostOf(url: URL): string {
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return `${url.hostname}:${port}`;
}

/** The innermost error with a `code`, walking `cause` links (fetch wraps system errors). */
function rootCause(error: unknown): { code?: string; message: string } {
  let current: unknown = error;
  let found: { code?: string; message: string } = { message: error instanceof Error ? error.message : String(error) };
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') found = { code, message: current.message };
    else if (found.code === undefined && current.message) found = { message: current.message };
    current = (current as { cause?: unknown }).cause;
  }
  return found;
}

/** Classifies what fetch or a body read threw. Network-level failures are not fatal: the client reconnects. */
export function describeNetworkError(error: unknown, url: URL, usingProxy: boolean): ConnectionError {
  if (error instanceof ConnectionError) return error;
  const { code, message } = rootCause(error);
  const where = hostOf(url);
  switch (code) {
    case 'ECONNREFUSED':
      return new ConnectionError(
        'ECONNREFUSED',
        `Connection refused by ${where}`,
        usingProxy ? 'Is the proxy running and reachable?' : `Is the server running on ${where}?`,
        false,
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new ConnectionError('ENOTFOUND', `Host not found: ${url.hostname}`, 'Check the host name in the URL (and your DNS or VPN).', false);
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return new ConnectionError('ECONNRESET', `The connection to ${where} was lost (${message})`, 'The server closed the connection abruptly; check its logs.', false);
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'ETIMEDOUT':
      return new ConnectionError('CONNECT_TIMEOUT', `Could not connect to ${where} in time`, `Is ${where} reachable from here (firewall, VPN)?`, false);
    default:
      break;
  }
  if (code !== undefined && (TLS_CODES.has(code) || code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL'))) {
    return new ConnectionError(
      'TLS',
      `TLS failed with ${where}: ${message} (${code})`,
      'For a local server with a self-signed certificate, turn certificate checks off (insecure TLS).',
      false,
    );
  }
  if (code === undefined && /redirect count exceeded/i.test(message)) {
    // fetch follows at most 20 redirects; more is a loop on the server's side, not a bad request.
    return new ConnectionError(
      'REDIRECT_LOOP',
      `Too many redirects from ${where} (more than 20): the server redirects in a loop`,
      'Open the URL in a browser or with curl -L to see where it redirects; a login page that redirects back is a common cause.',
      true,
    );
  }
  if (code === undefined && message === 'bad port') {
    // fetch refuses the ports browsers block (the Fetch standard's "bad ports": 6000, 6665-6669,
    // 10080...) before connecting: no server on them is reachable by an EventSource either.
    return new ConnectionError(
      'INVALID_REQUEST',
      `Port ${url.port} is one that browsers and fetch refuse to connect to (a "bad port" of the Fetch standard)`,
      'Serve the stream on another port (3000 or 8080, say): a browser EventSource cannot reach this one either.',
      true,
    );
  }
  if (code === undefined && error instanceof TypeError) {
    return new ConnectionError(
      'INVALID_REQUEST',
      `The request cannot be sent: ${message}`,
      'Check the header values (plain ASCII text) and the URL.',
      true,
    );
  }
  if (usingProxy && code !== undefined && code.startsWith('UND_ERR_PRX')) {
    return new ConnectionError('PROXY', `The proxy refused the connection: ${message}`, 'Check the proxy URL and its credentials.', false);
  }
  return new ConnectionError('NETWORK', `Network error with ${where}: ${message}${code ? ` (${code})` : ''}`, undefined, false);
}

/** A response that was not 200: fatal by the spec. */
export function statusError(status: number, statusText: string): ConnectionError {
  const label = `${status}${statusText ? ` ${statusText}` : ''}`;
  let hint: string;
  if (status === 404 || status === 410) hint = `The server answered ${status}: check the path.`;
  else if (status === 401 || status === 403) hint = `The server answered ${status}: it wants credentials (an Authorization header or a cookie?).`;
  else if (status === 405) hint = 'The server answered 405: try another method (GET or POST?).';
  else if (status >= 500) hint = `The server answered ${status}: look at its logs.`;
  else if (status >= 300 && status < 400) hint = `The server answered ${status} without a usable Location: check the URL.`;
  else hint = `The server answered ${status}; an event stream must answer 200.`;
  return new ConnectionError('HTTP_STATUS', `The server answered ${label}`, hint, true);
}

/** A 200 that is not an event stream: fatal by the spec. */
export function contentTypeError(contentType: string | null): ConnectionError {
  const shown = contentType ?? 'no Content-Type';
  const essence = contentType?.split(';')[0].trim();
  return new ConnectionError(
    'CONTENT_TYPE',
    `The server answered ${shown}, not text/event-stream`,
    essence
      ? `The server answered ${essence}: is the URL right? An SSE endpoint answers Content-Type: text/event-stream.`
      : 'The response had no Content-Type: an SSE endpoint answers Content-Type: text/event-stream.',
    true,
  );
}

/** True for `text/event-stream`, in any case, with or without parameters. */
export function isEventStreamType(contentType: string | null): boolean {
  if (contentType === null) return false;
  const semicolon = contentType.indexOf(';');
  const essence = (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
  return essence === 'text/event-stream';
}
