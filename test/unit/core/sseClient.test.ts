import assert from 'node:assert/strict';
import { SseTestServer, redirect, reply, sequence, sse } from '../../support/sseServer';
import { ofKind, refusedPort, startClient } from './clientHarness';

describe('SseClient against a real HTTP server', () => {
  let server: SseTestServer;
  beforeEach(async () => {
    server = await SseTestServer.start();
  });
  afterEach(async () => {
    await server.close();
  });

  it('reads a 200 stream: connecting, open, events, then closed "ended" without reconnect', async () => {
    server.route('/events', sse(['id: 1\nevent: tick\ndata: {"n":1}\n\n', ': ping\n', 'data: two\n\n'], { headers: { 'X-Test': 'yes' } }));
    const run = startClient({ url: server.url('/events'), reconnect: false });
    const closed = await run.client.done;
    assert.deepEqual(run.records.map((r) => r.kind), ['connecting', 'open', 'event', 'comment', 'event', 'closed']);
    assert.equal(closed.reason, 'ended');
    const [connecting] = ofKind(run.records, 'connecting');
    assert.deepEqual(connecting.requestHeaders, { Accept: 'text/event-stream', 'Cache-Control': 'no-cache' });
    assert.equal(connecting.attempt, 0);
    const [open] = ofKind(run.records, 'open');
    assert.equal(open.url, server.url('/events'));
    assert.equal(open.status, 200);
    assert.equal(open.headers['x-test'], 'yes');
    assert.equal(open.redirected, false);
    const events = ofKind(run.records, 'event');
    assert.deepEqual(
      events.map(({ type, data, id, lastEventId, size }) => ({ type, data, id, lastEventId, size })),
      [
        { type: 'tick', data: '{"n":1}', id: '1', lastEventId: '1', size: 7 },
        { type: 'message', data: 'two', id: undefined, lastEventId: '1', size: 3 },
      ],
    );
    assert.ok(!('id' in events[1]), 'an event without an id field has no id property');
    assert.deepEqual(run.records.map((r) => r.seq), [1, 2, 3, 4, 5, 6]);
    const [request] = server.requests('/events');
    assert.equal(request.headers.accept, 'text/event-stream');
    assert.equal(request.headers['cache-control'], 'no-cache');
    assert.equal(request.headers['last-event-id'], undefined);
  });

  it('sends method, headers and body, masks secret header values in the record, and sends the initial Last-Event-ID', async () => {
    server.route('/post', sse(['data: ok\n\n']));
    const run = startClient({
      url: server.url('/post'),
      method: 'post',
      headers: { Authorization: 'Bearer s3cret', 'X-Tenant': 't1', 'X-Signature': 'abc' },
      body: '{"q":1}',
      lastEventId: 'e-5',
      secretHeaders: ['x-signature'],
      reconnect: false,
    });
    await run.client.done;
    const [request] = server.requests('/post');
    assert.equal(request.method, 'POST');
    assert.equal(request.body, '{"q":1}');
    assert.equal(request.headers.authorization, 'Bearer s3cret');
    assert.equal(request.headers['last-event-id'], 'e-5');
    const [connecting] = ofKind(run.records, 'connecting');
    assert.equal(connecting.requestHeaders.Authorization, '••••••');
    assert.equal(connecting.requestHeaders['X-Signature'], '••••••');
    assert.equal(connecting.requestHeaders['X-Tenant'], 't1');
    assert.equal(connecting.lastEventId, 'e-5');
  });

  it('204 closes with "no-content" and never reconnects', async () => {
    server.route('/stop', reply(204));
    const run = startClient({ url: server.url('/stop'), retryMs: 10 });
    const closed = await run.client.done;
    assert.equal(closed.reason, 'no-content');
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(server.requests('/stop').length, 1);
    assert.deepEqual(run.records.map((r) => r.kind), ['connecting', 'closed']);
  });

  for (const status of [404, 500]) {
    it(`${status} fails for good with status, headers, a body preview and a hint`, async () => {
      server.route('/bad', reply(status, `nope ${status} ` + 'x'.repeat(10000), { 'X-Why': 'because' }));
      const run = startClient({ url: server.url('/bad'), retryMs: 10 });
      const closed = await run.client.done;
      assert.equal(closed.reason, 'failed');
      const [error] = ofKind(run.records, 'error');
      assert.equal(error.code, 'HTTP_STATUS');
      assert.equal(error.status, status);
      assert.equal(error.willReconnect, false);
      assert.equal(error.headers?.['x-why'], 'because');
      assert.ok(error.bodyPreview?.startsWith(`nope ${status} xxx`));
      assert.equal(error.bodyPreview?.length, 4096);
      assert.match(error.hint ?? '', status === 404 ? /check the path/ : /logs/);
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(server.requests('/bad').length, 1);
    });
  }

  it('fails on a wrong Content-Type, accepts parameters and any case', async () => {
    server.route('/html', reply(200, '<html>', { 'Content-Type': 'text/html; charset=utf-8' }));
    server.route('/param', sse(['data: p\n\n'], { contentType: 'Text/Event-Stream; charset=utf-8' }));
    const html = startClient({ url: server.url('/html') });
    await html.client.done;
    const [error] = ofKind(html.records, 'error');
    assert.equal(error.code, 'CONTENT_TYPE');
    assert.match(error.hint ?? '', /text\/html: is the URL right\?/);
    assert.equal(error.bodyPreview, '<html>');
    const param = startClient({ url: server.url('/param'), reconnect: false });
    assert.equal((await param.client.done).reason, 'ended');
    assert.deepEqual(ofKind(param.records, 'event').map((e) => e.data), ['p']);
  });

  for (const status of [301, 302, 307]) {
    it(`follows a ${status} redirect and reports the final URL`, async () => {
      server.route('/old', redirect(status, '/new'));
      server.route('/new', sse(['data: moved\n\n']));
      const run = startClient({ url: server.url('/old'), reconnect: false });
      await run.client.done;
      const [open] = ofKind(run.records, 'open');
      assert.equal(open.url, server.url('/new'));
      assert.equal(open.redirected, true);
      assert.deepEqual(ofKind(run.records, 'event').map((e) => e.data), ['moved']);
    });
  }

  it('drops the block the server cut off mid-event, and reports a lost connection', async () => {
    server.route('/cut', sse(['data: whole\n\n', 'data: half'], { end: 'destroy' }));
    const run = startClient({ url: server.url('/cut'), reconnect: false });
    const closed = await run.client.done;
    assert.deepEqual(ofKind(run.records, 'event').map((e) => e.data), ['whole']);
    const [error] = ofKind(run.records, 'error');
    assert.ok(['ECONNRESET', 'NETWORK'].includes(error.code), error.code);
    assert.equal(closed.reason, 'failed');
  });

  it('waits the server\'s retry, reconnects with Last-Event-ID, and counts attempts', async () => {
    server.route(
      '/resume',
      sequence(sse(['retry: 60\n', 'id: 42\ndata: first\n\n', 'data: half']), (req, res, ctx) =>
        sse([`data: resumed from ${req.headers['last-event-id']}\n\n`], { end: 'hang' })(req, res, ctx),
      ),
    );
    const run = startClient({ url: server.url('/resume') });
    await run.waitFor((r) => r.kind === 'event' && r.data.startsWith('resumed'));
    const requests = server.requests('/resume');
    assert.equal(requests.length, 2);
    assert.equal(requests[0].headers['last-event-id'], undefined);
    assert.equal(requests[1].headers['last-event-id'], '42');
    const [retry] = ofKind(run.records, 'retry');
    assert.equal(retry.retry, 60);
    const [error] = ofKind(run.records, 'error');
    assert.equal(error.code, 'ENDED');
    assert.equal(error.willReconnect, true);
    assert.equal(error.reconnectInMs, 60);
    assert.equal(error.reconnectAt, error.time + 60);
    const connecting = ofKind(run.records, 'connecting');
    assert.deepEqual(connecting.map((c) => [c.attempt, c.lastEventId]), [[0, undefined], [1, '42']]);
    assert.equal(connecting[1].time - error.time >= 55, true, 'waited the retry delay');
    assert.equal(run.client.attempt, 1);
    assert.deepEqual(ofKind(run.records, 'event').map((e) => e.data), ['first', 'resumed from 42']);
    run.client.stop();
  });

  it('sends no Last-Event-ID after the server reset the id to empty', async () => {
    server.route('/reset', sequence(sse(['retry: 5\nid: 1\ndata: a\n\nid\ndata: b\n\n']), sse([], { end: 'hang' })));
    const run = startClient({ url: server.url('/reset') });
    await server.waitForRequests('/reset', 2);
    assert.equal(server.requests('/reset')[1].headers['last-event-id'], undefined);
    assert.equal(run.client.lastEventId, '');
    run.client.stop();
  });

  it('reports a refused connection with a hint, and gives up after maxAttempts', async () => {
    const port = await refusedPort();
    const once = startClient({ url: `http://127.0.0.1:${port}/events`, reconnect: false });
    assert.equal((await once.client.done).reason, 'failed');
    const [error] = ofKind(once.records, 'error');
    assert.equal(error.code, 'ECONNREFUSED');
    assert.equal(error.hint, `Is the server running on 127.0.0.1:${port}?`);
    assert.equal(error.status, undefined);

    const retried = startClient({ url: `http://127.0.0.1:${port}/events`, reconnectPolicy: { kind: 'exponential', initialMs: 5, maxMs: 15, maxAttempts: 3 } });
    const closed = await retried.client.done;
    assert.equal(closed.reason, 'max-attempts');
    const errors = ofKind(retried.records, 'error');
    assert.deepEqual(errors.map((e) => e.reconnectInMs), [5, 10, 15, undefined]);
    assert.deepEqual(ofKind(retried.records, 'connecting').map((c) => c.attempt), [0, 1, 2, 3]);
  });

  it('fails an invalid URL at once, as records', async () => {
    const run = startClient({ url: 'not a url' });
    const closed = await run.client.done;
    assert.equal(closed.reason, 'failed');
    assert.deepEqual(run.records.map((r) => r.kind), ['error', 'closed']);
    assert.equal(ofKind(run.records, 'error')[0].code, 'INVALID_URL');
  });

  it('times out a server that never answers, and a stream that goes quiet', async () => {
    server.route('/silent', () => undefined);
    const silent = startClient({ url: server.url('/silent'), connectTimeoutMs: 100, reconnect: false });
    await silent.client.done;
    assert.equal(ofKind(silent.records, 'error')[0].code, 'CONNECT_TIMEOUT');

    server.route('/quiet', sse(['data: one\n\n'], { end: 'hang' }));
    const quiet = startClient({ url: server.url('/quiet'), idleTimeoutMs: 150, reconnectPolicy: { kind: 'fixed', delayMs: 5, maxAttempts: 0 } });
    const closed = await quiet.client.done;
    assert.equal(closed.reason, 'max-attempts');
    assert.equal(ofKind(quiet.records, 'error')[0].code, 'IDLE_TIMEOUT');
    assert.deepEqual(ofKind(quiet.records, 'event').map((e) => e.data), ['one']);
  });

  it('reconnectNow() skips the wait', async () => {
    server.route('/slow', sequence(sse(['retry: 60000\ndata: a\n\n']), sse(['data: b\n\n'], { end: 'hang' })));
    const run = startClient({ url: server.url('/slow') });
    await run.waitFor((r) => r.kind === 'error');
    assert.equal(run.client.state, 'waiting');
    assert.equal(run.client.reconnectNow(), true);
    await run.waitFor((r) => r.kind === 'event' && r.data === 'b', 2000);
    run.client.stop();
    assert.equal(run.client.reconnectNow(), false);
  });

  it('cuts an oversized event and says how big it was', async () => {
    const big = 'é'.repeat(100000);
    server.route('/big', sse([`data: ${big.slice(0, 30000)}`, { delayMs: 5 }, big.slice(30000), '\n\ndata: small\n\n']));
    const run = startClient({ url: server.url('/big'), maxEventBytes: 5001, reconnect: false });
    await run.client.done;
    const [first, second] = ofKind(run.records, 'event');
    assert.equal(first.size, 200000);
    assert.equal(first.truncated, true);
    assert.equal(first.data, 'é'.repeat(2500));
    assert.equal(second.data, 'small');
    assert.equal(second.truncated, undefined);
  });

  it('stop() mid-stream: one closed record, nothing after it, no socket or timer left behind', async () => {
    server.route('/live', sse(['data: 1\n\n', { delayMs: 30 }, 'data: 2\n\n', { delayMs: 30 }, 'data: 3\n\n'], { end: 'hang' }));
    // After one turn: mocha arms its own timeout timer just after an async test starts.
    await new Promise((r) => setImmediate(r));
    const before = process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap');
    const run = startClient({ url: server.url('/live'), idleTimeoutMs: 10000, connectTimeoutMs: 10000 }, (record, client) => {
      if (record.kind === 'event' && record.data === '2') client.stop();
    });
    const closed = await run.client.done;
    assert.equal(closed.reason, 'stopped');
    run.client.stop();
    await new Promise((r) => setTimeout(r, 80));
    assert.deepEqual(run.records.map((r) => r.kind), ['connecting', 'open', 'event', 'event', 'closed']);
    await server.waitForNoSockets();
    // Only the test's own sleep timer may differ; nothing of the client stays.
    const after = process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap');
    assert.deepEqual(after.filter((r) => r !== 'Timeout').sort(), before.filter((r) => r !== 'Timeout').sort());
    assert.ok(after.filter((r) => r === "Timeout").length <= before.filter((r) => r === "Timeout").length, `timers left: ${after} (before: ${before})`);
  });

  it('stop() while waiting to reconnect clears the timer', async () => {
    server.route('/gone', sse(['retry: 60000\ndata: x\n\n']));
    const run = startClient({ url: server.url('/gone') });
    await run.waitFor((r) => r.kind === 'error');
    await new Promise((r) => setImmediate(r));
    const timersBefore = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    run.client.stop();
    const timersAfter = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    assert.equal(timersAfter, timersBefore - 1);
    assert.equal(run.records.at(-1)?.kind, 'closed');
  });
});
