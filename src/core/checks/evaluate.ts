/**
 * Judges one run of a check: every expectation is evaluated and each unmet one becomes a
 * failure at its place in the file, with what was expected, what came, and the seq at fault.
 */
import type { ClosedRecord, ErrorRecord, EventRecord, OpenRecord } from '../../shared/records';
import { failureAt, type CheckFailure } from './failure';
import { compareIds } from './ids';
import { checkMerged } from './merged';
import { checkResume } from './resume';
import { checkSteps } from './steps';
import type { ResumeRuns, StreamRun } from './streamRun';
import type { Check, Located } from './types';

/** How the run stopped, in words: what a "got" says when the stream ran out. */
export function stopNote(closed: ClosedRecord | undefined, check: Check): string {
  switch (closed?.reason) {
    case 'ended':
      return 'the server ended it';
    case 'timeout':
      return `stop.ms: ${check.stopMs} ms`;
    case 'max-events':
      return closed!.message.includes('more than') ? closed!.message : `stop.events: ${check.stopEvents}`;
    case undefined:
      return 'no end was recorded';
    default:
      return closed!.message;
  }
}

/** Compares a Content-Type: case-insensitive; parameters only when the expectation has some. */
function contentTypeMatches(expected: string, got: string): boolean {
  const norm = (text: string) => text.toLowerCase().replace(/\s+/g, '');
  if (expected.includes(';')) return norm(expected) === norm(got);
  return norm(expected) === norm(got.split(';')[0]);
}

/** Every unmet expectation of `check` in `run` (and `resumed`, for `expect.resume`), in file order. */
export function evaluate(check: Check, run: StreamRun, resumed?: ResumeRuns): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const { expect } = check;
  const records = run.records;
  const open = records.find((r): r is OpenRecord => r.kind === 'open');
  const error = records.find((r): r is ErrorRecord => r.kind === 'error');
  const closed = records.find((r): r is ClosedRecord => r.kind === 'closed');
  const events = records.filter((r): r is EventRecord => r.kind === 'event');
  const since = (time: number) => time - run.startedAt;
  const note = stopNote(closed, check);

  const status = open?.status ?? error?.status;
  const headers = open?.headers ?? error?.headers ?? {};
  const contentType = Object.entries(headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  if (expect.status && status !== expect.status.value) {
    failures.push(failureAt(expect.status.at, `status ${expect.status.value}`, status !== undefined ? `status ${status}` : `no response (${error?.message ?? note})`, (open ?? error)?.seq));
  }
  if (expect.contentType && (contentType === undefined || !contentTypeMatches(expect.contentType.value, contentType))) {
    failures.push(failureAt(expect.contentType.at, `Content-Type ${expect.contentType.value}`, contentType !== undefined ? contentType : 'no Content-Type', (open ?? error)?.seq));
  }
  // A stream that never opened fails the check, unless the check expects that very status (or
  // a status or Content-Type failure above already says why).
  if (!open && failures.length === 0 && !(expect.status && status === expect.status.value)) {
    const at = { pointer: `${check.pointer}/request`, place: check.place };
    failures.push({ ...failureAt(at, 'an open event stream (200, text/event-stream)', error ? error.message : note, error?.seq), expectation: 'request' });
  }
  if (run.overflowed) {
    failures.push({ ...failureAt({ pointer: `${check.pointer}/stop`, place: check.place }, 'a stop rule to end the run', note), expectation: 'stop' });
  }

  if (expect.firstEventWithinMs) {
    const { value, at } = expect.firstEventWithinMs;
    const first = events[0];
    if (!first) failures.push(failureAt(at, `the first event within ${value} ms`, `no event (${note})`, closed?.seq));
    else if (since(first.time) > value) failures.push(failureAt(at, `the first event within ${value} ms`, `${since(first.time)} ms`, first.seq));
  }
  if (expect.maxGapMs) {
    const gap = largestGap(events, closed);
    const { value, at } = expect.maxGapMs;
    if (gap && gap.ms > value) {
      failures.push(failureAt(at, `no gap over ${value} ms between events`, gap.trailing ? `no event for ${gap.ms} ms before the check stopped (${note})` : `a gap of ${gap.ms} ms`, gap.seq));
    }
  }
  if (expect.endsWithinMs) {
    const { value, at } = expect.endsWithinMs;
    if (closed?.reason !== 'ended') failures.push(failureAt(at, `the server to end the stream within ${value} ms`, `still open when the check stopped (${note})`, closed?.seq));
    else if (since(closed.time) > value) failures.push(failureAt(at, `the server to end the stream within ${value} ms`, `ended after ${since(closed.time)} ms`, closed.seq));
  }
  if (expect.events) {
    const failure = checkSteps(expect.events.steps, events, run.startedAt, note);
    if (failure) failures.push(failure);
  }
  if (expect.ids) {
    const failure = checkIds(expect.ids.value, expect.ids.at, events);
    if (failure) failures.push(failure);
  }
  if (expect.resume && resumed) {
    const failure = checkResume(expect.resume.value, expect.resume.at, events, resumed);
    if (failure) failures.push(failure);
  }
  if (expect.merged) failures.push(...checkMerged(expect.merged, records, note));
  return failures.sort((a, b) => a.place.line - b.place.line || a.place.column - b.place.column);
}

/** The largest gap between events; when the check stopped a quiet stream, the silence at the end counts too. */
function largestGap(events: readonly EventRecord[], closed: ClosedRecord | undefined): { ms: number; seq: number; trailing: boolean } | undefined {
  let worst: { ms: number; seq: number; trailing: boolean } | undefined;
  for (let i = 1; i < events.length; i++) {
    const ms = events[i].time - events[i - 1].time;
    if (!worst || ms > worst.ms) worst = { ms, seq: events[i].seq, trailing: false };
  }
  const last = events[events.length - 1];
  if (last && closed?.reason === 'timeout') {
    const ms = closed.time - last.time;
    if (!worst || ms > worst.ms) worst = { ms, seq: last.seq, trailing: true };
  }
  return worst;
}

function checkIds(rule: 'increasing' | 'unique', at: Located, events: readonly EventRecord[]): CheckFailure | undefined {
  const seen = new Map<string, number>();
  let previous: EventRecord | undefined;
  for (const event of events) {
    if (event.id === undefined) continue;
    if (rule === 'unique') {
      const first = seen.get(event.id);
      if (first !== undefined) return failureAt(at, 'unique ids', `id ${JSON.stringify(event.id)} again (first at seq ${first})`, event.seq);
      seen.set(event.id, event.seq);
    } else if (previous && compareIds(event.id, previous.id!) <= 0) {
      return failureAt(at, `ids increasing after ${JSON.stringify(previous.id)}`, `id ${JSON.stringify(event.id)}`, event.seq);
    }
    previous = event;
  }
  return undefined;
}
