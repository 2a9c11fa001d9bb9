import assert from 'node:assert/strict';
import { MAX_EMBEDDED_BYTES, planReplayController, quoteString, replayMessages } from '../../../src/nest/analysis/replayController';
import type { StreamRecord } from '../../../src/shared/records';

const event = (seq: number, time: number, data: string, id?: string, type = 'message'): StreamRecord => ({
  seq, time, kind: 'event', type, data, lastEventId: id ?? '', ...(id === undefined ? {} : { id }), size: data.length,
});

describe('New SSE Controller from Recording (pure plan)', () => {
  it('quotes any text as a single-quoted literal that evaluates back to it', () => {
    for (const text of ["it's", 'back\\slash', 'two\nlines\r', 'tab\t', '\u2028\u2029', '\u0000\u001f', 'é 🙂 漢', '${x} `y`']) {
      assert.equal(new Function(`return ${quoteString(text)};`)(), text);
    }
  });

  it('keeps types, ids, retry, comments and gaps from the latest open', () => {
    const records: StreamRecord[] = [
      { seq: 1, time: 0, kind: 'open', url: 'u', status: 200, statusText: 'OK', headers: {}, redirected: false },
      { seq: 2, time: 5, kind: 'retry', retry: 100 },
      event(3, 20, 'a', '1', 'greet'),
      { seq: 4, time: 30, kind: 'comment', text: 'c' },
      { ...event(5, 70.4, 'b'), lastEventId: '1' } as StreamRecord,
    ];
    assert.deepEqual(replayMessages(records), [
      { gapMs: 5, retry: 100 },
      { gapMs: 15, type: 'greet', id: '1', data: 'a' },
      { gapMs: 10, comment: 'c' },
      { gapMs: 40, data: 'b' },
    ]);
  });

  it('writes a controller named after the choice, with the recording embedded', () => {
    const plan = planReplayController('chat replay', [event(1, 0, "say 'hi'", '1', 'msg')], 'run.ndjson');
    assert.ok(plan.ok);
    assert.equal(plan.file.fileName, 'chat-replay.controller.ts');
    assert.equal(plan.file.className, 'ChatReplayController');
    assert.match(plan.file.content, /const CHAT_REPLAY_RECORDING: readonly RecordedMessage\[\] = \[\n {2}\{ gapMs: 0, type: 'msg', id: '1', data: 'say \\'hi\\'' \},\n\];/);
    assert.match(plan.file.content, /@Controller\('chat-replay'\)/);
  });

  it('refuses a recording without events, and one beyond the size limit, saying what to do', () => {
    const none = planReplayController('x', [{ seq: 1, time: 0, kind: 'comment', text: 'c' }], 'run.ndjson');
    assert.equal(none.ok, false);
    assert.match(!none.ok ? none.message : '', /holds no events/);
    const big = 'x'.repeat(64 * 1024);
    const records = Array.from({ length: MAX_EMBEDDED_BYTES / big.length + 1 }, (_, i) => event(i + 1, i, big));
    const tooLarge = planReplayController('x', records, 'big.ndjson');
    assert.equal(tooLarge.ok, false);
    assert.match(!tooLarge.ok ? tooLarge.message : '', /big\.ndjson is too large to embed in a controller \(576 KiB in 9 messages; the limit is 512 KiB.*Serve Recording…/);
  });
});
