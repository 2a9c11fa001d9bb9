import * as assert from 'node:assert/strict';
import { chooseUrl, looksLikeUrl } from '../../../src/connect/urlChoice';

const DEMO = { url: 'http://127.0.0.1:3917/events' };

describe('Connect…: what Enter connects to', () => {
  it('a pasted URL wins over a suggestion still highlighted from before the paste', () => {
    assert.deepEqual(chooseUrl('http://localhost:4000/stream', DEMO), { kind: 'connect', url: 'http://localhost:4000/stream', advanced: false });
    assert.deepEqual(chooseUrl('  localhost:4000/stream ', DEMO), { kind: 'connect', url: 'http://localhost:4000/stream', advanced: false });
    assert.deepEqual(chooseUrl('api.example.com', DEMO), { kind: 'connect', url: 'http://api.example.com/', advanced: false });
  });

  it('with an empty input, the highlighted suggestion wins', () => {
    assert.deepEqual(chooseUrl('', DEMO), { kind: 'connect', url: DEMO.url, advanced: false });
  });

  it('a filter that is not a URL picks the highlighted suggestion', () => {
    assert.deepEqual(chooseUrl('3917', DEMO), { kind: 'connect', url: DEMO.url, advanced: false });
    assert.deepEqual(chooseUrl('loc', DEMO), { kind: 'connect', url: DEMO.url, advanced: false });
  });

  it('a lone host name with nothing highlighted connects to it', () => {
    assert.deepEqual(chooseUrl('localhost', undefined), { kind: 'connect', url: 'http://localhost/', advanced: false });
  });

  it('the advanced entry keeps the typed URL for the next steps', () => {
    assert.deepEqual(chooseUrl('http://h/x', { advanced: true }), { kind: 'connect', url: 'http://h/x', advanced: true });
    assert.deepEqual(chooseUrl('', { advanced: true }), { kind: 'connect', url: '', advanced: true });
  });

  it('an invalid URL with nothing to fall back on says why', () => {
    const choice = chooseUrl('ftp://h/x', { url: undefined });
    assert.equal(choice.kind, 'invalid');
    assert.match(choice.kind === 'invalid' ? choice.message : '', /Only http and https/);
  });

  it('an invalid URL is explained, never replaced by the highlighted suggestion', () => {
    const choice = chooseUrl('ftp://h/x', DEMO);
    assert.equal(choice.kind, 'invalid');
    assert.match(choice.kind === 'invalid' ? choice.message : '', /Only http and https/);
  });

  it('tells URLs from filters', () => {
    for (const url of ['http://a', 'https://a.b/c', 'a:3000', 'a/b', 'a.b']) assert.equal(looksLikeUrl(url), true, url);
    for (const filter of ['loc', 'events', '3917', '', 'a b']) assert.equal(looksLikeUrl(filter), false, filter);
  });
});
