import * as assert from 'node:assert/strict';
import { ViewCache } from '../../../src/panel/viewCache';
import { PosList } from '../../../src/shared/posList';
import { MIN_VIEW_BUFFER, PosBuffers } from '../../../src/panel/posBuffers';

function listOf(n: number): PosList {
  const list = new PosList();
  for (let i = 0; i < n; i++) list.push(i);
  return list;
}

describe('ViewCache (finished views of recent filters)', () => {
  it('gives a view back once, by its key', () => {
    const cache = new ViewCache(1000);
    const view = listOf(10);
    cache.store('a', { view, cursor: 10 });
    assert.equal(cache.take('a')?.view, view);
    assert.equal(cache.take('a'), undefined, 'the caller owns it now');
  });

  it('keeps at most 8 views, the least recently stored going first', () => {
    const cache = new ViewCache(100_000);
    for (let i = 0; i < 12; i++) cache.store(`k${i}`, { view: listOf(5), cursor: 5 });
    assert.equal(cache.size, 8);
    assert.equal(cache.take('k3'), undefined);
    assert.ok(cache.take('k4'));
    assert.ok(cache.take('k11'));
  });

  it('holds room for at most 4x the log capacity in positions, however large the views', () => {
    const capacity = 10_000;
    const cache = new ViewCache(capacity);
    const views = Array.from({ length: 6 }, () => listOf(capacity));
    views.forEach((view, i) => cache.store(`k${i}`, { view, cursor: capacity }));
    const kept = views.filter((_, i) => cache.take(`k${i}`) !== undefined);
    const room = kept.reduce((sum, view) => sum + view.footprint, 0);
    assert.ok(kept.length >= 1 && room <= 4 * capacity, `${kept.length} views, room for ${room} positions`);
    assert.ok(kept.includes(views[5]), 'the newest stays');
  });

  it('never lets go of the view just stored, which its caller goes on reading', () => {
    const cache = new ViewCache(10, () => undefined);
    cache.store('small', { view: listOf(5), cursor: 5 });
    const big = listOf(100);
    cache.store('big', { view: big, cursor: 100 });
    assert.equal(big.length, 100, 'its entries are still there');
    assert.equal(cache.take('small'), undefined, 'older views go to make room');
    assert.equal(cache.take('big')?.view, big);
  });

  it('forgets everything when the log is cleared', () => {
    const cache = new ViewCache(1000);
    cache.store('a', { view: listOf(3), cursor: 3 });
    cache.clear();
    assert.equal(cache.size, 0);
    assert.equal(cache.take('a'), undefined);
  });
});

describe('PosList.trim', () => {
  it('keeps the entries, gives back the room when more than half is empty, and still grows afterwards', () => {
    for (const n of [0, 1, 15, 16, 17, 1000, 1500, 5000]) {
      const list = listOf(n);
      list.dropBelow(Math.floor(n / 3));
      const before = list.toArray();
      const room = list.footprint;
      const spare = list.trim();
      assert.deepEqual(list.toArray(), before, `${n} entries`);
      assert.ok(list.footprint <= Math.max(16, 2 * before.length), `${n}: room for ${list.footprint}`);
      // What it let go is the memory it had, and only when it did shrink.
      assert.equal(spare?.length, list.footprint < room ? room : undefined, `${n}: spare`);
      for (let i = 0; i < 40; i++) list.push(n + i);
      assert.deepEqual(list.toArray(), [...before, ...Array.from({ length: 40 }, (_, i) => n + i)]);
    }
  });
});

describe('PosBuffers (memory of views let go)', () => {
  it('hands back the smallest kept buffer that fits, else a new one of at least the minimum', () => {
    const pool = new PosBuffers(100_000);
    const small = new Float64Array(MIN_VIEW_BUFFER * 2);
    const large = new Float64Array(MIN_VIEW_BUFFER * 8);
    pool.give(large);
    pool.give(small);
    assert.equal(pool.take(MIN_VIEW_BUFFER), small);
    assert.equal(pool.take(MIN_VIEW_BUFFER), large);
    const fresh = pool.take(10);
    assert.ok(fresh !== small && fresh !== large && fresh.length === MIN_VIEW_BUFFER);
    assert.equal(pool.take(MIN_VIEW_BUFFER * 3).length, MIN_VIEW_BUFFER * 3, 'none kept fits: a new one');
  });

  it('keeps at most 3 buffers and room for twice the log capacity, the smallest going first', () => {
    const capacity = 10_000;
    const pool = new PosBuffers(capacity);
    for (const n of [2000, 4000, 8000, 16_000, 3000]) pool.give(new Float64Array(n));
    assert.ok(pool.kept <= 2 * capacity, `room for ${pool.kept}`);
    assert.equal(pool.take(15_000).length, 16_000, 'the largest stays');
    pool.give(new Float64Array(16));
    assert.ok(pool.kept <= 2 * capacity);
    pool.clear();
    assert.equal(pool.kept, 0);
  });

  it('gets the memory of views the cache lets go', () => {
    const pool = new PosBuffers(10_000);
    const cache = new ViewCache(10_000, (buffer) => pool.give(buffer));
    for (let i = 0; i < 10; i++) cache.store(`k${i}`, { view: listOf(3000), cursor: 3000 });
    assert.ok(pool.kept > 0, 'views pushed out of the cache gave their buffers');
    cache.clear();
    assert.ok(pool.kept <= 20_000);
  });
});
