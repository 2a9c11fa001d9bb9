import * as assert from 'node:assert/strict';
import type { WireRow } from '../../../src/shared/protocol';
import { RowCache } from '../../../src/webview/store';

function rows(fromPos: number, count: number): WireRow[] {
  return Array.from({ length: count }, (_, i) => ({
    pos: fromPos + i,
    record: { kind: 'event', seq: fromPos + i + 1, time: 0, type: 'message', data: String(fromPos + i), lastEventId: '', size: 1 },
  }));
}

describe('webview RowCache (the window on the host view)', () => {
  it('holds rows by ordinal, and knows which on screen are missing (the gap)', () => {
    const cache = new RowCache();
    assert.deepEqual(cache.applyView(0, 0, 1000), { removedAbove: 0, replaced: false });
    // The tail of 10 rows came with the frame; 990 rows before it were skipped.
    assert.ok(cache.addRows(0, 990, rows(990, 10)));
    assert.equal(cache.at(995)?.pos, 995);
    assert.equal(cache.at(10), undefined);
    assert.deepEqual(cache.missing(980, 1000, 200), { from: 980, to: 990 });
    assert.equal(cache.missing(990, 1000, 200), undefined);
    assert.deepEqual(cache.missing(0, 1000, 50), { from: 0, to: 50 }, 'a fetch is bounded');
    assert.equal(cache.indexOfPos(993), 993);
    assert.equal(cache.indexOfPos(3), -1);
  });

  it('keeps ordinals when the host trims, and drops rows that left the view', () => {
    const cache = new RowCache();
    cache.applyView(0, 0, 100);
    cache.addRows(0, 0, rows(0, 100));
    const change = cache.applyView(0, 30, 100);
    assert.deepEqual(change, { removedAbove: 30, replaced: false });
    assert.equal(cache.held, 70);
    assert.equal(cache.get(30)?.pos, 30);
    assert.equal(cache.at(0)?.pos, 30, 'index 0 is the new first row');
  });

  it('keeps the old rows on screen until the answer to a new filter comes, then replaces them', () => {
    const cache = new RowCache();
    cache.applyView(0, 0, 10);
    cache.addRows(0, 0, rows(0, 10));
    assert.equal(cache.nextFilter(), 1);
    assert.ok(cache.stale);
    assert.equal(cache.applyView(0, 0, 12), undefined, 'a frame of the old filter only updates counters');
    assert.equal(cache.at(3)?.pos, 3, 'old rows still shown');
    assert.equal(cache.addRows(0, 0, rows(0, 10)), false, 'rows of the old filter are ignored');
    assert.deepEqual(cache.applyView(1, 0, 2), { removedAbove: 0, replaced: true });
    assert.ok(!cache.stale);
    assert.equal(cache.held, 0);
    assert.ok(cache.addRows(1, 0, rows(7, 2)));
    assert.equal(cache.at(1)?.pos, 8);
  });

  it('stays bounded whatever the view length: rows far from the reader go', () => {
    const cache = new RowCache(1000);
    cache.applyView(0, 0, 100_000);
    for (let from = 0; from < 100_000; from += 500) {
      cache.addRows(0, from, rows(from, 500));
      cache.trimAround(from);
    }
    assert.ok(cache.held <= 1500, `held ${cache.held}`);
    assert.ok(cache.at(99_999), 'the rows near the reader stay');
  });
});
