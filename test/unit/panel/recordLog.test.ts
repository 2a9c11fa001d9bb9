import * as assert from 'node:assert/strict';
import { RecordLog } from '../../../src/panel/recordLog';
import { BLOCK_SIZE, isPlainEvent } from '../../../src/panel/recordBlock';
import type { StreamRecord } from '../../../src/shared/records';

/** A small deterministic generator, so a failure names its seed. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const WORDS = ['', 'tick', 'été', '🙂 emoji', 'a\nb', '{"n":1}', 'x'.repeat(40)];

/** Every kind of record the log may hold, in the shapes the client, captures and recordings give. */
function mixedRecord(seq: number, random: () => number): StreamRecord {
  const word = (): string => WORDS[Math.floor(random() * WORDS.length)];
  const time = 1_764_547_200_000 + seq * 0.37;
  const r = random();
  if (r < 0.55) return { kind: 'event', seq, time, type: random() < 0.5 ? 'message' : `t${seq % 5}`, data: word() + seq, lastEventId: String(seq), id: String(seq), size: seq };
  if (r < 0.7) return { kind: 'event', seq, time, type: 'message', data: word(), lastEventId: word(), size: 3 };
  if (r < 0.74) return { kind: 'event', seq, time, type: 'big', data: 'é'.repeat(70_000), lastEventId: '', size: 140_000 };
  if (r < 0.78) return { kind: 'event', seq, time, type: 'cut', data: 'abc', lastEventId: '', size: 9_000_000, truncated: true };
  if (r < 0.82) return { kind: 'event', seq, time, type: 'captured', data: word(), lastEventId: '', size: 1, stream: 3 };
  // A recording written by another tool: the same fields in another order, or one more.
  if (r < 0.85) return { seq, kind: 'event', time, type: 'message', data: word(), lastEventId: '', size: 1 } as StreamRecord;
  if (r < 0.88) return { kind: 'event', seq, time, type: 'message', data: word(), lastEventId: '', size: 1, note: 'kept' } as StreamRecord;
  if (r < 0.93) return { kind: 'comment', seq, time, text: word() };
  if (r < 0.96) return { kind: 'retry', seq, time, retry: 1500 };
  return { kind: 'error', seq, time, message: 'refused', code: 'ECONNREFUSED', willReconnect: true };
}

describe('RecordLog', () => {
  it('keeps everything until it is full, oldest first', () => {
    const log = new RecordLog(3);
    const records = [mixedRecord(1, seeded(1)), mixedRecord(2, seeded(2))];
    log.pushAll(records);
    assert.deepEqual(log.toArray(), records);
    assert.equal(log.size, 2);
    assert.equal(log.dropped, 0);
  });

  it('drops the oldest when full, counts what it dropped and names records by position', () => {
    const log = new RecordLog(3);
    for (let seq = 1; seq <= 10; seq++) log.push({ kind: 'retry', seq, time: seq, retry: seq });
    assert.deepEqual(log.toArray().map((r) => r.seq), [8, 9, 10]);
    assert.equal(log.dropped, 7);
    assert.equal(log.firstPos, 7);
    assert.equal(log.endPos, 10);
    assert.equal(log.at(0)?.seq, 8);
    assert.equal(log.at(2)?.seq, 10);
    assert.equal(log.at(3), undefined);
    assert.equal(log.atPos(6), undefined);
    assert.equal(log.atPos(9)?.seq, 10);
    assert.equal(log.find((r) => r.seq % 9 === 0)?.seq, 9);
  });

  it('starts over on clear', () => {
    const log = new RecordLog(2);
    for (let seq = 1; seq <= 600; seq++) log.push(mixedRecord(seq, seeded(seq)));
    log.clear();
    assert.deepEqual(log.toArray(), []);
    assert.equal(log.dropped, 0);
    assert.equal(log.endPos, 0);
    const next = mixedRecord(601, seeded(7));
    log.push(next);
    assert.deepEqual(log.toArray(), [next]);
  });

  it('refuses a capacity that is not a positive integer', () => {
    assert.throws(() => new RecordLog(0), RangeError);
    assert.throws(() => new RecordLog(1.5), RangeError);
  });

  for (const capacity of [1, 7, BLOCK_SIZE - 1, BLOCK_SIZE, BLOCK_SIZE + 1, 1000]) {
    it(`gives back every record it holds exactly as pushed, fields and their order (capacity ${capacity})`, () => {
      const random = seeded(capacity);
      const log = new RecordLog(capacity);
      const pushed: StreamRecord[] = [];
      const evicted: number[] = [];
      log.onEvict = (pos) => {
        // Still answerable while it goes: the live view reads the type it counted.
        const record = pushed[pos];
        assert.equal(log.eventTypeAt(pos), record.kind === 'event' ? record.type : undefined);
        evicted.push(pos);
      };
      const total = capacity * 3 + BLOCK_SIZE * 4 + 5;
      for (let seq = 1; seq <= total; seq++) {
        // Copies, so that nothing the test keeps is the object the log holds.
        const record = mixedRecord(seq, random);
        pushed.push(structuredClone(record));
        log.push(record);
      }
      assert.equal(log.size, capacity);
      assert.equal(log.firstPos, total - capacity);
      assert.deepEqual(evicted, Array.from({ length: total - capacity }, (_, i) => i));
      for (let pos = log.firstPos; pos < log.endPos; pos++) {
        const record = log.atPos(pos);
        assert.equal(JSON.stringify(record), JSON.stringify(pushed[pos]), `position ${pos}`);
        assert.deepStrictEqual(record, pushed[pos]);
        const expected = pushed[pos];
        assert.equal(log.eventTypeAt(pos), expected.kind === 'event' ? expected.type : undefined);
      }
      assert.equal(log.atPos(log.firstPos - 1), undefined);
      assert.equal(log.eventTypeAt(log.endPos), undefined);
      assert.deepEqual(log.toArray(), pushed.slice(total - capacity));
    });
  }

  it('keeps plain events as columns, not as the objects pushed', () => {
    const log = new RecordLog(BLOCK_SIZE * 2);
    const first = { kind: 'event', seq: 1, time: 5, type: 'message', data: 'hello', lastEventId: '1', id: '1', size: 5 } as const;
    log.push(first);
    for (let seq = 2; seq <= BLOCK_SIZE; seq++) log.push({ kind: 'event', seq, time: 5, type: 'message', data: 'x', lastEventId: '', size: 1 });
    // Sealed: an equal record built again from the block.
    assert.notEqual(log.atPos(0), first);
    assert.deepStrictEqual(log.atPos(0), first);
    // Still open: the very object.
    const open = { kind: 'comment', seq: BLOCK_SIZE + 1, time: 6, text: 'hb' } as const;
    log.push(open);
    assert.equal(log.atPos(BLOCK_SIZE), open);
  });

  it('lets go of whole blocks: what it holds stays within a block of its capacity', () => {
    const log = new RecordLog(1000);
    for (let seq = 1; seq <= 50_000; seq++) log.push({ kind: 'event', seq, time: seq, type: 'message', data: `d${seq}`, lastEventId: '', size: 2 });
    const inside = log as unknown as { sealed: unknown[]; open: unknown[] };
    assert.ok(inside.sealed.length * BLOCK_SIZE + inside.open.length <= 1000 + 2 * BLOCK_SIZE, `${inside.sealed.length} blocks`);
  });

  it('takes apart only events it can build again exactly', () => {
    assert.equal(isPlainEvent({ kind: 'event', seq: 1, time: 1, type: 'm', data: 'd', lastEventId: '', size: 1 }), true);
    assert.equal(isPlainEvent({ kind: 'event', seq: 1, time: 1, type: 'm', data: 'd', lastEventId: '', id: '', size: 1 }), true);
    assert.equal(isPlainEvent({ kind: 'event', seq: 1, time: 1, type: 'm', data: 'd', lastEventId: '', size: 1, truncated: true }), false);
    assert.equal(isPlainEvent({ kind: 'event', seq: 1, time: 1, type: 'm', data: 'd', lastEventId: '', size: 1, stream: 2 }), false);
    assert.equal(isPlainEvent({ seq: 1, kind: 'event', time: 1, type: 'm', data: 'd', lastEventId: '', size: 1 } as StreamRecord), false);
    assert.equal(isPlainEvent({ kind: 'event', seq: 1, time: 1, type: 'm', data: 7, lastEventId: '', size: 1 } as unknown as StreamRecord), false);
    assert.equal(isPlainEvent({ kind: 'comment', seq: 1, time: 1, text: '' }), false);
  });
});
