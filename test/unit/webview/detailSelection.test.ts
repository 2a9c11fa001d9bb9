import * as assert from 'node:assert/strict';
import { DetailSelection, emptyTableText } from '../../../src/webview/detailSelection';
import { DEFAULT_FILTER } from '../../../src/shared/protocol';
import { toggleHiddenType } from '../../../src/shared/filter';
import type { StreamRecord } from '../../../src/shared/records';

const record: StreamRecord = { kind: 'event', seq: 4, time: 1, type: 'message', data: 'x'.repeat(10), lastEventId: '', size: 10 };

describe('DetailSelection: what the detail pane shows', () => {
  it('shows a whole row on hand at once, and nothing while the pane is closed', () => {
    const asked: number[] = [];
    const selection = new DetailSelection((m) => asked.push(m.type === 'detail' ? m.pos : -m.seq));
    selection.selected = 3;
    assert.equal(selection.recordToShow({ pos: 3, record }), undefined, 'closed pane shows nothing');
    selection.open = true;
    assert.equal(selection.recordToShow({ pos: 3, record }), record);
    assert.deepEqual(asked, []);
  });

  it('asks the host once for a clipped row, then shows its answer', () => {
    const asked: number[] = [];
    const selection = new DetailSelection((m) => asked.push(m.type === 'detail' ? m.pos : -m.seq));
    selection.selected = 7;
    selection.open = true;
    const clipped = { pos: 7, record: { ...record, data: 'x' }, clipped: true as const };
    assert.equal(selection.recordToShow(clipped), undefined);
    assert.equal(selection.recordToShow(clipped), undefined);
    assert.deepEqual(asked, [7], 'asked once');
    assert.equal(selection.received(8, record), false, 'an answer for another row is not shown');
    assert.equal(selection.received(7, record), true);
    assert.equal(selection.recordToShow(clipped), record);
  });

  it('asks the host for a record by seq when its row is not held, and selects the answer', () => {
    const asked: number[] = [];
    const selection = new DetailSelection((m) => asked.push(m.type === 'detail' ? m.pos : -m.seq));
    selection.seek(4);
    assert.deepEqual(asked, [-4]);
    assert.equal(selection.received(9, { ...record, seq: 5 }), false, 'another record is not taken');
    assert.equal(selection.received(12, record), true);
    assert.equal(selection.selected, 12);
    assert.equal(selection.open, true);
    assert.equal(selection.recordToShow(undefined), record);
  });

  it('forgets everything on reset', () => {
    const selection = new DetailSelection(() => undefined);
    selection.selected = 1;
    selection.open = true;
    selection.reset();
    assert.equal(selection.selected, undefined);
    assert.equal(selection.open, false);
  });
});

describe('table texts and type toggles', () => {
  it('says why the table is empty', () => {
    assert.equal(emptyTableText(0, false, undefined, '0'), 'Waiting for events…');
    assert.equal(emptyTableText(0, true, undefined, '0'), 'Paused.');
    assert.equal(emptyTableText(5, false, 0.5, '5'), 'Searching…');
    assert.equal(emptyTableText(1200, false, undefined, '1,200'), 'No rows match the filter (1,200 records kept).');
  });

  it('flips one type between hidden and shown', () => {
    const hidden = toggleHiddenType(DEFAULT_FILTER, 'tick');
    assert.deepEqual(hidden.hiddenTypes, ['tick']);
    assert.deepEqual(toggleHiddenType(hidden, 'tick').hiddenTypes, []);
    assert.deepEqual(DEFAULT_FILTER.hiddenTypes, [], 'the given filter is left alone');
  });
});
