/**
 * The two export formats (NDJSON, one record per line, as the CLI writes; and a JSON array) and
 * reading either back. Built on ndjson.ts so both formats validate records the same way.
 */
import { formatRecordLine, parseRecording } from './ndjson';
import type { AnnotationRecord, CaptureRecord, MergedRecord, StreamRecord } from '../shared/records';

export type RecordingFormat = 'ndjson' | 'json';

/** `merged` records (LLM answers) and annotations may be among them, where the caller put them. */
export function serializeRecords(records: readonly (StreamRecord | MergedRecord | AnnotationRecord)[], format: RecordingFormat): string {
  if (format === 'json') return `${JSON.stringify(records, null, 2)}\n`;
  let text = '';
  for (const record of records) text += formatRecordLine(record);
  return text;
}

/**
 * Reads NDJSON or a JSON array of records; bad entries are reported, never thrown. A capture
 * file's capture records (see records.ts) are validated too and returned apart in `captures`.
 */
export function readRecordingText(text: string): { records: StreamRecord[]; captures: CaptureRecord[]; annotations: AnnotationRecord[]; problems: string[]; merged?: MergedRecord[] } {
  if (text.trimStart().startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      return { records: [], captures: [], annotations: [], problems: [`not valid JSON: ${(error as Error).message}`] };
    }
    if (Array.isArray(parsed)) {
      // One entry per line lets the NDJSON reader validate them and number the problems.
      const result = parseRecording(parsed.map((entry) => JSON.stringify(entry)).join('\n'));
      return { ...result, problems: result.problems.map((p) => p.replace(/^line/, 'entry')) };
    }
  }
  return parseRecording(text);
}
