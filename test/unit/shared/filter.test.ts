import * as assert from 'node:assert/strict';
import { DEFAULT_FILTER, type ViewFilter } from '../../../src/shared/protocol';
import { compileSearch, createRecordMatcher, isFilterActive } from '../../../src/shared/filter';
import { comment, errorRec, ev, resetSeq } from './records.fixture';

function matcher(partial: Partial<ViewFilter>) {
  return createRecordMatcher({ ...DEFAULT_FILTER, ...partial });
}

describe('webview filter', () => {
  beforeEach(resetSeq);

  it('plain text search ignores case unless asked', () => {
    const rec = ev('message', 'Hello World');
    assert.equal(matcher({ search: 'hello' })(rec), true);
    assert.equal(matcher({ search: 'hello', caseSensitive: true })(rec), false);
    assert.equal(matcher({ search: 'Hello', caseSensitive: true })(rec), true);
    assert.equal(matcher({ search: 'bye' })(rec), false);
  });

  it('searches data, type and id, but never across fields', () => {
    const rec = ev('user.join', 'abc', 'id-42');
    assert.equal(matcher({ search: 'USER.J' })(rec), true);
    assert.equal(matcher({ search: 'id-4' })(rec), true);
    assert.equal(matcher({ search: 'abcuser' })(rec), false);
    assert.equal(matcher({ search: 'c.u', regex: true })(rec), false, 'regex must not span data and type');
    assert.equal(matcher({ search: '^id-\\d+$', regex: true })(rec), true);
  });

  it('treats regex metacharacters literally in text mode', () => {
    assert.equal(matcher({ search: 'a.c' })(ev('message', 'abc')), false);
    assert.equal(matcher({ search: 'a.c' })(ev('message', 'xa.cx')), true);
  });

  it('reports an invalid regex instead of throwing, and then filters nothing out', () => {
    const search = compileSearch('(unclosed', true, false);
    assert.equal(search.active, false);
    assert.match(search.error ?? '', /unclosed|Unterminated|group/i);
    assert.equal(matcher({ search: '(unclosed', regex: true })(ev('message', 'x')), true);
    assert.equal(compileSearch('(unclosed', false, false).error, undefined, 'text mode has no syntax');
  });

  it('regex respects case sensitivity', () => {
    const rec = ev('message', 'Temperature: 21C');
    assert.equal(matcher({ search: 'temp\\w+', regex: true })(rec), true);
    assert.equal(matcher({ search: 'temp\\w+', regex: true, caseSensitive: true })(rec), false);
  });

  it('a global-looking pattern gives the same answer on every call (no lastIndex carry-over)', () => {
    const m = matcher({ search: 'a', regex: true });
    const rec = ev('message', 'a');
    assert.deepEqual([m(rec), m(rec), m(rec)], [true, true, true]);
  });

  it('type toggles hide events of that type only, combined with search', () => {
    const m = matcher({ hiddenTypes: ['tick'], search: 'up' });
    assert.equal(m(ev('tick', 'up')), false);
    assert.equal(m(ev('price', 'up')), true);
    assert.equal(m(ev('price', 'down')), false);
    assert.equal(matcher({ hiddenTypes: ['tick'] })(errorRec('refused')), true, 'lifecycle rows ignore toggles');
  });

  it('comments only show when asked, and then obey search', () => {
    assert.equal(matcher({})(comment('heartbeat')), false);
    assert.equal(matcher({ showComments: true })(comment('heartbeat')), true);
    assert.equal(matcher({ showComments: true, search: 'beat' })(comment('heartbeat')), true);
    assert.equal(matcher({ showComments: true, search: 'zzz' })(comment('heartbeat')), false);
  });

  it('search matches lifecycle rows by their shown text', () => {
    assert.equal(matcher({ search: 'hang up' })(errorRec('socket hang up')), true);
    assert.equal(matcher({ search: 'hang up', regex: true })(errorRec('socket hang up')), true);
    assert.equal(matcher({ search: 'elsewhere' })(errorRec('socket hang up')), false);
  });

  it('finds ranges to highlight', () => {
    assert.deepEqual(compileSearch('ab', false, false).ranges('xAbyab'), [[1, 3], [4, 6]]);
    assert.deepEqual(compileSearch('ab', false, true).ranges('xAbyab'), [[4, 6]]);
    assert.deepEqual(compileSearch('\\d+', true, false).ranges('a12b345'), [[1, 3], [4, 7]]);
    assert.deepEqual(compileSearch('x*', true, false).ranges('abc'), [], 'empty matches are skipped, not looped on');
    assert.deepEqual(compileSearch('', false, false).ranges('abc'), []);
  });

  it('isFilterActive: hidden types or a valid search', () => {
    assert.equal(isFilterActive(DEFAULT_FILTER), false);
    assert.equal(isFilterActive({ ...DEFAULT_FILTER, hiddenTypes: ['x'] }), true);
    assert.equal(isFilterActive({ ...DEFAULT_FILTER, search: 'x' }), true);
    assert.equal(isFilterActive({ ...DEFAULT_FILTER, search: '[', regex: true }), false);
  });
});
