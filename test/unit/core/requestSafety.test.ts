/**
 * Requests that cannot work must fail once, clearly, instead of reconnecting forever; ids and
 * credentials must travel and show the way a browser and a careful inspector would.
 */
import * as assert from 'node:assert/strict';
import { resolveOptions } from '../../../src/core/clientOptions';
import { parseRecording } from '../../../src/core/ndjson';
import type { StreamRecord } from '../../../src/shared/records';
import { SseClient, type SseClientOptions } from '../../../src/core/sseClient';
import { startClient } from './clientHarness';
import { checkStreamUrl } from '../../../src/core/sseUrl';
import { InspectorSession } from '../../../src/panel/inspectorSession';
import { sse, SseTestServer } from '../../support/sseServer';

/** Every record of one client session, once it has closed. */
async function record(options: SseClientOptions): Promise<StreamRecord[]> {
  const run = startClient(options);
  await run.client.done;
  return run.records;
}

describe('request safety', () => {
  let server: SseTestServer;
  beforeEach(async () => {
    server = await SseTestServer.start();
  });
  afterEach(async () => {
    await server.close();
  });

  it('resumes with a non-ASCII last event id, sent as its UTF-8 bytes', async () => {
    server.route('/ids', sse(['id: 日本-7\ndata: a\n\n']));
    const records: StreamRecord[] = [];
    const client = new SseClient({ url: server.url('/ids'), retryMs: 5, onRecord: (r) => records.push(r) });
    client.start();
    await server.waitForRequests('/ids', 2);
    client.stop();
    const sent = server.requests('/ids')[1].headers['last-event-id'];
    assert.equal(Buffer.from(String(sent), 'latin1').toString('utf8'), '日本-7');
    assert.ok(!records.some((r) => r.kind === 'error' && r.code === 'INVALID_REQUEST'), JSON.stringify(records));
  });

  it('a header value fetch refuses fails once, without reconnecting', async () => {
    server.route('/events', sse(['data: x\n\n']));
    const records = await record({ url: server.url('/events'), headers: { 'X-Arrow': 'a → b' }, retryMs: 5 });
    const errors = records.filter((r) => r.kind === 'error');
    assert.equal(errors.length, 1, JSON.stringify(records));
    assert.ok(errors[0].kind === 'error' && errors[0].code === 'INVALID_REQUEST' && !errors[0].willReconnect);
    assert.equal(server.requests('/events').length, 0);
  });

  it('a port that fetch blocks, as browsers do, fails once and says to use another', async () => {
    // Refused before any connection: nothing needs to listen on 6000 (X11's port, on the list).
    const records = await record({ url: 'http://127.0.0.1:6000/events', retryMs: 5 });
    const errors = records.filter((r) => r.kind === 'error');
    assert.equal(errors.length, 1, JSON.stringify(records));
    const error = errors[0];
    assert.ok(error.kind === 'error' && error.code === 'INVALID_REQUEST' && !error.willReconnect);
    assert.match(error.message, /Port 6000 is one that browsers and fetch refuse/);
    assert.match(error.hint ?? '', /another port/);
  });

  it('refuses URLs with credentials and HEAD requests up front, saying what to do', () => {
    const check = checkStreamUrl('http://user:secret@127.0.0.1:3000/events');
    assert.ok(!check.ok && /Authorization header/.test(check.message));
    assert.throws(() => resolveOptions({ url: 'http://user:secret@127.0.0.1:3000/events' }), /Authorization header/);
    assert.throws(() => resolveOptions({ url: 'http://127.0.0.1:3000/events', method: 'HEAD' }), /HEAD response has no body/);
  });

  it('masks cookies the server sets, in open and error records alike', async () => {
    server.route('/ok', sse(['data: x\n\n'], { headers: { 'Set-Cookie': 'session=abc123', 'X-Request-Id': 'r-1' } }));
    server.route('/denied', (_req, res) => {
      res.writeHead(401, { 'Content-Type': 'text/plain', 'Set-Cookie': 'session=def456' });
      res.end('no');
    });
    const ok = await record({ url: server.url('/ok'), reconnect: false });
    const denied = await record({ url: server.url('/denied') });
    const text = JSON.stringify([...ok, ...denied]);
    assert.ok(!text.includes('abc123') && !text.includes('def456'), text);
    const open = ok.find((r) => r.kind === 'open');
    assert.ok(open && open.kind === 'open' && open.headers['set-cookie'] === '••••••' && open.headers['x-request-id'] === 'r-1');
  });

  it('a server that resets the id to empty is not undone by a manual reconnect', async () => {
    server.route('/reset', sse(['id: 5\ndata: a\n\n', 'id\ndata: b\n\n'], { end: 'hang' }));
    const session = new InspectorSession({ id: 's', title: 't', url: server.url('/reset'), mode: 'live', method: 'GET', requestHeaders: {} }, 100, {
      url: server.url('/reset'),
    });
    session.connect();
    for (const deadline = Date.now() + 5000; session.snapshotStats().events < 2 && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    session.reconnect();
    await server.waitForRequests('/reset', 2);
    session.dispose();
    assert.equal(server.requests('/reset')[1].headers['last-event-id'], undefined, 'no Last-Event-ID after the server cleared it');
  });

  it('recordings must carry the fields the viewer reads', () => {
    const { records, problems } = parseRecording(
      [
        '{"kind":"open","seq":1,"time":1,"url":"http://x/","status":200}',
        '{"kind":"connecting","seq":2,"time":1,"url":"http://x/","method":"GET"}',
        '{"kind":"event","seq":3,"time":1,"type":"message","data":"x","lastEventId":""}',
      ].join('\n'),
    );
    assert.equal(records.length, 0);
    assert.match(problems.join('\n'), /line 1: .*"headers"[\s\S]*line 2: .*"requestHeaders"[\s\S]*line 3: .*"size"/);
  });
});
