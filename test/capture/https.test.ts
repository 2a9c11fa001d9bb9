/**
 * An https target: the proxy checks the upstream's certificate as any client would, so a
 * self-signed one gets the client a 502 that says why and what to do, unless certificate checks
 * are off (`-k`, as for `record`); then the stream is forwarded unchanged and recorded as for an
 * http target. The upstream is a real HTTPS server with a certificate made for the run.
 */
import { strict as assert } from 'node:assert';
import { startHttpsServer, type HttpsTestServer } from '../support/selfSignedServer';
import { parseAll, rawRequest, sha256, startProxy, streamEvents } from './support/harness';

const BODY = 'id: 1\ndata: one\n\nevent: tick\ndata: two\ndata: lines\n\n: a comment\ndata: three\n\n';

describe('capture proxy: an https target', () => {
  let upstream: HttpsTestServer;
  let seenPath = '';
  before(async () => {
    upstream = await startHttpsServer((req, res) => {
      seenPath = req.url ?? '';
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
      res.end(BODY);
    });
  });
  after(() => upstream.close());

  it('a self-signed certificate is refused: 502 with a one-line reason that names it and says -k, and an error record', async () => {
    const proxy = await startProxy(upstream.origin);
    try {
      const response = await rawRequest(`${proxy.proxy.address}/events`);
      assert.equal(response.status, 502);
      const text = response.body.toString('utf8');
      assert.match(text, /self-signed certificate/);
      assert.match(text, /-k/);
      assert.equal(text.trimEnd().split('\n').length, 1, 'one line');
      await proxy.settled();
      const error = proxy.records.find((r) => r.kind === 'error');
      assert.ok(error && error.kind === 'error' && error.stream === 1, JSON.stringify(proxy.records));
    } finally {
      await proxy.close();
    }
  });

  it('with certificate checks off: the bytes reach the client unchanged and the events are recorded', async () => {
    const proxy = await startProxy(upstream.origin, { insecureTls: true });
    try {
      const response = await rawRequest(`${proxy.proxy.address}/v1/events?since=3`);
      assert.equal(response.status, 200);
      assert.equal(sha256(response.body), sha256(BODY));
      assert.equal(seenPath, '/v1/events?since=3');
      await proxy.until((records) => records.some((r) => r.kind === 'closed'));
      assert.deepEqual(streamEvents(proxy.stream(1)), parseAll(BODY));
      assert.equal(proxy.capture(1)?.url, `${upstream.origin}/v1/events?since=3`);
    } finally {
      await proxy.close();
    }
  });
});
