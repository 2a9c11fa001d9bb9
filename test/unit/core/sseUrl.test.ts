import * as assert from 'node:assert/strict';
import { checkExactStreamUrl, checkStreamUrl } from '../../../src/core/sseUrl';

describe('checkStreamUrl', () => {
  it('accepts http and https URLs as they are', () => {
    assert.deepEqual(checkStreamUrl('http://127.0.0.1:3000/events'), { ok: true, url: 'http://127.0.0.1:3000/events' });
    assert.deepEqual(checkStreamUrl('  https://example.test/sse?x=1 '), { ok: true, url: 'https://example.test/sse?x=1' });
  });

  it('assumes http for a bare host:port/path', () => {
    assert.deepEqual(checkStreamUrl('localhost:3000/events'), { ok: true, url: 'http://localhost:3000/events' });
  });

  it('explains what is wrong with other input', () => {
    const empty = checkStreamUrl('   ');
    assert.equal(empty.ok, false);
    const ftp = checkStreamUrl('ftp://example.test/file');
    assert.ok(!ftp.ok && /only http and https/i.test(ftp.message), JSON.stringify(ftp));
    const ws = checkStreamUrl('ws://localhost:3000');
    assert.ok(!ws.ok && /got ws/.test(ws.message));
    const broken = checkStreamUrl('http://exa mple.test');
    assert.ok(!broken.ok && /not a valid URL/.test(broken.message));
  });
});

describe('checkExactStreamUrl (URLs from programs: options, CLI, profiles)', () => {
  it('takes a URL exactly as written', () => {
    assert.deepEqual(checkExactStreamUrl('http://127.0.0.1:3000/events'), { ok: true, url: 'http://127.0.0.1:3000/events' });
  });

  it('assumes no scheme and refuses what the typed check refuses, with the same words', () => {
    const bare = checkExactStreamUrl('nope');
    assert.ok(!bare.ok && /is not a URL/.test(bare.message));
    for (const text of ['ftp://example.test/file', 'http://user:secret@127.0.0.1/e', 'http://exa mple.test']) {
      assert.deepEqual(checkExactStreamUrl(text), checkStreamUrl(text), text);
      assert.equal(checkExactStreamUrl(text).ok, false, text);
    }
  });
});
