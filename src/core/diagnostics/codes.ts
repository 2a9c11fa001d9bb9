/**
 * The stream linter's catalogue: for each code, its severity and what to do about it. Messages
 * say what was seen (built where it was seen); hints say how to fix it, in NestJS terms where
 * there is a NestJS fix (the snippets in snippets/nestjs-sse.code-snippets show the same code).
 * README, "Diagnostics", documents every code with these thresholds.
 */
import type { DiagnosticCode, DiagnosticSeverity } from '../../shared/records';

/** buffered-delivery: at least this many events ... */
export const BURST_EVENTS = 10;
/** ... arriving within this many ms of the burst's first event ... */
export const BURST_WINDOW_MS = 5;
/** ... after a silence (no bytes at all) longer than this. */
export const BURST_GAP_MS = 1000;
/** no-events: an open stream with no bytes at all (not even a comment) for this long. */
export const NO_EVENTS_MS = 15_000;
/** unknown-field: the line quoted in the message is cut to this many characters. */
export const QUOTED_LINE_MAX = 120;

export interface CodeInfo {
  severity: DiagnosticSeverity;
  hint: string;
}

export const CODES: Record<DiagnosticCode, CodeInfo> = {
  'compressed-stream': {
    severity: 'warning',
    hint:
      'Serve text/event-stream uncompressed: proxies and compression middleware buffer compressed output. ' +
      "NestJS/Express: app.use(compression({ filter: (req, res) => !String(res.getHeader('Content-Type')).startsWith('text/event-stream') && compression.filter(req, res) })) (snippet sse-compression-filter).",
  },
  'buffered-delivery': {
    severity: 'warning',
    hint:
      'Something between server and client holds the events back: send `X-Accel-Buffering: no` (nginx), ' +
      '`Cache-Control: no-cache, no-transform`, turn off response compression for the stream, and flush after each write. ' +
      "NestJS @Sse() sends both headers itself: look for compression middleware (give compression() a filter) or a proxy in between; " +
      "with a plain @Get() handler, add @Header('X-Accel-Buffering', 'no') and @Header('Cache-Control', 'no-cache, no-transform').",
  },
  'charset-not-utf8': {
    severity: 'warning',
    hint:
      'Event streams are always decoded as UTF-8, whatever the charset says: send UTF-8 and `Content-Type: text/event-stream` ' +
      '(or `; charset=utf-8`). NestJS @Sse() sets the right Content-Type itself; remove any @Header(\'Content-Type\', …) that overrides it.',
  },
  'invalid-utf8': {
    severity: 'warning',
    hint: 'The server sends bytes that are not UTF-8 (Latin-1 or binary data?): encode text as UTF-8, and binary data as base64 or JSON.',
  },
  'cr-line-endings': {
    severity: 'info',
    hint: 'CR alone is a legal line ending, but many hand-written SSE parsers only split on LF: end lines with \\n.',
  },
  bom: {
    severity: 'info',
    hint: 'One leading BOM is stripped by EventSource; a second one makes the first field name start with U+FEFF, so that field is ignored. Send no BOM.',
  },
  'unknown-field': {
    severity: 'warning',
    hint: 'EventSource ignores fields other than data, event, id and retry (names are case-sensitive): fix the field name, or start the line with ":" to make it a comment.',
  },
  'invalid-retry': {
    severity: 'warning',
    hint: 'retry must be ASCII digits only (milliseconds, e.g. "retry: 3000"); anything else is ignored. NestJS: return { data, retry: 3000 } from the @Sse() Observable.',
  },
  'id-with-null': {
    severity: 'warning',
    hint: 'An id containing U+0000 is ignored, so Last-Event-ID does not move: remove NUL characters from ids.',
  },
  'unterminated-event': {
    severity: 'warning',
    hint: 'Every event must end with a blank line ("\\n\\n"), also the last one before the server closes the stream; otherwise EventSource drops it.',
  },
  'content-length': {
    severity: 'warning',
    hint: 'A Content-Length makes the stream end at that many bytes; a stream has no length: drop the header (NestJS @Sse() streams without it; remove middleware or @Header() that sets it).',
  },
  'no-cache-missing': {
    severity: 'info',
    hint:
      "Send `Cache-Control: no-cache` so caches and proxies do not hold events. NestJS @Sse() sends it; if it is missing, middleware or a proxy " +
      "replaced it: fix that, or set it on the handler with @Header('Cache-Control', 'no-cache').",
  },
  'no-events': {
    severity: 'warning',
    hint:
      'Nothing has arrived, not even a comment: the server may buffer, or it sends no heartbeat, and idle proxies will close the connection. ' +
      "Send a comment every 15 s or so. NestJS: return merge(events$, interval(15000).pipe(map((): MessageEvent => ({ comment: 'heartbeat' })))) from the @Sse() handler (snippet sse-heartbeat).",
  },
};
