import assert from 'node:assert/strict';
import { encodeStep, planWire, resumeIndex } from '../../../../src/core/replay/wirePlan';
import type { StreamRecord } from '../../../../src/shared/records';

const open = (seq: number, time: number): StreamRecord => ({ seq, time, kind: 'open', url: 'u', status: 200, statusText: 'OK', headers: {}, redirected: false });
const event = (seq: number, time: number, fields: { type?: string; data: string; id?: string; lastEventId?: string }): StreamRecord => ({
  seq,
  time,
  kind: 'event',
  type: fields.type ?? 'message',
  data: fields.data,
  lastEventId: fields.lastEventId ?? fields.id ?? '',
  ...(fields.id === undefined ? {} : { id: fields.id }),
  size: fields.data.length,
});

describe('replay wire plan', () => {
  it('writes event, id and one data line per line; comments and retry as their own blocks', () => {
    const plan = planWire([
      open(1, 100),
      { seq: 2, time: 110, kind: 'retry', retry: 2500 },
      event(3, 150, { type: 'delta', id: '7', data: 'a\n\n b' }),
      { seq: 4, time: 150, kind: 'comment', text: '' },
      { seq: 5, time: 175, kind: 'comment', text: ' spaced' },
      event(6, 200, { data: '', lastEventId: '7' }),
    ]);
    assert.deepEqual(
      plan.steps.map((s) => [s.kind, s.gapMs, s.text]),
      [
        ['retry', 10, 'retry: 2500\n\n'],
        ['event', 40, 'event: delta\nid: 7\ndata: a\ndata: \ndata:  b\n\n'],
        ['comment', 0, ':\n\n'],
        ['comment', 25, ':  spaced\n\n'],
        ['event', 25, 'data: \n\n'],
      ],
    );
    assert.equal(plan.eventCount, 2);
    assert.equal(plan.firstEventGapMs, 50);
  });

  it('times from the latest open, so a reconnect in the recording costs nothing', () => {
    const plan = planWire([open(1, 0), event(2, 30, { data: 'x', id: '1' }), { seq: 3, time: 40, kind: 'error', message: 'm', code: 'NETWORK', willReconnect: true }, open(4, 3040), event(5, 3050, { data: 'y', id: '2' })]);
    assert.deepEqual(plan.steps.map((s) => s.gapMs), [30, 10]);
  });

  it('without an open record the first block goes at once', () => {
    assert.deepEqual(planWire([event(1, 5000, { data: 'x' }), event(2, 5020, { data: 'y' })]).steps.map((s) => s.gapMs), [0, 20]);
  });

  it('infers id lines from lastEventId in recordings without the id field, including a reset to empty', () => {
    const plan = planWire([event(1, 0, { data: 'a', lastEventId: '1' }), event(2, 0, { data: 'b', lastEventId: '1' }), event(3, 0, { data: 'c', lastEventId: '' })]);
    assert.deepEqual(plan.steps.map((s) => s.text), ['id: 1\ndata: a\n\n', 'data: b\n\n', 'id: \ndata: c\n\n']);
  });

  it('resumes after the first event with the id; an unknown id or none starts over', () => {
    const plan = planWire([event(1, 0, { data: 'a', id: '1' }), { seq: 2, time: 0, kind: 'comment', text: 'c' }, event(3, 0, { data: 'b', id: '1' }), event(4, 0, { data: 'c', id: '2' })]);
    assert.equal(resumeIndex(plan, '1'), 1);
    assert.equal(resumeIndex(plan, '2'), 4);
    assert.equal(resumeIndex(plan, 'x'), 0);
    assert.equal(resumeIndex(plan, undefined), 0);
  });

  it('notes events that were cut at the recorder size limit', () => {
    const cut = { ...event(1, 0, { data: 'abc' }), truncated: true, size: 99 } as StreamRecord;
    assert.match(planWire([cut]).notes[0], /1 event\(s\) were cut/);
  });

  it('encodes line endings', () => {
    assert.equal(encodeStep('data: é\n\n', 'crlf').toString('utf8'), 'data: é\r\n\r\n');
    assert.equal(encodeStep('data: é\n\n', 'cr').toString('utf8'), 'data: é\r\r');
    assert.equal(encodeStep('data: é\n\n').length, 10);
  });
});
