/**
 * Turns one parsed request into what is sent: variables resolved, duplicate headers combined,
 * the body read from its file when written as `< ./file.json`. Every problem is reported
 * together, before anything is sent.
 *
 * Secrets: a header is secret when its name says so (the client masks Authorization, cookies,
 * tokens, keys…) or when its value used `$dotenv` or `$processEnv`; those names go to
 * `secretHeaders`, so the panel, recordings, exports, "Copy as curl" and saved profiles never show
 * the value. A `.env` value is refused in the URL and the body: both are shown and saved as they
 * are (panel title, recent URLs, profiles), and nothing from a .env file may be written anywhere.
 */
import { dirname, isAbsolute, join } from 'node:path';
import type { HttpFileRequest, ParsedHttpFile } from './httpFileParser';
import type { ReadText } from './dotenvFiles';
import { VariableResolver, type VariableScope } from './variables';

/** A request ready for the SSE client. */
export interface ResolvedHttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Headers to mask everywhere (values from `$dotenv` / `$processEnv`), on top of the usual suspects. */
  secretHeaders: string[];
  /** Headers whose values came from a .env file: never stored, not even in SecretStorage. */
  dotenvHeaders: string[];
  name?: string;
}

export type ResolveResult = { ok: true; request: ResolvedHttpRequest } | { ok: false; errors: string[] };

export interface RequestFiles {
  /** Absolute path of the .http file (relative body files are looked up next to it). */
  httpFilePath: string;
  /** The workspace folder, where REST Client also looks for body files. */
  workspaceRoot?: string;
  read: ReadText;
}

/** Resolves one request of `file` against the variable scope (file variables are taken from `file`). */
export function resolveHttpRequest(
  file: ParsedHttpFile,
  request: HttpFileRequest,
  scope: Omit<VariableScope, 'fileVariables'>,
  files: RequestFiles,
): ResolveResult {
  const resolver = new VariableResolver({ ...scope, fileVariables: new Map(file.variables.map((v) => [v.name, v.value])) });
  const errors: string[] = [];

  const url = resolver.resolve(request.url);
  if (url.dotenv.length > 0) errors.push(dotenvRefused(url.dotenv, 'the URL'));

  const headers: Record<string, string> = {};
  const canonical = new Map<string, string>();
  const secret = new Set<string>();
  const fromDotenv = new Set<string>();
  for (const header of request.headers) {
    // httpYac's `Event:` header on an SSE request lists the events to print; it is not sent.
    if (request.sse && header.name.toLowerCase() === 'event') continue;
    const value = resolver.resolve(header.value);
    const lower = header.name.toLowerCase();
    const name = canonical.get(lower) ?? header.name;
    if (canonical.has(lower)) headers[name] += `${lower === 'cookie' ? '; ' : ', '}${value.value}`;
    else headers[name] = value.value;
    canonical.set(lower, name);
    if (value.dotenv.length > 0 || value.processEnv.length > 0) secret.add(name);
    if (value.dotenv.length > 0) fromDotenv.add(name);
  }

  let body: string | undefined;
  if (request.body) {
    const contentType = Object.entries(headers).find(([n]) => n.toLowerCase() === 'content-type')?.[1] ?? '';
    const pieces: string[] = [];
    const bodyDotenv = new Set<string>();
    for (const part of request.body) {
      let text: string;
      if (part.kind === 'text') {
        text = part.text;
      } else {
        const read = readBodyFile(part.path, part.encoding, files);
        if (read === undefined) {
          errors.push(`The body file "${part.path}" (line ${part.line + 1}) was not found next to the .http file${files.workspaceRoot ? ' nor in the workspace folder' : ''}.`);
          continue;
        }
        if (!part.processVariables) {
          pieces.push(read);
          continue;
        }
        text = read;
      }
      const resolved = resolver.resolve(text);
      resolved.dotenv.forEach((n) => bodyDotenv.add(n));
      pieces.push(resolved.value);
    }
    if (bodyDotenv.size > 0) errors.push(dotenvRefused([...bodyDotenv], 'the body'));
    body = joinBody(pieces, contentType);
  }
  if (body !== undefined && request.method === 'GET') {
    errors.push(`This GET request has a body, which an event stream client cannot send: use POST (or end the headers without a body).`);
  }

  const absoluteUrl = absolute(url.value.trim(), headers, () => {
    if (!scopeHasHost(file, scope)) return undefined;
    const host = resolver.resolve('{{host}}');
    if (host.dotenv.length > 0) errors.push(dotenvRefused(host.dotenv, 'the URL'));
    return host.value;
  });
  if (absoluteUrl === undefined) {
    errors.push(`The URL "${url.value.trim()}" is a path: give the whole URL, or a Host header (REST Client), or an @host variable (httpYac).`);
  }

  errors.unshift(...resolver.errors);
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    request: {
      method: request.method,
      url: absoluteUrl ?? '',
      headers,
      ...(body !== undefined ? { body } : {}),
      secretHeaders: [...secret],
      dotenvHeaders: [...fromDotenv],
      ...(request.name ? { name: request.name } : {}),
    },
  };
}

/**
 * A path (`GET /events`) gets its origin from a Host header, as REST Client does (https for ports
 * 443 and 8443), else from a `host` variable, as httpYac does. Undefined: nothing to take it from.
 */
function absolute(url: string, headers: Record<string, string>, hostVariable: () => string | undefined): string | undefined {
  if (!url.startsWith('/')) return url;
  const host = Object.entries(headers).find(([n]) => n.toLowerCase() === 'host')?.[1];
  if (host) {
    const port = host.split(':')[1];
    return `${port === '443' || port === '8443' ? 'https' : 'http'}://${host}${url}`;
  }
  const base = hostVariable();
  return base === undefined ? undefined : `${base.replace(/\/+$/, '')}${url}`;
}

function scopeHasHost(file: ParsedHttpFile, scope: Omit<VariableScope, 'fileVariables'>): boolean {
  return file.variables.some((v) => v.name === 'host') || scope.environment.has('host');
}

/**
 * REST Client joins body lines with line breaks, CRLF for multipart/form-data (the format needs
 * them), and joins `&`-led lines of a form body without one.
 */
function joinBody(pieces: string[], contentType: string): string {
  const type = contentType.toLowerCase();
  if (type.startsWith('application/x-www-form-urlencoded')) {
    return pieces.reduce((all, piece, i) => all + (i === 0 || piece.startsWith('&') ? '' : '\n') + piece, '');
  }
  return pieces.join(type.startsWith('multipart/form-data') ? '\r\n' : '\n');
}

function readBodyFile(path: string, encoding: string | undefined, files: RequestFiles): string | undefined {
  const enc = (encoding ?? 'utf8') as BufferEncoding;
  if (isAbsolute(path)) return files.read(path, enc);
  const candidates = [join(dirname(files.httpFilePath), path)];
  if (files.workspaceRoot) candidates.push(join(files.workspaceRoot, path));
  for (const candidate of candidates) {
    const text = files.read(candidate, enc);
    if (text !== undefined) return text;
  }
  return undefined;
}

function dotenvRefused(names: string[], where: string): string {
  const list = names.map((n) => `{{$dotenv ${n}}}`).join(', ');
  return `${list} is used in ${where}; values from .env files may only be used in headers, where they are kept secret (${where} is shown and saved as written).`;
}
