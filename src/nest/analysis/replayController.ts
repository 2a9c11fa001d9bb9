/**
 * "New SSE Controller from Recording…" as a pure plan: a NestJS controller whose `@Sse()`
 * handler replays a recording's events, comments and retry fields with their recorded types,
 * ids and gaps. The recording is embedded in the source (no file is read at run time, so the
 * controller works wherever the app is deployed), up to MAX_EMBEDDED_BYTES of text.
 */
import type { StreamRecord } from '../../shared/records';
import { toCamelCase, toKebabCase, toPascalCase } from './names';
import type { PlannedFile } from './scaffold';

/** The most recorded text (data and comments, in UTF-8 bytes) a controller embeds. */
export const MAX_EMBEDDED_BYTES = 512 * 1024;
/** The most messages (events, comments, retries) a controller embeds. */
export const MAX_EMBEDDED_MESSAGES = 20_000;

/** One message to replay, `gapMs` after the one before it (the first: after the response starts). */
export interface ReplayMessage {
  gapMs: number;
  /** Omitted for the default type `message`. */
  type?: string;
  id?: string;
  data?: string;
  retry?: number;
  comment?: string;
}

/** The plan, or why the recording cannot become a controller. */
export type ReplayControllerPlan = { ok: true; file: PlannedFile; events: number; bytes: number } | { ok: false; message: string };

/**
 * The messages of a recording. Gaps are measured as the replay server measures them: from the
 * previous message or the latest `open`, so a reconnect in the recording costs no time.
 */
export function replayMessages(records: readonly StreamRecord[]): ReplayMessage[] {
  const messages: ReplayMessage[] = [];
  let anchor: number | undefined;
  let lastEventId = '';
  for (const record of records) {
    if (record.kind === 'open') {
      anchor = anchor === undefined ? record.time : Math.max(anchor, record.time);
      continue;
    }
    if (record.kind !== 'event' && record.kind !== 'comment' && record.kind !== 'retry') continue;
    const gapMs = anchor === undefined ? 0 : Math.max(0, Math.round(record.time - anchor));
    anchor = record.time;
    if (record.kind === 'comment') messages.push({ gapMs, comment: record.text });
    else if (record.kind === 'retry') messages.push({ gapMs, retry: record.retry });
    else {
      const id = record.id ?? (record.lastEventId !== lastEventId ? record.lastEventId : undefined);
      lastEventId = id ?? lastEventId;
      messages.push({ gapMs, ...(record.type === 'message' ? {} : { type: record.type }), ...(id === undefined ? {} : { id }), data: record.data });
    }
  }
  return messages;
}

/** A single-quoted TypeScript string literal (the Nest CLI's quote style) for any text. */
export function quoteString(text: string): string {
  let out = "'";
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === "'" || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}'`;
}

function messageLiteral(m: ReplayMessage): string {
  const fields = [`gapMs: ${m.gapMs}`];
  if (m.type !== undefined) fields.push(`type: ${quoteString(m.type)}`);
  if (m.id !== undefined) fields.push(`id: ${quoteString(m.id)}`);
  if (m.retry !== undefined) fields.push(`retry: ${m.retry}`);
  if (m.comment !== undefined) fields.push(`comment: ${quoteString(m.comment)}`);
  if (m.data !== undefined) fields.push(`data: ${quoteString(m.data)}`);
  return `  { ${fields.join(', ')} },`;
}

const utf8Length = (text: string): number => new TextEncoder().encode(text).length;

/**
 * The controller file for `name` (validated with validateControllerName) replaying `records`;
 * `source` (the recording's file name) goes into a comment.
 */
export function planReplayController(name: string, records: readonly StreamRecord[], source: string): ReplayControllerPlan {
  const messages = replayMessages(records);
  const events = messages.filter((m) => m.data !== undefined).length;
  if (events === 0) return { ok: false, message: `${source} holds no events: there is nothing to replay` };
  const bytes = messages.reduce((sum, m) => sum + utf8Length(m.data ?? m.comment ?? ''), 0);
  if (bytes > MAX_EMBEDDED_BYTES || messages.length > MAX_EMBEDDED_MESSAGES) {
    const size = `${Math.ceil(bytes / 1024)} KiB in ${messages.length} messages`;
    return {
      ok: false,
      message:
        `${source} is too large to embed in a controller (${size}; the limit is ${MAX_EMBEDDED_BYTES / 1024} KiB and ${MAX_EMBEDDED_MESSAGES} messages). ` +
        'Open it, filter it down and export the events you need, or serve it as it is with "Serve Recording…"',
    };
  }
  const kebab = toKebabCase(name);
  const pascal = toPascalCase(name);
  const constant = `${toCamelCase(name).replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}_RECORDING`;
  const totalMs = messages.reduce((sum, m) => sum + m.gapMs, 0);
  const content = [
    "import { Controller, Headers, Sse } from '@nestjs/common';",
    "import type { MessageEvent } from '@nestjs/common';",
    "import { concatMap, delay, from, of } from 'rxjs';",
    "import type { Observable } from 'rxjs';",
    '',
    '/** One recorded message, sent `gapMs` after the one before it. */',
    'interface RecordedMessage {',
    '  gapMs: number;',
    '  type?: string;',
    '  id?: string;',
    '  retry?: number;',
    '  comment?: string;',
    '  data?: string;',
    '}',
    '',
    `/** Recorded from ${source.replace(/\*\//g, '* /')}: ${events} events over ${(totalMs / 1000).toFixed(1)} s. Generated by SSE Inspector. */`,
    `const ${constant}: readonly RecordedMessage[] = [`,
    ...messages.map(messageLiteral),
    '];',
    '',
    `@Controller('${kebab}')`,
    `export class ${pascal}Controller {`,
    '  /**',
    '   * Replays the recording with its types, ids and timing. A reconnecting EventSource sends the',
    '   * last id it saw: continue after that event instead of from the start.',
    '   */',
    '  @Sse()',
    "  stream(@Headers('last-event-id') lastEventId?: string): Observable<MessageEvent> {",
    `    const resumeAfter = lastEventId === undefined ? -1 : ${constant}.findIndex((message) => message.id === lastEventId);`,
    `    return from(${constant}.slice(resumeAfter + 1)).pipe(`,
    '      concatMap(({ gapMs, ...message }) => of(message).pipe(delay(gapMs))),',
    '    );',
    '  }',
    '}',
    '',
  ].join('\n');
  return { ok: true, events, bytes, file: { fileName: `${kebab}.controller.ts`, className: `${pascal}Controller`, kind: 'controllers', content } };
}
