/**
 * NestJS route discovery for Server-Sent Events handlers, from source text alone: which methods
 * carry `@Sse()`, under which `@Controller` path, and what URL that makes with a base URL and the
 * app's global prefix. Pure (no `vscode`, no file system) so the CodeLens, the CLI and the tests
 * share it.
 *
 * NestJS joins the global prefix, the controller path and the method path with single slashes,
 * whatever slashes each one has at its ends; `joinRoutePath` does the same.
 */
import { classBodies } from './nesting';
import { findClosing, maskTypeScript, readStringLiteral } from './tsMask';

/** One `@Sse()` handler found in a controller class. */
export interface SseRoute {
  /** The controller class name. */
  className: string;
  /** The handler method name. */
  methodName: string;
  /** The `@Controller` path as written ('' when it has none). */
  controllerPath: string;
  /** The `@Sse` path as written ('' when it has none). */
  ssePath: string;
  /** Controller and handler paths joined: '/', '/events', '/news/live', … (no global prefix). */
  path: string;
  /** HTTP method: GET unless the options say `method: RequestMethod.X`. */
  httpMethod: string;
  /**
   * True when a path was not a string literal (a constant, a call…): `path` then leaves that part
   * out, and callers should say the URL is a guess.
   */
  pathIsGuess: boolean;
  /** Offset of the `@` of the `@Sse` decorator in the source. */
  offset: number;
  /** 0-based line and character of that `@`. */
  line: number;
  character: number;
}

interface ClassRange {
  name: string;
  bodyStart: number;
  bodyEnd: number;
  controller?: { path: string; isGuess: boolean };
}

/** A path value read from decorator arguments. */
interface PathValue {
  path: string;
  isGuess: boolean;
}

/**
 * Finds every `@Sse()` handler declared in a `@Controller` class of `source`. Handlers in classes
 * without `@Controller` are left out: NestJS does not route them.
 */
export function findSseRoutes(source: string): SseRoute[] {
  const masked = maskTypeScript(source);
  const classes = findClasses(source, masked);
  const routes: SseRoute[] = [];
  const sse = /@Sse\s*\(/g;
  for (let match = sse.exec(masked); match; match = sse.exec(masked)) {
    const offset = match.index;
    const owner = innermostClass(classes, offset);
    if (!owner?.controller) continue;
    const open = offset + match[0].length - 1;
    const close = findClosing(masked, open);
    if (close < 0) continue;
    const args = splitTopLevelArgs(masked, open + 1, close);
    const ssePath = args.length > 0 ? readPathValue(source, masked, args[0].start, args[0].end) : { path: '', isGuess: false };
    const methodName = findMethodNameAfter(masked, close + 1);
    if (!methodName) continue;
    const optionsText = args.length > 1 ? masked.slice(args[1].start, args[1].end) : '';
    const methodMatch = /\bmethod\s*:\s*RequestMethod\s*\.\s*([A-Z]+)/.exec(optionsText);
    const { line, character } = lineAndCharacter(source, offset);
    routes.push({
      className: owner.name,
      methodName,
      controllerPath: owner.controller.path,
      ssePath: ssePath.path,
      path: joinRoutePath(owner.controller.path, ssePath.path),
      httpMethod: methodMatch ? methodMatch[1] : 'GET',
      pathIsGuess: owner.controller.isGuess || ssePath.isGuess,
      offset,
      line,
      character,
    });
  }
  return routes;
}

/**
 * Reads the global prefix from `app.setGlobalPrefix('api')` in a NestJS `main.ts`. Returns
 * undefined when there is no such call or its argument is not a string literal.
 */
export function findGlobalPrefix(mainSource: string): string | undefined {
  const masked = maskTypeScript(mainSource);
  const match = /\.\s*setGlobalPrefix\s*\(/.exec(masked);
  if (!match) return undefined;
  return readStringLiteral(mainSource, match.index + match[0].length)?.value;
}

/**
 * Joins route parts the way NestJS does: one slash between non-empty parts, none at the end,
 * always one at the start. `joinRoutePath('/api/', '', 'news/')` is `/api/news`.
 */
export function joinRoutePath(...parts: string[]): string {
  const segments = parts.map((part) => part.trim().replace(/^\/+|\/+$/g, '')).filter((part) => part.length > 0);
  return '/' + segments.join('/');
}

/**
 * The URL to connect to for a route: base URL (any trailing slash dropped) + global prefix +
 * route path. `routeUrl('http://localhost:3000/', 'api', '/news/live')` is
 * `http://localhost:3000/api/news/live`.
 */
export function routeUrl(baseUrl: string, globalPrefix: string, routePath: string): string {
  return baseUrl.trim().replace(/\/+$/, '') + joinRoutePath(globalPrefix, routePath);
}

/** Lists classes with their body ranges and `@Controller` path, in source order. */
function findClasses(source: string, masked: string): ClassRange[] {
  return classBodies(masked).map(({ name, keyword, open, close }) => ({
    name,
    bodyStart: open,
    bodyEnd: close,
    controller: controllerBefore(source, masked, keyword),
  }));
}

/**
 * Looks at the decorators just before a `class` keyword (past `export`, `default`, `abstract`)
 * for `@Controller(...)` and reads its path.
 */
function controllerBefore(source: string, masked: string, classOffset: number): PathValue | undefined {
  // Walk back over modifiers and whole decorators; stop at anything else (end of previous code).
  const head = masked.slice(0, classOffset);
  const decorator = /@Controller\s*\(/g;
  let found: RegExpExecArray | undefined;
  for (let match = decorator.exec(head); match; match = decorator.exec(head)) found = match;
  if (!found) return undefined;
  const open = found.index + found[0].length - 1;
  const close = findClosing(masked, open);
  if (close < 0 || close > classOffset) return undefined;
  // Between the decorator and the class there may only be other decorators and modifiers.
  const between = masked.slice(close + 1, classOffset);
  if (/[;}]/.test(stripDecorators(between))) return undefined;
  const args = splitTopLevelArgs(masked, open + 1, close);
  if (args.length === 0) return { path: '', isGuess: false };
  const first = args[0];
  const firstText = masked.slice(first.start, first.end).trim();
  if (firstText.startsWith('{')) {
    const objectStart = masked.indexOf('{', first.start);
    const objectEnd = findClosing(masked, objectStart);
    const objectText = masked.slice(objectStart, objectEnd);
    const pathKey = /(?:^|[{,\s])path\s*:/.exec(objectText);
    if (!pathKey) return { path: '', isGuess: false };
    const valueStart = objectStart + pathKey.index + pathKey[0].length;
    const valueEnd = endOfPropertyValue(masked, valueStart, objectEnd);
    return readPathValue(source, masked, valueStart, valueEnd);
  }
  return readPathValue(source, masked, first.start, first.end);
}

/** Removes `@Name(...)` decorators and modifiers from masked text between decorators and `class`. */
function stripDecorators(text: string): string {
  let rest = text;
  for (;;) {
    const next = rest.replace(/@[\w$.]+\s*(\((?:[^()]|\([^()]*\))*\))?/, '');
    if (next === rest) break;
    rest = next;
  }
  return rest.replace(/\b(export|default|abstract|declare)\b/g, '');
}

/** Reads a string literal or the first element of an array literal; anything else is a guess. */
function readPathValue(source: string, masked: string, start: number, end: number): PathValue {
  const text = masked.slice(start, end).trim();
  if (text === '') return { path: '', isGuess: false };
  if (text.startsWith('[')) {
    const open = masked.indexOf('[', start);
    return readPathValue(source, masked, open + 1, endOfPropertyValue(masked, open + 1, findClosing(masked, open)));
  }
  const literal = readStringLiteral(source, start);
  if (literal && masked.slice(literal.end, end).trim() === '') return { path: literal.value, isGuess: false };
  return { path: '', isGuess: true };
}

/** The offset of the `,` (or `limit`) that ends a value starting at `start`, at nesting depth 0. */
function endOfPropertyValue(masked: string, start: number, limit: number): number {
  let depth = 0;
  for (let i = start; i < limit; i++) {
    const ch = masked[i];
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
    else if (ch === ',' && depth === 0) return i;
  }
  return limit;
}

/** Splits call arguments between `start` and `end` (exclusive) at top-level commas. */
function splitTopLevelArgs(masked: string, start: number, end: number): { start: number; end: number }[] {
  const args: { start: number; end: number }[] = [];
  let from = start;
  while (from < end) {
    const to = endOfPropertyValue(masked, from, end);
    if (masked.slice(from, to).trim() !== '') args.push({ start: from, end: to });
    from = to + 1;
  }
  return args;
}

/** After a decorator's `)`, skips further decorators and modifiers and returns the method name. */
function findMethodNameAfter(masked: string, from: number): string | undefined {
  let i = from;
  for (;;) {
    while (i < masked.length && /\s/.test(masked[i])) i++;
    if (masked[i] !== '@') break;
    const name = /^@[\w$.]+\s*/.exec(masked.slice(i));
    if (!name) return undefined;
    i += name[0].length;
    if (masked[i] === '(') {
      const close = findClosing(masked, i);
      if (close < 0) return undefined;
      i = close + 1;
    }
  }
  const header = /^(?:(?:public|private|protected|static|async|override|readonly)\s+)*([A-Za-z_$][\w$]*)\s*[<(]/.exec(masked.slice(i, i + 400));
  return header?.[1];
}

function innermostClass(classes: ClassRange[], offset: number): ClassRange | undefined {
  let best: ClassRange | undefined;
  for (const range of classes) {
    if (range.bodyStart < offset && offset < range.bodyEnd && (!best || range.bodyStart > best.bodyStart)) best = range;
  }
  return best;
}

/** 0-based line and character of an offset (CRLF counts as one line break). */
export function lineAndCharacter(source: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const ch = source[i];
    if (ch === '\n' || (ch === '\r' && source[i + 1] !== '\n')) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: offset - lineStart };
}
