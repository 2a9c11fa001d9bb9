/**
 * A connection as a curl command a person can paste into a POSIX shell: `-N` (no buffering, so
 * events show as they come), the method, the headers the client sends, the body. Secret header
 * values are never written: each becomes a shell variable named after the header
 * (`Authorization` → "$AUTHORIZATION"), which the person sets before running the command.
 */
import { secretHeaderTest } from './secretHeaders';

/** The parts of a connection the command needs. */
export interface CurlRequest {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  lastEventId?: string;
  insecureTls?: boolean;
  /** Header names to treat as secret on top of the usual suspects (see isSecretHeaderName). */
  secretHeaders?: readonly string[];
}

export interface CurlCommand {
  /** The command, lines joined with ` \` continuations. */
  command: string;
  /** Shell variables the command expects (one per secret header), in order. */
  variables: string[];
}

/** `'…'` with every `'` written as `'\''`: nothing inside is expanded by the shell. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** `X-Api-Key` → `X_API_KEY`; a leading digit gets a `_` (a shell name cannot start with one). */
export function shellVariableName(headerName: string): string {
  const name = headerName.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

export function toCurl(request: CurlRequest): CurlCommand {
  const method = (request.method ?? 'GET').toUpperCase();
  const isSecret = secretHeaderTest(request.secretHeaders);
  const headers: Record<string, string> = { ...(request.headers ?? {}) };
  // What the client adds when the request does not say otherwise (see sseClient's requestHeaders).
  const has = (name: string) => Object.keys(headers).some((n) => n.toLowerCase() === name.toLowerCase());
  const defaults: Record<string, string> = { Accept: 'text/event-stream', 'Cache-Control': 'no-cache' };
  for (const [name, value] of Object.entries(defaults)) if (!has(name)) headers[name] = value;
  if (request.lastEventId && !has('last-event-id')) headers['Last-Event-ID'] = request.lastEventId;

  const lines = [`curl -N${request.insecureTls ? ' -k' : ''}${method === 'GET' ? '' : ` -X ${shellQuote(method)}`} ${shellQuote(normalUrl(request.url))}`];
  const variables: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (isSecret(name)) {
      let variable = shellVariableName(name);
      while (variables.includes(variable)) variable += '_';
      variables.push(variable);
      // The name is single-quoted (it may hold shell characters); the variable is expanded.
      lines.push(`-H ${shellQuote(`${name}: `)}"$${variable}"`);
    } else {
      lines.push(`-H ${shellQuote(`${name}: ${value}`)}`);
    }
  }
  if (request.body !== undefined) {
    const body = typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body);
    lines.push(`--data-raw ${shellQuote(body)}`);
  }
  return { command: lines.join(' \\\n  '), variables };
}

/** As the client sends it (spaces and the like percent-encoded): curl refuses a URL with a space. */
function normalUrl(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return url;
  }
}
