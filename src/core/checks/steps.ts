/**
 * `expect.events`: ordered steps, each matching the next run of events. A step takes events
 * while they have its type (any type when it names none) and it has room (`count.max`); each
 * event it takes must match its `data`, `json` and `id`. Events left after the last step fail
 * the check, so `count: 3` means exactly three (end with `{ count: { min: 0 } }` to allow more).
 */
import type { EventRecord } from '../../shared/records';
import { failureAt, type CheckFailure } from './failure';
import { expectationName } from './shapeProblems';
import type { EventStep } from './types';

const typeName = (step: EventStep) => (step.type !== undefined ? `"${step.type}" ` : '');

function countText(step: EventStep): string {
  const { min, max } = step.count;
  if (min === max) return `exactly ${min} ${typeName(step)}event${min === 1 ? '' : 's'}`;
  if (max === Infinity) return `at least ${min} ${typeName(step)}event${min === 1 ? '' : 's'}`;
  return `${min} to ${max} ${typeName(step)}events`;
}

const shortData = (data: string) => JSON.stringify(data.length > 80 ? `${data.slice(0, 80)}…` : data);

/** The first step that does not hold, or undefined. `startedAt` is the request time. */
export function checkSteps(steps: readonly EventStep[], events: readonly EventRecord[], startedAt: number, stopNote: string): CheckFailure | undefined {
  let next = 0;
  for (const step of steps) {
    const taken: EventRecord[] = [];
    while (next < events.length && taken.length < step.count.max && (step.type === undefined || events[next].type === step.type)) {
      taken.push(events[next++]);
    }
    const countAt = step.countAt ?? step;
    if (taken.length < step.count.min) {
      const after = events[next];
      return {
        ...countAt,
        expectation: expectationName(countAt.pointer),
        expected: countText(step),
        got: after
          ? `${taken.length}, then a "${after.type}" event`
          : `${taken.length} before the stream stopped (${stopNote})`,
        seq: after?.seq,
      };
    }
    if (step.withinMs !== undefined && taken.length > 0 && taken[0].time - startedAt > step.withinMs) {
      const at = step.withinAt!;
      return failureAt(at, `the first ${typeName(step)}event within ${step.withinMs} ms`, `${taken[0].time - startedAt} ms`, taken[0].seq);
    }
    for (const event of taken) {
      const failure = checkEvent(step, event);
      if (failure) return failure;
    }
  }
  if (next < events.length) {
    const extra = events[next];
    const last = steps[steps.length - 1];
    const at = last ?? { pointer: '', place: { line: 1, column: 1 } };
    return {
      pointer: last ? last.pointer.replace(/\/\d+$/, '') : at.pointer,
      place: last ? last.place : at.place,
      expectation: last ? expectationName(last.pointer.replace(/\/\d+$/, '')) : 'expect.events',
      expected: last ? `no more events after ${countText(last)} (the last step)` : 'no events',
      got: `a "${extra.type}" event`,
      seq: extra.seq,
    };
  }
  return undefined;
}

function checkEvent(step: EventStep, event: EventRecord): CheckFailure | undefined {
  if (step.data && !step.data.regex.test(event.data)) {
    return failureAt(step.data.at, `data matching ${step.data.source}`, shortData(event.data), event.seq);
  }
  if (step.id) {
    const id = event.id;
    if (id === undefined || !step.id.regex.test(id)) {
      return failureAt(step.id.at, `an id matching ${step.id.source}`, id === undefined ? 'an event without id' : JSON.stringify(id), event.seq);
    }
  }
  if (step.json) {
    let value: unknown;
    try {
      value = JSON.parse(event.data);
    } catch {
      return failureAt(step.json.at, 'data that parses as JSON', shortData(event.data), event.seq);
    }
    const problem = step.json.check(value);
    if (problem) return failureAt(step.json.at, 'data valid against the schema', problem, event.seq);
  }
  return undefined;
}
