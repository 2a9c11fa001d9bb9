import assert from 'node:assert/strict';
import { isLoopbackHost } from '../../../../src/core/capture/captureProxy';
import { maskHeaders, maskRawHeaders } from '../../../../src/core/capture/maskHeaders';
import { isSecretHeaderName } from '../../../../src/core/secretHeaders';
import { forwardHeaders, parseTarget, responseHeaders, upstreamUrl } from '../../../../src/core/capture/target';

describe('capture target and headers', () => {
  it('accepts http(s) base URLs, refuses the rest with what to write', () => {
    assert.ok(parseTarget('http://localhost:3000').ok);
    assert.ok(parseTarget(' https://api.openai.com/v1 ').ok);
    for (const [text, pattern] of [
      ['localhost:3000', /http:\/\/ or https:\/\//],
      ['ftp://x', /http:\/\/ or https:\/\//],
      ['nope', /not a URL/],
      ['http://u:p@x', /credentials/],
      ['http://x/?a=1', /query/],
    ] as const) {
      const result = parseTarget(text);
      assert.ok(!result.ok && pattern.test(result.message), `${text}: ${JSON.stringify(result)}`);
    }
  });

  it('joins the target path prefix and the request path and query', () => {
    assert.equal(upstreamUrl(new URL('http://h:1'), '/a?b=1'), 'http://h:1/a?b=1');
    assert.equal(upstreamUrl(new URL('https://h/v1/'), '/chat/completions'), 'https://h/v1/chat/completions');
  });

  it('forwards headers as sent but Host and hop-by-hop ones, and adds X-Forwarded-*', () => {
    const out = forwardHeaders(
      ['Host', 'proxy:8080', 'Connection', 'keep-alive, X-Hop', 'X-Hop', '1', 'Keep-Alive', 'timeout=5', 'Accept', 'a', 'accept', 'b', 'X-Forwarded-Proto', 'https'],
      { target: new URL('http://up:3000'), clientAddress: '127.0.0.1', upgrade: false },
    );
    assert.deepEqual(out, ['Host', 'up:3000', 'Accept', 'a', 'accept', 'b', 'X-Forwarded-For', '127.0.0.1', 'X-Forwarded-Proto', 'https, http', 'X-Forwarded-Host', 'proxy:8080']);
  });

  it('keeps Connection and Upgrade for a WebSocket handshake', () => {
    const out = forwardHeaders(['Connection', 'Upgrade', 'Upgrade', 'websocket'], { target: new URL('http://up'), clientAddress: '::1', upgrade: true });
    assert.deepEqual(out.slice(2, 6), ['Connection', 'Upgrade', 'Upgrade', 'websocket']);
    assert.deepEqual(responseHeaders(['Transfer-Encoding', 'chunked', 'Set-Cookie', 'a', 'Set-Cookie', 'b']), ['Set-Cookie', 'a', 'Set-Cookie', 'b']);
  });

  it('masks credentials by name: Authorization, Cookie, Set-Cookie, x-api-key, api-key, *token*, *secret*, *key*', () => {
    for (const name of ['Authorization', 'cookie', 'Set-Cookie', 'x-api-key', 'api-key', 'X-Auth-Token', 'x-client-secret', 'x-goog-api-key', 'Ocp-Apim-Subscription-Key']) {
      assert.ok(isSecretHeaderName(name), name);
    }
    for (const name of ['accept', 'content-type', 'x-request-id']) assert.ok(!isSecretHeaderName(name), name);
    assert.deepEqual(maskHeaders({ 'set-cookie': ['a', 'b'], vary: ['a', 'b'], n: 1 }), { 'set-cookie': '••••••', vary: 'a, b', n: '1' });
    assert.deepEqual(maskRawHeaders(['Accept', 'a', 'accept', 'b', 'Cookie', 'x']), { accept: 'a, b', cookie: '••••••' });
  });

  it('tells loopback addresses from others (a warning for the others)', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) assert.ok(isLoopbackHost(host), host);
    for (const host of ['0.0.0.0', '::', '192.168.1.2', 'example.com']) assert.ok(!isLoopbackHost(host), host);
  });
});
