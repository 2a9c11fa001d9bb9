/**
 * Reads a recording file for serving: as a stream, line by line (a recording can be large; it is
 * never held as one string), each line checked by the same validator Open Recording… uses. A
 * JSON-array export cannot be read by line, so it goes through readRecordingText instead.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { parseRecordLine } from '../ndjson';
import { readRecordingText } from '../recordingFormats';
import type { StreamRecord } from '../../shared/records';
import { planWire, type WirePlan } from './wirePlan';

/** Why a file cannot be served: a usage error (exit 2) with a message for one line. */
export class RecordingError extends Error {}

/** A recording ready to serve. */
export interface LoadedRecording {
  path: string;
  records: StreamRecord[];
  plan: WirePlan;
  /** Lines that were skipped (`line 3: not valid JSON`), at most a few; `skipped` counts all. */
  problems: string[];
  skipped: number;
}

const MAX_PROBLEMS = 5;

/** The records of a file; throws RecordingError when it cannot be read or holds no record. */
export async function readRecordingFile(path: string): Promise<{ records: StreamRecord[]; problems: string[]; skipped: number }> {
  const records: StreamRecord[] = [];
  const problems: string[] = [];
  let skipped = 0;
  let lineNumber = 0;
  let sawText = false;
  let isJsonArray = false;
  const input = createReadStream(path, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const raw of lines) {
      lineNumber++;
      const line = lineNumber === 1 ? raw.replace(/^\uFEFF/, '') : raw;
      if (!sawText && line.trim() !== '') {
        sawText = true;
        if (line.trimStart().startsWith('[')) {
          isJsonArray = true;
          break;
        }
      }
      const parsed = parseRecordLine(line);
      if (parsed === undefined) continue;
      if ('record' in parsed) records.push(parsed.record);
      else {
        skipped++;
        if (problems.length < MAX_PROBLEMS) problems.push(`line ${lineNumber}: ${parsed.problem}`);
      }
    }
  } catch (error) {
    throw new RecordingError(`Cannot read ${path}: ${(error as Error).message}`);
  } finally {
    lines.close();
    input.destroy();
  }
  if (isJsonArray) {
    const whole = readRecordingText(await readFile(path, 'utf8'));
    return { records: whole.records, problems: whole.problems.slice(0, MAX_PROBLEMS), skipped: whole.problems.length };
  }
  if (!sawText) throw new RecordingError(`${path} is empty: record one with "sse-inspector record URL -o ${path}".`);
  return { records, problems, skipped };
}

/** Reads and plans a recording; throws RecordingError for anything that cannot be served. */
export async function loadRecording(path: string): Promise<LoadedRecording> {
  const { records, problems, skipped } = await readRecordingFile(path);
  return planRecording(path, records, problems, skipped);
}

/** Plans records already in memory (a panel's); throws RecordingError when there is no event. */
export function planRecording(path: string, records: StreamRecord[], problems: string[] = [], skipped = 0): LoadedRecording {
  if (records.length === 0) {
    throw new RecordingError(`${path} is not a recording (${problems[0] ?? 'no records'}): expected NDJSON records as "sse-inspector record" writes them.`);
  }
  const plan = planWire(records);
  if (plan.eventCount === 0) throw new RecordingError(`${path} holds ${records.length} record(s) but no events: nothing to serve.`);
  return { path, records, plan, problems, skipped };
}
