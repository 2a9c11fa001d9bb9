import * as assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { RecordBatcher } from '../../../src/panel/recordBatcher';

describe('RecordBatcher', () => {
  it('coalesces many records into one batch per interval, in order', async () => {
    const batches: number[][] = [];
    const batcher = new RecordBatcher<number>((batch) => batches.push(batch), 10);
    for (let i = 0; i < 1000; i++) batcher.add(i);
    assert.equal(batches.length, 0, 'nothing is sent synchronously');
    await sleep(40);
    assert.equal(batches.length, 1);
    assert.deepEqual(batches[0], Array.from({ length: 1000 }, (_, i) => i));
  });

  it('flushNow sends at once and discard drops what waits', async () => {
    const batches: number[][] = [];
    const batcher = new RecordBatcher<number>((batch) => batches.push(batch), 10);
    batcher.add(1);
    batcher.flushNow();
    assert.deepEqual(batches, [[1]]);
    batcher.flushNow();
    assert.equal(batches.length, 1, 'an empty batch is never sent');
    batcher.add(2);
    batcher.discard();
    await sleep(30);
    assert.deepEqual(batches, [[1]]);
  });

  it('waits longer between messages while batches are large, and goes back to one frame when quiet', async () => {
    const batches: number[][] = [];
    const batcher = new RecordBatcher<number>((batch) => batches.push(batch), 10);
    assert.equal(batcher.currentIntervalMs, 10);
    for (let i = 0; i < 300; i++) batcher.add(i);
    batcher.flushNow();
    assert.equal(batcher.currentIntervalMs, 30, 'a 300-record batch means a fast stream');
    batcher.add(1);
    await sleep(18);
    assert.equal(batches.length, 1, 'not sent after one interval while busy');
    await sleep(30);
    assert.equal(batches.length, 2);
    assert.equal(batcher.currentIntervalMs, 10, 'a small batch means the stream calmed down');
  });
});
