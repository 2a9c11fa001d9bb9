import * as assert from 'node:assert/strict';
import { chooseProxy } from '../../../src/connect/proxyChoice';
import { SseClient } from '../../../src/core/sseClient';
import type { StreamRecord } from '../../../src/shared/records';
import { startConnectProxy } from '../../support/connectProxy';
import { sse, SseTestServer } from '../../support/sseServer';

describe('proxy', () => {
  const none = { configured: '', noProxy: [], env: {} };

  it('uses http.proxy, else the environment, but never for loopback or noProxy hosts', () => {
    assert.equal(chooseProxy('https://api.example.test/sse', { ...none, configured: 'http://proxy:8080' }), 'http://proxy:8080');
    assert.equal(chooseProxy('https://api.example.test/sse', { ...none, env: { HTTPS_PROXY: 'http://p:1' } }), 'http://p:1');
    assert.equal(chooseProxy('http://api.example.test/sse', { ...none, env: { HTTPS_PROXY: 'http://p:1' } }), undefined, 'HTTPS_PROXY is for https only');
    assert.equal(chooseProxy('http://api.example.test/sse', { ...none, env: { http_proxy: 'http://p:2' } }), 'http://p:2');
    for (const local of ['http://localhost:3000/e', 'http://127.0.0.1:3000/e', 'http://[::1]:3000/e']) {
      assert.equal(chooseProxy(local, { ...none, configured: 'http://proxy:8080' }), undefined, local);
    }
    const noProxy = { ...none, configured: 'http://proxy:8080', noProxy: ['.internal.test'], env: { NO_PROXY: 'exact.test' } };
    assert.equal(chooseProxy('https://a.internal.test/e', noProxy), undefined);
    assert.equal(chooseProxy('https://internal.test/e', noProxy), undefined);
    assert.equal(chooseProxy('https://exact.test/e', noProxy), undefined);
    assert.equal(chooseProxy('https://other.test/e', noProxy), 'http://proxy:8080');
    assert.equal(chooseProxy('https://other.test/e', { ...none, configured: 'http://proxy:8080', noProxy: ['*'] }), undefined);
  });

  it('the client goes through the proxy it is given', async () => {
    const server = await SseTestServer.start();
    const proxy = await startConnectProxy();
    try {
      server.route('/events', sse(['data: via proxy\n\n']));
      const records: StreamRecord[] = [];
      const client = new SseClient({ url: server.url('/events'), proxy: proxy.url, reconnect: false, onRecord: (r) => records.push(r) });
      client.start();
      const closed = await client.done;
      assert.equal(closed.reason, 'ended', JSON.stringify(records));
      assert.deepEqual(proxy.targets, [new URL(server.origin).host]);
      const event = records.find((r) => r.kind === 'event');
      assert.ok(event && event.kind === 'event' && event.data === 'via proxy');
    } finally {
      await proxy.close();
      await server.close();
    }
  });

  it('a proxy that is not running gives a clear message about the proxy', async () => {
    const proxy = await startConnectProxy();
    const deadProxy = proxy.url;
    await proxy.close();
    const records: StreamRecord[] = [];
    const client = new SseClient({ url: 'http://sse.example.test/events', proxy: deadProxy, reconnect: false, onRecord: (r) => records.push(r) });
    client.start();
    await client.done;
    const error = records.find((r) => r.kind === 'error');
    assert.ok(error && error.kind === 'error', JSON.stringify(records));
    assert.match(`${error.message} ${error.hint ?? ''}`, /proxy/i);
  });
});
