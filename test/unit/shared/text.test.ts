import * as assert from 'node:assert/strict';
import { firstLine, formatBytes, formatClock, formatDuration, formatRelative } from '../../../src/shared/format';
import { segment } from '../../../src/shared/highlight';
import { parseJsonData } from '../../../src/shared/json';
import { describeRecord } from '../../../src/shared/describe';
import { readSavedState } from '../../../src/shared/savedState';
import { DEFAULT_FILTER } from '../../../src/shared/protocol';

describe('webview text helpers', () => {
  describe('time formatting', () => {
    it('formats the clock as HH:MM:SS.mmm in local time', () => {
      const t = new Date(2026, 0, 2, 3, 4, 5, 6).getTime();
      assert.equal(formatClock(t), '03:04:05.006');
      assert.equal(formatClock(new Date(2026, 0, 2, 23, 59, 59, 999).getTime()), '23:59:59.999');
    });
    it('formats relative time as +s.mmm', () => {
      assert.equal(formatRelative(0), '+0.000');
      assert.equal(formatRelative(1234), '+1.234');
      assert.equal(formatRelative(125_007.4), '+125.007');
      assert.equal(formatRelative(-50), '-0.050');
    });
    it('formats durations compactly', () => {
      assert.equal(formatDuration(0), '0 ms');
      assert.equal(formatDuration(850), '850 ms');
      assert.equal(formatDuration(1250), '1.25 s');
      assert.equal(formatDuration(12_300), '12.3 s');
      assert.equal(formatDuration(125_000), '2m 05s');
      assert.equal(formatDuration(3_720_000), '1h 02m');
      assert.equal(formatDuration(Number.NaN), '');
    });
    it('formats bytes', () => {
      assert.equal(formatBytes(0), '0 B');
      assert.equal(formatBytes(1023), '1023 B');
      assert.equal(formatBytes(1536), '1.50 KB');
      assert.equal(formatBytes(12.5 * 1024 * 1024), '12.5 MB');
      assert.equal(formatBytes(500 * 1024 * 1024 * 1024), '500 GB');
    });
  });

  describe('firstLine', () => {
    it('cuts at the first line break of any kind', () => {
      assert.deepEqual(firstLine('a\nb'), { text: 'a', more: true });
      assert.deepEqual(firstLine('a\r\nb'), { text: 'a', more: true });
      assert.deepEqual(firstLine('abc'), { text: 'abc', more: false });
    });
    it('cuts long lines without scanning the rest', () => {
      assert.deepEqual(firstLine('x'.repeat(10), 4), { text: 'xxxx', more: true });
    });
  });

  describe('segment (highlight)', () => {
    it('splits text into plain and matched pieces that join back to the text', () => {
      const parts = segment('hello world', [[0, 2], [6, 11]]);
      assert.deepEqual(parts, [
        { text: 'he', match: true },
        { text: 'llo ', match: false },
        { text: 'world', match: true },
      ]);
    });
    it('merges overlapping, unsorted and out-of-range ranges', () => {
      const text = 'abcdefgh';
      const parts = segment(text, [[5, 20], [1, 3], [2, 4], [-4, 0]]);
      assert.equal(parts.map((p) => p.text).join(''), text);
      assert.deepEqual(parts, [
        { text: 'a', match: false },
        { text: 'bcd', match: true },
        { text: 'e', match: false },
        { text: 'fgh', match: true },
      ]);
    });
    it('keeps markup-like text as text', () => {
      const parts = segment('<img src=x onerror=alert(1)>', [[1, 4]]);
      assert.equal(parts[1].text, 'img');
      assert.equal(parts.map((p) => p.text).join(''), '<img src=x onerror=alert(1)>');
    });
    it('gives one plain piece when nothing matches, even for empty text', () => {
      assert.deepEqual(segment('', []), [{ text: '', match: false }]);
    });
  });

  describe('JSON detection', () => {
    it('parses objects and arrays', () => {
      assert.deepEqual(parseJsonData(' {"a":[1,2]} '), { kind: 'tree', value: { a: [1, 2] } });
      assert.equal(parseJsonData('[]').kind, 'tree');
    });
    it('leaves scalars, invalid JSON and plain text as text', () => {
      for (const data of ['42', '"str"', 'true', 'null', '{not json', 'hello', '', '[1,]']) {
        assert.equal(parseJsonData(data).kind, 'text', data);
      }
    });
  });

  describe('describeRecord', () => {
    it('labels unnamed events message and lifecycle rows by kind', () => {
      const row = describeRecord({ kind: 'event', seq: 1, time: 0, type: 'message', data: 'x', lastEventId: '', size: 1 });
      assert.deepEqual([row.badge, row.tone, row.id, row.size], ['message', 'message', '', 1]);
      const err = describeRecord({ kind: 'error', seq: 2, time: 0, message: 'refused', code: 'ECONNREFUSED', willReconnect: true, reconnectInMs: 3000 });
      assert.equal(err.badge, 'error');
      assert.match(err.text, /refused · reconnecting in 3.00 s/);
      const open = describeRecord({ kind: 'open', seq: 3, time: 0, url: 'http://h/e', status: 200, statusText: 'OK', headers: {}, redirected: false });
      assert.equal(open.text, '200 OK · http://h/e');
    });
    it('a gap in a capture\'s records says what was skipped, not that nothing reconnects', () => {
      const gap = describeRecord({ kind: 'error', seq: 4, time: 0, code: 'INSPECTOR_SKIPPED', willReconnect: false, message: 'The inspector fell behind and skipped 10 bytes of this stream here' });
      assert.equal(gap.text, 'The inspector fell behind and skipped 10 bytes of this stream here');
    });
  });

  describe('saved state', () => {
    it('reads back what was saved', () => {
      const saved = { filter: { ...DEFAULT_FILTER, hiddenTypes: ['a'], search: 'q' }, autoScroll: false, timeMode: 'relative', detailWidth: 420 };
      assert.deepEqual(readSavedState(JSON.parse(JSON.stringify(saved))), saved);
    });
    it('rejects shapes it does not know', () => {
      assert.equal(readSavedState(undefined), undefined);
      assert.equal(readSavedState({ filter: { hiddenTypes: 'a' } }), undefined);
      assert.equal(readSavedState({ filter: { ...DEFAULT_FILTER, hiddenTypes: [1] } }), undefined);
    });
    it('fills defaults for optional parts', () => {
      assert.deepEqual(readSavedState({ filter: DEFAULT_FILTER }), { filter: DEFAULT_FILTER, autoScroll: true, timeMode: 'clock' });
    });
  });
});

describe('formatCount', () => {
  it('groups thousands with commas', async () => {
    const { formatCount } = await import('../../../src/shared/format');
    assert.deepEqual([0, 7, 999, 1000, 12345, 1234567, -4200, 99.6].map(formatCount), ['0', '7', '999', '1,000', '12,345', '1,234,567', '-4,200', '100']);
  });
});
