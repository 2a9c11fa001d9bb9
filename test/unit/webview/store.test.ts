import * as assert from 'node:assert/strict';
import type { StreamRecord } from '../../../src/shared/records';
import { DEFAULT_FILTER, type ViewFilter } from '../../../src/shared/protocol';
import { CompiledFilter } from '../../../src/shared/filter';
import { RecordStore } from '../../../src/webview/store';
import { comment, errorRec, ev, resetSeq } from '../shared/records.fixture';

const ALL = new CompiledFilter(DEFAULT_FILTER);

function seqsInView(store: RecordStore): number[] {
  return store.view.toArray().map((pos) => store.at(pos)!.seq);
}

/** A deterministic mixed stream: several types, comments, lifecycle rows, varied data. */
function stream(n: number): StreamRecord[] {
  const out: StreamRecord[] = [];
  for (let i = 0; i < n; i++) {
    if (i % 17 === 5) out.push(comment(`heartbeat ${i}`));
    else if (i % 97 === 13) out.push(errorRec(`socket hang up ${i}`));
    else out.push(ev(['message', 'tick', 'Price', 'user.join'][i % 4], `{"n":${i},"name":"Item ${i % 7}"}`, String(i)));
  }
  return out;
}

describe('webview RecordStore', () => {
  beforeEach(resetSeq);

  it('keeps at most maxEvents, dropping the oldest and counting them', () => {
    const store = new RecordStore(5);
    const r1 = store.append([ev('a', '1'), ev('a', '2'), ev('b', '3')], ALL);
    assert.deepEqual([r1.added, r1.dropped], [3, 0]);
    const r2 = store.append([ev('a', '4'), ev('b', '5'), ev('c', '6'), ev('a', '7')], ALL);
    assert.equal(r2.dropped, 2);
    assert.equal(store.size, 5);
    assert.equal(store.dropped, 2);
    assert.equal(store.firstPos, 2);
    assert.equal(store.endPos, 7);
    assert.equal(store.at(1), undefined);
    assert.deepEqual(seqsInView(store), [3, 4, 5, 6, 7]);
  });

  it('counts event types of kept events, keeping a type at 0 once seen', () => {
    const store = new RecordStore(3);
    const r = store.append([ev('message', 'x'), ev('tick', 'y'), comment('hb')], ALL);
    assert.equal(r.newTypes, true);
    assert.deepEqual([...store.types], [['message', 1], ['tick', 1]]);
    const r2 = store.append([ev('tick', 'z'), ev('tick', 'w')], ALL);
    assert.equal(r2.newTypes, false);
    assert.deepEqual([...store.types], [['message', 0], ['tick', 2]]);
  });

  it('handles a single batch larger than the store', () => {
    const store = new RecordStore(3);
    store.append([ev('old', '0')], ALL);
    const batch = [ev('a', '1'), ev('skipped-only', '2'), ev('a', '3'), ev('b', '4'), ev('a', '5')];
    const r = store.append(batch, ALL);
    assert.equal(r.dropped, 3);
    assert.equal(store.dropped, 3);
    assert.equal(store.size, 3);
    assert.deepEqual(seqsInView(store), [4, 5, 6]);
    assert.equal(store.firstPos, 3);
    assert.deepEqual(Object.fromEntries(store.types), { old: 0, a: 2, 'skipped-only': 0, b: 1 });
  });

  it('finds records by seq', () => {
    const store = new RecordStore(4);
    store.append(stream(10), ALL);
    const pos = store.findSeq(8);
    assert.equal(store.at(pos)!.seq, 8);
    assert.equal(store.findSeq(2), -1);
  });

  const filters: Array<[string, ViewFilter]> = [
    ['default', DEFAULT_FILTER],
    ['hidden types + comments', { ...DEFAULT_FILTER, hiddenTypes: ['tick', 'user.join'], showComments: true }],
    ['text search', { ...DEFAULT_FILTER, search: 'item 3' }],
    ['case-sensitive text', { ...DEFAULT_FILTER, search: 'Item 3', caseSensitive: true }],
    ['regex over type', { ...DEFAULT_FILTER, search: '^pri', regex: true }],
    ['regex + hidden', { ...DEFAULT_FILTER, search: '"n":\\d*7', regex: true, hiddenTypes: ['message'], showComments: true }],
  ];
  for (const [name, filter] of filters) {
    it(`incremental view equals a full refilter (${name})`, () => {
      const compiled = new CompiledFilter(filter);
      const records = stream(3000);
      const incremental = new RecordStore(1000);
      let viewDroppedTotal = 0;
      // Uneven batch sizes so trimming happens mid-batch, between batches and by whole batches.
      for (let i = 0, size = 1; i < records.length; i += size, size = (size * 7 + 3) % 1201) {
        viewDroppedTotal += incremental.append(records.slice(i, i + size), compiled).viewDropped;
      }
      const full = new RecordStore(1000);
      full.append(records.slice(-1000), ALL);
      full.refilter(compiled);
      assert.deepEqual(seqsInView(incremental), seqsInView(full));
      assert.ok(seqsInView(full).length > 0, 'the filter should match something');
      assert.ok(viewDroppedTotal > 0, 'trimming should have removed view entries');
      // And a refilter of the incremental store itself changes nothing.
      const before = incremental.view.toArray();
      incremental.refilter(compiled);
      assert.deepEqual(incremental.view.toArray(), before);
    });
  }

  it('reset empties everything and can change capacity', () => {
    const store = new RecordStore(10);
    store.append(stream(20), ALL);
    store.reset(2);
    assert.equal(store.size, 0);
    assert.equal(store.dropped, 0);
    assert.equal(store.types.size, 0);
    assert.equal(store.view.length, 0);
    store.append(stream(3), ALL);
    assert.equal(store.size, 2);
  });
});
