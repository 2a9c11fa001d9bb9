/**
 * `expect.resume: N`: the stream was cut after N events and resumed with Last-Event-ID. The
 * events after the cut must continue it: no id lost, none repeated. What "continue" means comes
 * from the uninterrupted run of the same check (the reference); when the cut's id is not in it
 * (a live stream whose ids differ per run), consecutive whole-number ids are judged by arithmetic.
 */
import type { EventRecord } from '../../shared/records';
import { compareIds } from './ids';
import type { CheckFailure } from './failure';
import { expectationName } from './shapeProblems';
import type { ResumeRuns } from './streamRun';
import type { Located } from './types';

const eventsOf = (run: ResumeRuns['cut']) => run.records.filter((r): r is EventRecord => r.kind === 'event');
const list = (ids: readonly string[]) => ids.map((id) => JSON.stringify(id)).join(', ');

/** The lost and repeated ids of a resume, or undefined when it continued cleanly. */
export function checkResume(n: number, at: Located, reference: readonly EventRecord[], runs: ResumeRuns): CheckFailure | undefined {
  const expectation = expectationName(at.pointer);
  const before = eventsOf(runs.cut);
  const after = eventsOf(runs.after);
  const lastId = runs.cut.lastEventId;
  const base = { ...at, expectation };
  if (before.length < n) {
    return { ...base, expected: `${n} events before the cut`, got: `${before.length} (the stream stopped first)`, seq: before[before.length - 1]?.seq };
  }
  if (lastId === '') return { ...base, expected: `an event id by event ${n}, to resume from`, got: 'no id (the server sends none)', seq: before[n - 1].seq };
  const cutSeq = before[n - 1].seq;

  const beforeIds = new Set(before.flatMap((e) => (e.id !== undefined ? [e.id] : [])));
  const afterWithIds = after.filter((e) => e.id !== undefined);
  const repeated: EventRecord[] = [];
  const seenAfter = new Set<string>();
  for (const event of afterWithIds) {
    if (beforeIds.has(event.id!) || seenAfter.has(event.id!)) repeated.push(event);
    seenAfter.add(event.id!);
  }

  const refIds = reference.flatMap((e) => (e.id !== undefined ? [e.id] : []));
  const p = refIds.indexOf(lastId);
  let lost: string[] = [];
  let lostBeforeSeq: number | undefined;
  let judged = true;
  if (p >= 0) {
    const expected = refIds.slice(p + 1);
    let furthest = -1;
    for (const id of seenAfter) furthest = Math.max(furthest, expected.indexOf(id));
    if (afterWithIds.length === 0 && expected.length > 0) furthest = 0;
    lost = expected.slice(0, furthest + 1).filter((id) => !seenAfter.has(id));
    if (lost.length > 0) lostBeforeSeq = afterWithIds.find((e) => expected.indexOf(e.id!) > expected.indexOf(lost[0]))?.seq;
  } else if (/^\d+$/.test(lastId) && afterWithIds.every((e) => /^\d+$/.test(e.id!)) && consecutive(refIds)) {
    const firstNew = afterWithIds.find((e) => compareIds(e.id!, lastId) > 0);
    if (firstNew) {
      for (let id = Number(lastId) + 1; id < Number(firstNew.id); id++) lost.push(String(id));
      if (lost.length > 0) lostBeforeSeq = firstNew.seq;
    }
  } else {
    judged = repeated.length > 0;
  }
  if (!judged) {
    return { ...base, expected: `the uninterrupted run to contain the cut's id ${JSON.stringify(lastId)}`, got: 'a stream whose ids differ from run to run (cannot tell what was lost)', seq: cutSeq };
  }
  if (lost.length === 0 && repeated.length === 0) {
    if (afterWithIds.length === 0 && after.length > 0) return { ...base, expected: 'events with ids after the resume', got: 'events without ids', seq: after[0].seq };
    return undefined;
  }
  const parts: string[] = [];
  if (lost.length > 0) parts.push(`lost ${lost.length === 1 ? 'id' : 'ids'} ${list(lost)}`);
  if (repeated.length > 0) parts.push(`repeated ${repeated.length === 1 ? 'id' : 'ids'} ${list(repeated.map((e) => e.id!))}`);
  const seq = Math.min(...[repeated[0]?.seq, lostBeforeSeq].filter((s): s is number => s !== undefined), Infinity);
  return {
    ...base,
    expected: `the events after id ${JSON.stringify(lastId)} (the cut after ${n} events) to continue without a gap or a repeat`,
    got: parts.join(' and '),
    ...(Number.isFinite(seq) ? { seq } : {}),
    detail: `resumed with Last-Event-ID ${JSON.stringify(lastId)}; ids after the resume: ${list(afterWithIds.slice(0, 10).map((e) => e.id!))}${afterWithIds.length > 10 ? ', …' : ''}`,
  };
}

function consecutive(ids: readonly string[]): boolean {
  if (ids.length < 2 || !ids.every((id) => /^\d+$/.test(id))) return false;
  return ids.every((id, i) => i === 0 || Number(id) === Number(ids[i - 1]) + 1);
}
