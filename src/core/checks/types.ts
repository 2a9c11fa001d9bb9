import type { LlmFormat } from '../../shared/records';

/**
 * Stream checks: what a `*.ssecheck.yaml` / `.json` file says, after parsing and validation.
 * Every part keeps the place it came from in the file, so a failure points at its expectation.
 */

/** 1-based line and column in the check file. */
export interface Place {
  line: number;
  column: number;
}

/** A JSON pointer into the file (`/checks/0/expect/maxGapMs`) and where it is. */
export interface Located {
  /** JSON pointer of the key in the file's data. */
  pointer: string;
  place: Place;
}

/** A problem that makes a check file unusable (exit status 2 in the CLI). */
export interface FileProblem extends Located {
  message: string;
}

/** `count`: exactly N, or a range (either bound may be left out). */
export interface CountRange {
  min: number;
  max: number;
}

/** A regex as written (`pattern` or `/pattern/flags`), compiled once. */
export interface Pattern {
  source: string;
  regex: RegExp;
}

/** A JSON Schema (draft 2020-12) compiled once; returns the first problem or undefined. */
export type JsonCheck = (value: unknown) => string | undefined;

/** One step of `expect.events`: matches the next events of the stream. */
export interface EventStep extends Located {
  index: number;
  type?: string;
  count: CountRange;
  /** Where `count` was written (its own place), when it was. */
  countAt?: Located;
  withinMs?: number;
  withinAt?: Located;
  data?: Pattern & { at: Located };
  json?: { check: JsonCheck; at: Located };
  id?: Pattern & { at: Located };
}

/** The formats LLM merging detects by itself (`custom` needs a rule, so a check cannot name it). */
export type DetectedLlmFormat = Exclude<LlmFormat, 'custom'>;

/**
 * `expect.merged`: the check's stream merged into one LLM answer (src/core/llm) and compared.
 * Each key is optional; `at` is the `merged` key itself (where "not an LLM stream" is reported).
 */
export interface MergedExpectations {
  at: Located;
  /** Searched in the merged text, as RegExp.test does. */
  text?: Pattern & { at: Located };
  /** The tool calls' names: exactly these, in this order. */
  toolCalls?: { value: string[]; at: Located };
  /** The finish reason (the Responses API's status, which has no finish reason). */
  finishReason?: { value: string; at: Located };
  /** Time to first token (ms from the request) at most this. */
  maxTtftMs?: { value: number; at: Located };
  /** The detected format must be this one. */
  format?: { value: DetectedLlmFormat; at: Located };
}

/** The expectations of one check; each keeps where it was written. */
export interface Expectations {
  status?: { value: number; at: Located };
  contentType?: { value: string; at: Located };
  firstEventWithinMs?: { value: number; at: Located };
  maxGapMs?: { value: number; at: Located };
  endsWithinMs?: { value: number; at: Located };
  events?: { steps: EventStep[]; at: Located };
  ids?: { value: 'increasing' | 'unique'; at: Located };
  resume?: { value: number; at: Located };
  merged?: MergedExpectations;
}

/** The request of a check: either a URL with its details, or a profile by name. */
export interface CheckRequest {
  url?: string;
  profile?: { name: string; at: Located };
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  lastEventId?: string;
  /** Values that came from `${env:NAME}`: they are masked wherever a check's outcome is written. */
  secrets: string[];
  /** Header names whose values used `${env:...}`: the client masks them in its records. */
  secretHeaders: string[];
}

/** One check, ready to run. */
export interface Check extends Located {
  /** The file it came from, as given. */
  file: string;
  index: number;
  name: string;
  request: CheckRequest;
  /** Stop after this many events (undefined: no limit). */
  stopEvents?: number;
  /** Stop after this many ms (default 10 000: a stream never runs a check forever). */
  stopMs: number;
  expect: Expectations;
}

/** A parsed check file: its checks, or the problems that make it unusable. */
export interface CheckFile {
  file: string;
  checks: Check[];
  problems: FileProblem[];
}
