import * as assert from 'node:assert/strict';
import { BoundedLog } from '../../../src/panel/eventLog';

describe('BoundedLog', () => {
  it('keeps everything until it is full, oldest first', () => {
    const log = new BoundedLog<number>(3);
    log.pushAll([1, 2]);
    assert.deepEqual(log.toArray(), [1, 2]);
    assert.equal(log.size, 2);
    assert.equal(log.dropped, 0);
  });

  it('drops the oldest when full and counts what it dropped', () => {
    const log = new BoundedLog<number>(3);
    for (let i = 1; i <= 10; i++) log.push(i);
    assert.deepEqual(log.toArray(), [8, 9, 10]);
    assert.equal(log.dropped, 7);
    assert.equal(log.at(0), 8);
    assert.equal(log.at(2), 10);
    assert.equal(log.at(3), undefined);
    assert.equal(log.find((n) => n % 9 === 0), 9);
  });

  it('starts over on clear', () => {
    const log = new BoundedLog<number>(2);
    log.pushAll([1, 2, 3]);
    log.clear();
    assert.deepEqual(log.toArray(), []);
    assert.equal(log.dropped, 0);
    log.push(4);
    assert.deepEqual(log.toArray(), [4]);
  });

  it('refuses a capacity that is not a positive integer', () => {
    assert.throws(() => new BoundedLog(0), RangeError);
    assert.throws(() => new BoundedLog(1.5), RangeError);
  });
});
