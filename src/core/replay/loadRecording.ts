/**
 * Reads a recording file for serving with the streaming reader Open Recording… uses: NDJSON
 * line by line or a JSON array entry by entry, never the file as one string, each record
 * checked by the one validator (ndjson.ts).
 */
import { readRecordingFile, type RecordingReadResult } from '../recordingReader';
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

/** The records of a file; throws RecordingError when it cannot be read or holds nothing. */
export async function readRecordingForServe(path: string): Promise<{ records: StreamRecord[]; problems: string[]; skipped: number }> {
  let read: RecordingReadResult;
  try {
    // Everything is kept: a replay needs the whole recording (a panel keeps only the newest).
    read = await readRecordingFile(path, { keep: Number.POSITIVE_INFINITY });
  } catch (error) {
    throw new RecordingError(`Cannot read ${path}: ${(error as Error).message}`);
  }
  if (read.total === 0 && read.problemCount === 0) {
    throw new RecordingError(`${path} is empty: record one with "sse-inspector record URL -o ${path}".`);
  }
  return { records: read.records, problems: read.problems.slice(0, MAX_PROBLEMS), skipped: read.problemCount };
}

/** Reads and plans a recording; throws RecordingError for anything that cannot be served. */
export async function loadRecording(path: string): Promise<LoadedRecording> {
  const { records, problems, skipped } = await readRecordingForServe(path);
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
