import * as assert from 'node:assert/strict';
import { ViewCache } from '../../../src/panel/viewCache';
import { PosList } from '../../../src/shared/posList';

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

  it('forgets everything when the log is cleared', () => {
    const cache = new ViewCache(1000);
    cache.store('a', { view: listOf(3), cursor: 3 });
    cache.clear();
    assert.equal(cache.size, 0);
    assert.equal(cache.take('a'), undefined);
  });
});

describe('PosList.trim', () => {
  it('keeps the entries, gives back the room, and still grows afterwards', () => {
    for (const n of [0, 1, 15, 16, 17, 1000, 1500]) {
      const list = listOf(n);
      list.dropBelow(Math.floor(n / 3));
      const before = list.toArray();
      list.trim();
      assert.deepEqual(list.toArray(), before, `${n} entries`);
      assert.ok(list.footprint <= Math.max(16, before.length), `${n}: room for ${list.footprint}`);
      for (let i = 0; i < 40; i++) list.push(n + i);
      assert.deepEqual(list.toArray(), [...before, ...Array.from({ length: 40 }, (_, i) => n + i)]);
    }
  });
});
