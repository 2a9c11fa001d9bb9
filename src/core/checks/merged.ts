/**
 * `expect.merged`: the check's connection merged into one LLM answer by the same SessionMerger
 * the panel, `record` and `merge` use, then compared key by key. Each unmet key is a failure at
 * its own line; the seq at fault is the last merged event (the answer as it stood when the
 * stream stopped), or for `maxTtftMs` the first event that added content.
 */
import { SessionMerger } from '../llm/sessionMerger';
import type { EventRecord, MergedRecord, StreamRecord } from '../../shared/records';
import { failureAt, type CheckFailure } from './failure';
import type { MergedExpectations } from './types';

/** The formats a check can name, for the "not an LLM stream" message. */
const FORMATS = 'openai-chat, openai-responses, anthropic, gemini, ai-sdk, json-rpc';

/** Longest merged text quoted in a failure: enough to see what came, bounded for CI logs. */
const QUOTE_MAX = 200;

/** Events kept while the format is still unknown: the merger looks at 20 before giving up. */
const UNDETECTED_KEEP = 32;

/** One connection merged, and the event that gave its first token. */
export interface MergedRun {
  /** Undefined when no LLM format was recognised (or no event came). */
  record?: MergedRecord;
  /** The seq of the first event that added text, reasoning or a tool call. */
  firstContentSeq?: number;
  events: number;
  lastEventSeq?: number;
}

/** Merges one connection's records (the first `merged` record is the connection's answer). */
export function mergeRun(records: readonly StreamRecord[]): MergedRun {
  let record: MergedRecord | undefined;
  const session = new SessionMerger({}, (r) => (record ??= r));
  let firstContentSeq: number | undefined;
  let events = 0;
  let lastEventSeq: number | undefined;
  // Events the merger buffered before it knew the format: the one that added content may be
  // among them (they are replayed at detection), and its time tells which.
  let undetected: EventRecord[] = [];
  for (const r of records) {
    session.push(r);
    if (r.kind !== 'event') continue;
    events++;
    lastEventSeq = r.seq;
    if (firstContentSeq !== undefined) continue;
    const merger = session.stream;
    if (merger.format === undefined) {
      undetected.push(r);
      if (undetected.length > UNDETECTED_KEEP) undetected = undetected.slice(-UNDETECTED_KEEP);
      continue;
    }
    const time = merger.timing.firstContentTime;
    if (time !== undefined) firstContentSeq = [...undetected, r].find((e) => e.time === time)?.seq ?? r.seq;
    undetected = [];
  }
  session.finish();
  return { record, firstContentSeq, events, lastEventSeq };
}

/** Quotes merged text for a message, cut to QUOTE_MAX characters. */
function quote(text: string | undefined): string {
  if (!text) return 'no text';
  const cut = text.length > QUOTE_MAX ? `${text.slice(0, QUOTE_MAX)}…` : text;
  return `${JSON.stringify(cut)}${text.length > QUOTE_MAX ? ` (${text.length} characters)` : ''}`;
}

/** Why the answer may be short: an error the stream reported, or no terminal event. */
function why(record: MergedRecord, note: string): string {
  if (record.error) return ` (the stream reported an error: ${record.error.message})`;
  if (!record.complete) return ` (the answer is not complete: ${note})`;
  return '';
}

/** Every unmet key of `expect.merged` for `records` (one connection); `note` says how it stopped. */
export function checkMerged(expect: MergedExpectations, records: readonly StreamRecord[], note: string): CheckFailure[] {
  const run = mergeRun(records);
  const record = run.record;
  if (!record) {
    const got = run.events === 0 ? `no event (${note})` : `no LLM format recognised in ${run.events} event${run.events === 1 ? '' : 's'}`;
    return [failureAt(expect.at, `an LLM stream (${FORMATS})`, got, run.lastEventSeq)];
  }
  const failures: CheckFailure[] = [];
  const seq = record.seq;
  if (expect.format && record.format !== expect.format.value) {
    failures.push(failureAt(expect.format.at, `format ${expect.format.value}`, record.format, run.firstContentSeq ?? seq));
  }
  if (expect.text && !expect.text.regex.test(record.text ?? '')) {
    failures.push(failureAt(expect.text.at, `text matching ${expect.text.source}`, `${quote(record.text)}${why(record, note)}`, seq));
  }
  if (expect.toolCalls) {
    const names = (record.toolCalls ?? []).map((call) => call.name ?? '(no name)');
    const expected = expect.toolCalls.value;
    if (names.length !== expected.length || names.some((name, i) => name !== expected[i])) {
      const list = (items: string[]) => (items.length === 0 ? 'no tool calls' : `tool calls [${items.join(', ')}]`);
      failures.push(failureAt(expect.toolCalls.at, list(expected), `${list(names)}${why(record, note)}`, seq));
    }
  }
  if (expect.finishReason) {
    // The Responses API has a status (completed, incomplete, failed) where others have a reason.
    const got = record.finishReason ?? (record.format === 'openai-responses' ? record.status : undefined);
    if (got !== expect.finishReason.value) {
      failures.push(failureAt(expect.finishReason.at, `finish reason ${JSON.stringify(expect.finishReason.value)}`, `${got === undefined ? 'no finish reason' : JSON.stringify(got)}${why(record, note)}`, seq));
    }
  }
  if (expect.maxTtftMs) {
    const { value, at } = expect.maxTtftMs;
    const ttft = record.timing.ttftMs;
    if (ttft === undefined) failures.push(failureAt(at, `the first token within ${value} ms`, `no event added text, reasoning or a tool call${why(record, note)}`, seq));
    else if (ttft > value) failures.push(failureAt(at, `the first token within ${value} ms`, `${ttft} ms`, run.firstContentSeq));
  }
  return failures;
}
