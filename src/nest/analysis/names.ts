/**
 * Names and paths the scaffolding commands accept, and the identifiers derived from them.
 * Pure functions (no `vscode`): the validators double as `showInputBox` `validateInput`s, so they
 * return the message to show, or undefined when the value is fine.
 */

/** Splits `newsFeed`, `news-feed`, `news_feed`, `NewsFeed` or `news feed` into lower-case words. */
export function nameWords(name: string): string[] {
  return name
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_\-.]+/)
    .filter((word) => word.length > 0)
    .map((word) => word.toLowerCase());
}

/** `newsFeed` → `news-feed` (file names, routes). */
export function toKebabCase(name: string): string {
  return nameWords(name).join('-');
}

/** `news-feed` → `NewsFeed` (class names). */
export function toPascalCase(name: string): string {
  return nameWords(name)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join('');
}

/** `news-feed` → `newsFeed` (method and property names). */
export function toCamelCase(name: string): string {
  const pascal = toPascalCase(name);
  return pascal.length === 0 ? '' : pascal[0].toLowerCase() + pascal.slice(1);
}

/**
 * Validates a controller name such as `notifications`, `news-feed` or `newsFeed`. Returns the
 * message to show, or undefined when valid.
 */
export function validateControllerName(name: string): string | undefined {
  const trimmed = name.trim();
  if (trimmed === '') return 'Enter a name, for example "notifications" or "news-feed".';
  if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(trimmed)) {
    return 'Use letters, digits, "-" or "_", starting with a letter (for example "news-feed").';
  }
  if (/(controller|service)$/i.test(trimmed)) {
    return 'Leave out "Controller"/"Service": "news" makes NewsController in news.controller.ts.';
  }
  return undefined;
}

/** Characters allowed in a route path we write into `@Sse('…')` (NestJS/path-to-regexp syntax). */
const PATH_SEGMENT = /^[A-Za-z0-9\-._~:*]+$/;

/**
 * Validates a route path for `@Sse('…')`: empty (the controller's own path) or segments of
 * letters, digits, `-._~`, `:param` and `*`, separated by single slashes. Returns the message to
 * show, or undefined when valid.
 */
export function validateRoutePath(path: string): string | undefined {
  const trimmed = normalizeRoutePath(path);
  if (trimmed === '') return undefined;
  if (trimmed.split('/').some((segment) => !PATH_SEGMENT.test(segment))) {
    return 'Use path segments of letters, digits, "-", "_", "." or ":param" separated by "/" (for example "events" or "orders/:id/updates").';
  }
  return undefined;
}

/** Trims spaces and the leading/trailing slashes NestJS would ignore anyway: `/events/` → `events`. */
export function normalizeRoutePath(path: string): string {
  return path.trim().replace(/^\/+|\/+$/g, '');
}

/**
 * A method name for a handler on `path`: `events` → `events`, `orders/:id/updates` →
 * `ordersIdUpdates`, '' → `stream`. Names already taken get a number: `events2`.
 */
export function handlerMethodName(path: string, taken: ReadonlySet<string> = new Set()): string {
  let base = toCamelCase(normalizeRoutePath(path).replace(/[:*/~.]/g, ' '));
  if (base === '' || !/^[A-Za-z_$]/.test(base)) base = base === '' ? 'stream' : `on${toPascalCase(base)}`;
  if (!taken.has(base)) return base;
  for (let suffix = 2; ; suffix++) {
    if (!taken.has(`${base}${suffix}`)) return `${base}${suffix}`;
  }
}
