/** What an unmet expectation reports: where it is written, what it wanted, what came, and when. */
import { expectationName } from './shapeProblems';
import type { Located } from './types';

export interface CheckFailure extends Located {
  /** The expectation as written in the file, e.g. `expect.maxGapMs` or `expect.events[2].count`. */
  expectation: string;
  expected: string;
  got: string;
  /** The seq of the event (record) at fault, when one is. */
  seq?: number;
  /** Optional detail beyond expected/got (e.g. the lost and repeated ids). */
  detail?: string;
}

/** One line: `expect.maxGapMs: expected <= 100 ms, got 350 ms (seq 7)`. */
export function formatFailure(failure: CheckFailure): string {
  const seq = failure.seq !== undefined ? ` (seq ${failure.seq})` : '';
  const detail = failure.detail ? `; ${failure.detail}` : '';
  return `${failure.expectation}: expected ${failure.expected}, got ${failure.got}${seq}${detail}`;
}

/** The failure of the expectation written at `at`, named as the file names it. */
export function failureAt(at: Located, expected: string, got: string, seq?: number): CheckFailure {
  return { ...at, expectation: expectationName(at.pointer), expected, got, ...(seq !== undefined ? { seq } : {}) };
}
