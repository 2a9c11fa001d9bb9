/**
 * Splits a `.http` / `.rest` file (REST Client, httpYac, JetBrains HTTP client) into requests,
 * from its text alone. Pure: no `vscode`, no file system; variables stay unresolved here
 * (see ./variables.ts).
 *
 * The rules follow the formats' own documentation and source:
 * - A line starting with `###` (REST Client: `/^#{3,}/`, at the start of the line) ends one
 *   request and starts the next; text after it names the request (JetBrains, httpYac). A `###`
 *   inside a body's JSON string is never at the start of a line, so it separates nothing.
 * - Lines whose first non-blank characters are `#` or `//` are comments, also inside the body
 *   (REST Client drops them from the request text; httpYac documents the same for bodies).
 *   `# @name x` / `// @name x` names the request. httpYac's `/* … *\/` blocks are comments
 *   before the body.
 * - `@name = value` lines before a request line define file variables (REST Client).
 * - The first other line is the request line: `METHOD URL [HTTP/x]`, a bare URL (GET), or
 *   httpYac's `SSE URL` / `EVENTSOURCE URL`. Indented lines right after it that start with `/`,
 *   `?` or `&` continue the URL (REST Client, httpYac, JetBrains).
 * - Header lines (`Name: value`) follow until the first blank line or the first line that is not
 *   a header (httpYac: "the first content that is not recognized as a header … is the body").
 * - The body follows. A body line `< path` (or `<@ path`, `<@latin1 path`) reads that file.
 */

/** One line of a request body: text as written, or a file to read in its place. */
export type BodyPart =
  | { kind: 'text'; text: string }
  | {
      kind: 'file';
      /** As written after `<`, relative to the .http file (or absolute). */
      path: string;
      /** `<@`: resolve `{{variables}}` inside the file. */
      processVariables: boolean;
      /** `<@latin1`: the file's encoding (default UTF-8). */
      encoding?: string;
      line: number;
    };

/** A header as written (value unresolved). */
export interface HeaderLine {
  name: string;
  value: string;
  line: number;
}

/** One request of the file, variables not yet resolved. */
export interface HttpFileRequest {
  /** 0-based line of the request line (where a CodeLens goes). */
  line: number;
  /** First and last line of its block (between separators), for "the request at the cursor". */
  startLine: number;
  endLine: number;
  /** From `### name`, `# @name name` or `// @name name`. */
  name?: string;
  /** Upper case; GET for a bare URL and for httpYac's `SSE`. */
  method: string;
  /** True for httpYac's `SSE URL` / `EVENTSOURCE URL` request line. */
  sse: boolean;
  /** The URL as written (continuation lines joined), `{{variables}}` unresolved. */
  url: string;
  httpVersion?: string;
  headers: HeaderLine[];
  /** Undefined when the request has no body. */
  body?: BodyPart[];
}

/** `@name = value` (REST Client): value trimmed, `\n`, `\r`, `\t` and `\\` escapes applied. */
export interface FileVariable {
  name: string;
  value: string;
  line: number;
}

export interface ParsedHttpFile {
  requests: HttpFileRequest[];
  /** In file order; a later definition of the same name wins. */
  variables: FileVariable[];
}

const SEPARATOR = /^#{3,}(.*)$/;
const COMMENT = /^\s*(?:#|\/\/)/;
const NAME_META = /^\s*(?:#+|\/{2,})\s*@name\s*=?\s*(\S+)\s*$/;
const FILE_VARIABLE = /^\s*@([^\s=]+)\s*=\s*(.*?)\s*$/;
/** Methods REST Client and httpYac accept (upper case, as both require for a request line). */
const METHODS = new Set([
  'GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'CONNECT', 'TRACE', 'LOCK', 'UNLOCK', 'PROPFIND', 'PROPPATCH',
  'COPY', 'MOVE', 'MKCOL', 'MKCALENDAR', 'ACL', 'SEARCH', 'REPORT', 'MERGE', 'QUERY',
]);
const SSE_METHODS = new Set(['SSE', 'EVENTSOURCE']);
/** A request line without a method: an http(s) URL, a `{{variable}}`, a path, or host:port / host.tld/path. */
const BARE_URL = /^(?:https?:\/\/|\{\{|\/|localhost(?:[:/]|$)|[\w.-]+:\d+(?:\/|$)|[\w-]+(?:\.[\w-]+)+(?::\d+)?\/)\S*(?:\s+HTTP\/\S+)?$/i;
/** httpYac's other protocols: not an HTTP stream, so no request for the inspector. */
const OTHER_PROTOCOLS = new Set(['WS', 'WEBSOCKET', 'GRPC', 'MQTT', 'AMQP', 'RABBITMQ', 'KAFKA']);
const HEADER = /^\s*([!#$%&'*+\-.^_`|~0-9A-Za-z]+)\s*:\s*(.*?)\s*$/;
const URL_CONTINUATION = /^\s+[/?&]|^[?&]/;
const BODY_FILE = /^<(?:(@)(\w+)?)?\s+(.+?)\s*$/;
/** httpYac script blocks (`{{` … `}}` on lines of their own) and JetBrains scripts (`< {%` / `> {%` … `%}`). */
const SCRIPT_START = /^\s*\{\{[@+]?[\w-]*\s*$/;
const SCRIPT_END = /^\s*\}\}\s*$/;
const HANDLER_START = /^[<>]\s*\{%/;
const HANDLER_END = /%\}\s*$/;
/** Lines after a body that belong to the tools, not the request: `> ./handler.js`, `<> ./response.json`, httpYac's `?? assert`. */
const TOOL_LINE = /^(?:>\s|<>\s|\?\?\s)/;

/** Splits text into lines: LF, CRLF and lone CR endings. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

export function isSeparatorLine(line: string): boolean {
  return SEPARATOR.test(line);
}

/** Parses the whole file. Never throws: lines it cannot place are left out. */
export function parseHttpFile(text: string): ParsedHttpFile {
  const lines = splitLines(text.startsWith('\uFEFF') ? text.slice(1) : text);
  const requests: HttpFileRequest[] = [];
  const variables: FileVariable[] = [];
  let start = 0;
  let title: string | undefined;
  for (let i = 0; i <= lines.length; i++) {
    const match = i < lines.length ? SEPARATOR.exec(lines[i]) : null;
    if (i < lines.length && !match) continue;
    const request = parseBlock(lines, start, i - 1, title, variables);
    if (request) requests.push(request);
    title = match?.[1].replace(/^#+/, '').trim() || undefined;
    start = i + 1;
  }
  return { requests, variables };
}

/** The request whose block holds `line` (0-based), or undefined on a separator or outside any request. */
export function requestAtLine(parsed: ParsedHttpFile, line: number): HttpFileRequest | undefined {
  return parsed.requests.find((r) => r.startLine <= line && line <= r.endLine);
}

type State = 'before' | 'url' | 'headers' | 'body';

function parseBlock(lines: string[], first: number, last: number, title: string | undefined, variables: FileVariable[]): HttpFileRequest | undefined {
  let state: State = 'before';
  let request: HttpFileRequest | undefined;
  let name = title;
  let inBlockComment = false;
  let inScript = false;
  let inHandler = false;
  const body: BodyPart[] = [];
  for (let i = first; i <= last; i++) {
    const line = lines[i];
    if (inScript) {
      if (SCRIPT_END.test(line)) inScript = false;
      continue;
    }
    if (inHandler) {
      if (HANDLER_END.test(line)) inHandler = false;
      continue;
    }
    if (inBlockComment) {
      if (/^\s*\*\/\s*$/.test(line)) inBlockComment = false;
      continue;
    }
    if (COMMENT.test(line)) {
      const meta = NAME_META.exec(line);
      if (meta && state === 'before') name = meta[1];
      continue;
    }
    if (SCRIPT_START.test(line)) {
      inScript = true;
      continue;
    }
    if (state !== 'headers' && HANDLER_START.test(line)) {
      inHandler = !HANDLER_END.test(line.replace(HANDLER_START, ''));
      continue;
    }
    if (state !== 'body' && /^\s*\/\*\s*$/.test(line)) {
      inBlockComment = true;
      continue;
    }
    if (state === 'before') {
      if (line.trim() === '') continue;
      const variable = FILE_VARIABLE.exec(line);
      if (variable) {
        variables.push({ name: variable[1], value: unescapeValue(variable[2]), line: i });
        continue;
      }
      const parsed = parseRequestLine(line, i);
      // Another protocol (WebSocket, gRPC…): nothing in this block is an HTTP request.
      if (parsed === 'other') return undefined;
      // A tool's own line (httpYac's `proto < file`, a GraphQL fragment…): not a request line.
      if (!parsed) continue;
      request = parsed;
      request.name = name;
      request.startLine = first;
      request.endLine = last;
      state = 'url';
      continue;
    }
    if (!request) return undefined;
    if (state === 'url') {
      if (URL_CONTINUATION.test(line)) {
        request.url += line.trim();
        continue;
      }
      state = 'headers';
    }
    if (state === 'headers') {
      if (line.trim() === '') {
        state = 'body';
        continue;
      }
      const header = HEADER.exec(line);
      if (header) {
        request.headers.push({ name: header[1], value: header[2], line: i });
        continue;
      }
      state = 'body';
    }
    // state === 'body'
    if (TOOL_LINE.test(line)) continue;
    const file = BODY_FILE.exec(line);
    if (file) body.push({ kind: 'file', path: file[3], processVariables: file[1] === '@', encoding: file[2], line: i });
    else body.push({ kind: 'text', text: line });
  }
  if (!request) return undefined;
  // REST Client trims blank lines at the end of a request (and a request may run straight into `###`).
  while (body.length > 0) {
    const tail = body[body.length - 1];
    if (tail.kind === 'text' && tail.text.trim() === '') body.pop();
    else break;
  }
  if (body.length > 0) request.body = body;
  return request;
}

function parseRequestLine(line: string, lineNumber: number): HttpFileRequest | 'other' | undefined {
  let text = line.trim();
  let method = 'GET';
  let sse = false;
  const word = /^(\S+)\s+(.*)$/.exec(text);
  // REST Client reads the method case-insensitively (httpYac wants upper case: a superset).
  const verb = word?.[1].toUpperCase() ?? '';
  if (word && (METHODS.has(verb) || SSE_METHODS.has(verb))) {
    sse = SSE_METHODS.has(verb);
    method = sse ? 'GET' : verb;
    text = word[2].trim();
  } else if (word && OTHER_PROTOCOLS.has(verb)) {
    return 'other';
  } else if (!BARE_URL.test(text)) {
    // REST Client takes any first line as a URL; only what looks like one gets a lens here.
    return /^[a-z][a-z0-9+.-]*:/i.test(text) && !/^[\w.-]+:\d/.test(text) ? 'other' : undefined;
  }
  let httpVersion: string | undefined;
  const version = /\s+HTTP\/(\S+)$/i.exec(text);
  if (version) {
    httpVersion = version[1];
    text = text.slice(0, version.index);
  }
  if (text === '') return undefined;
  return { line: lineNumber, startLine: lineNumber, endLine: lineNumber, method, sse, url: text, httpVersion, headers: [] };
}

/** REST Client's escapes in file variable values: `\n`, `\r`, `\t`; any other `\x` is `x`. */
function unescapeValue(raw: string): string {
  return raw.replace(/\\(.)/g, (_all, char: string) => ({ n: '\n', r: '\r', t: '\t' })[char] ?? char);
}
