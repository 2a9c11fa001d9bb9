/**
 * Recordings as NDJSON: one record (see records.ts) per line. Writing is JSON plus a newline;
 * reading is tolerant (blank lines, CRLF) and reports each bad line by number instead of throwing,
 * so a recording with a damaged line still opens.
 */
import type { AnnotationKind, AnnotationRecord, CaptureFileRecord, CaptureRecord, MergedRecord, StreamRecord } from '../shared/records';

/** The kinds a recording may hold, with the fields each must have (and their JSON types). */
const REQUIRED_FIELDS: Record<CaptureFileRecord['kind'] | AnnotationKind, Record<string, 'string' | 'number' | 'boolean' | 'object'>> = {
  event: { type: 'string', data: 'string', lastEventId: 'string', size: 'number' },
  comment: { text: 'string' },
  retry: { retry: 'number' },
  connecting: { url: 'string', method: 'string', requestHeaders: 'object' },
  open: { url: 'string', status: 'number', headers: 'object' },
  error: { message: 'string', code: 'string' },
  closed: { reason: 'string', message: 'string' },
  capture: {
    stream: 'number', method: 'string', url: 'string', status: 'number', contentType: 'string',
    requestHeaders: 'object', headers: 'object',
  },
  chunk: { bytes: 'number', text: 'string', offset: 'number' },
  diagnostic: { code: 'string', severity: 'string', message: 'string', hint: 'string' },
};

/** The `merged` record (an LLM stream's answer, see src/core/llm/): kept apart from the stream's records. */
const MERGED_FIELDS: Record<string, 'string' | 'number' | 'boolean' | 'object'> = { seq: 'number', time: 'number', format: 'string', complete: 'boolean', timing: 'object' };

const ANNOTATION_KINDS: ReadonlySet<string> = new Set<AnnotationKind>(['chunk', 'diagnostic']);

/** True for chunk and diagnostic records (they describe the stream; they are not part of it). */
export function isAnnotation(record: { kind: string }): record is AnnotationRecord {
  return ANNOTATION_KINDS.has(record.kind);
}

/** One record as one NDJSON line, newline included. */
export function formatRecordLine(record: CaptureFileRecord | MergedRecord | AnnotationRecord): string {
  return JSON.stringify(record) + '\n';
}

/** What is wrong with `value` as a record, or undefined when it is a valid one. */
function recordProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const record = value as Record<string, unknown>;
  const kind = record.kind;
  if (kind === 'merged') {
    for (const [field, type] of Object.entries(MERGED_FIELDS)) {
      if (typeof record[field] !== type || record[field] === null) return `a merged record needs "${field}" (${type})`;
    }
    return undefined;
  }
  if (typeof kind !== 'string' || !Object.prototype.hasOwnProperty.call(REQUIRED_FIELDS, kind)) {
    return `"kind" must be one of ${Object.keys(REQUIRED_FIELDS).join(', ')}, merged (got ${JSON.stringify(kind)})`;
  }
  const required: Record<string, string> = { seq: 'number', time: 'number', ...REQUIRED_FIELDS[kind as CaptureFileRecord['kind'] | AnnotationKind] };
  for (const [field, type] of Object.entries(required)) {
    if (typeof record[field] !== type) return `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind} record needs "${field}" (${type})`;
  }
  if (record.stream !== undefined && !(Number.isInteger(record.stream) && (record.stream as number) >= 1)) {
    return `"stream" must be a whole number >= 1 (got ${JSON.stringify(record.stream)})`;
  }
  return undefined;
}

/**
 * One line of a recording: the record, or what is wrong with it. Blank lines give `undefined`.
 * The one rule for what a valid record line is, for the whole-text and the streaming readers.
 * A capture file's capture records (one per proxied request) come apart as `capture`: the
 * viewer shows stream records, and a capture file's streams are told apart by `stream`.
 * Chunk and diagnostic records come apart as `annotation` the same way.
 */
export function parseRecordLine(
  text: string,
): { record: StreamRecord } | { capture: CaptureRecord } | { merged: MergedRecord } | { annotation: AnnotationRecord } | { problem: string } | undefined {
  const line = text.trim();
  if (line === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { problem: `not valid JSON (${(error as Error).message})` };
  }
  const problem = recordProblem(value);
  if (problem) return { problem };
  if (isAnnotation(value as { kind: string })) return { annotation: value as AnnotationRecord };
  const kind = (value as { kind: string }).kind;
  // A merged record (an LLM answer, derived from the events) comes apart as `merged`.
  if (kind === 'merged') return { merged: value as MergedRecord };
  return kind === 'capture' ? { capture: value as CaptureRecord } : { record: value as StreamRecord };
}

/**
 * Reads a recording. Blank lines are skipped; every other line must be one JSON record.
 * `problems` says which lines were left out and why ("line 3: ..."); it never throws.
 * Capture records come apart in `captures` (see parseRecordLine), chunk and diagnostic records in
 * `annotations`; `merged` records (LLM answers) in `merged`, only when there are any.
 */
export function parseRecording(text: string): { records: StreamRecord[]; captures: CaptureRecord[]; annotations: AnnotationRecord[]; problems: string[]; merged?: MergedRecord[] } {
  const records: StreamRecord[] = [];
  const merged: MergedRecord[] = [];
  const captures: CaptureRecord[] = [];
  const annotations: AnnotationRecord[] = [];
  const problems: string[] = [];
  // A BOM from an editor that saved the file is not part of the first record.
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const result = parseRecordLine(lines[i]);
    if (result === undefined) continue;
    if ('problem' in result) problems.push(`line ${i + 1}: ${result.problem}`);
    else if ('capture' in result) captures.push(result.capture);
    else if ('merged' in result) merged.push(result.merged);
    else if ('annotation' in result) annotations.push(result.annotation);
    else records.push(result.record);
  }
  return merged.length > 0 ? { records, captures, annotations, problems, merged } : { records, captures, annotations, problems };
}
