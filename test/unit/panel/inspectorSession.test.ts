/**
 * The panel's session against real HTTP(S) servers on 127.0.0.1: what the extension shows and
 * exports is what these records hold.
 */
import * as assert from 'node:assert/strict';
import { optionsToProfile } from '../../../src/profiles/profileModel';
import type { StreamRecord } from '../../../src/shared/records';
import { readRecordingText, serializeRecords } from '../../../src/core/recordingFormats';
import { InspectorSession } from '../../../src/panel/inspectorSession';
import type { SessionInfo } from '../../../src/shared/protocol';
import { startHttpsServer } from '../../support/selfSignedServer';
import { sse, SseTestServer } from '../../support/sseServer';

function info(url: string): SessionInfo {
  return { id: 't', title: 't', url, mode: 'live', method: 'GET', requestHeaders: {} };
}

/** A session whose records are collected; resolves `until` once a predicate holds. */
function collect(session: InspectorSession) {
  const records: StreamRecord[] = [];
  const waiters: Array<{ test: () => boolean; resolve: () => void }> = [];
  session.setListener({
    onRecord: (record) => {
      records.push(record);
      for (const w of [...waiters]) if (w.test()) { waiters.splice(waiters.indexOf(w), 1); w.resolve(); }
    },
    onCleared: () => undefined,
    onSessionChanged: () => undefined,
  });
  const until = (test: () => boolean, timeoutMs = 5000) =>
    test()
      ? Promise.resolve()
      : new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`timed out; records: ${JSON.stringify(records.map((r) => r.kind))}`)), timeoutMs);
          waiters.push({ test, resolve: () => { clearTimeout(timer); resolve(); } });
        });
  return { records, until };
}

const LLM_CHUNKS = ['Hel', 'lo', ', world'].map((c) => `data: {"choices":[{"delta":{"content":"${c}"}}]}\n\n`);

describe('InspectorSession', () => {
  let server: SseTestServer;
  beforeEach(async () => {
    server = await SseTestServer.start();
  });
  afterEach(async () => {
    await server.close();
  });

  it('POSTs headers and body as given, shows each LLM-style chunk and [DONE], and masks the secret', async () => {
    server.route('/v1/chat', sse([...LLM_CHUNKS, 'data: [DONE]\n\n']));
    const session = new InspectorSession(info(server.url('/v1/chat')), 1000, {
      url: server.url('/v1/chat'),
      method: 'POST',
      headers: { Authorization: 'Bearer s3cret', 'Content-Type': 'application/json', 'X-Trace': 'abc' },
      body: '{"model":"m","stream":true}',
      reconnect: false,
    });
    const { records, until } = collect(session);
    session.connect();
    await until(() => records.some((r) => r.kind === 'closed'));
    const [request] = server.requests('/v1/chat');
    assert.equal(request.method, 'POST');
    assert.equal(request.body, '{"model":"m","stream":true}');
    assert.equal(request.headers.authorization, 'Bearer s3cret');
    assert.equal(request.headers['x-trace'], 'abc');
    assert.equal(request.headers.accept, 'text/event-stream');
    const events = records.filter((r) => r.kind === 'event');
    assert.deepEqual(events.map((e) => e.data), [...LLM_CHUNKS.map((c) => c.slice('data: '.length).trim()), '[DONE]']);
    const connecting = records.find((r) => r.kind === 'connecting');
    assert.ok(connecting && connecting.kind === 'connecting');
    assert.equal(connecting.requestHeaders.Authorization, '••••••');
    assert.equal(session.info.method, 'POST', 'the panel shows the request as sent');
    // Nothing the user can export or save holds the secret.
    for (const format of ['ndjson', 'json'] as const) {
      assert.ok(!serializeRecords(session.log.toArray(), format).includes('s3cret'), format);
    }
    assert.ok(!JSON.stringify(optionsToProfile('p', session.connectionOptions!).profile).includes('s3cret'));
  });

  it('lints each connection and keeps its raw chunks, pointing at the panel-wide seqs; clear empties both', async () => {
    server.route('/lint', sse(['evnet: x\ndata: a\n\n', 'data: b\n\n']));
    const session = new InspectorSession(info(server.url('/lint')), 1000, { url: server.url('/lint'), reconnect: false }, 1024);
    const { until } = collect(session);
    let changes = 0;
    session.setListener({ ...session['listener']!, onDiagnostics: () => changes++ });
    session.connect();
    await until(() => session.log.toArray().some((r) => r.kind === 'closed'));
    session.connect();
    await until(() => session.log.toArray().filter((r) => r.kind === 'closed').length === 2);
    // Once per connect: two connects, two unknown-field findings, at the second connect's seqs.
    const found = session.diagnostics.filter((d) => d.code === 'unknown-field');
    assert.equal(found.length, 2);
    assert.ok(found[1].seq > found[0].seq);
    const chunks = session.wireChunks(0);
    assert.equal(chunks.map((c) => c.text).join(''), 'evnet: x\ndata: a\n\ndata: b\n\n'.repeat(2));
    assert.ok(chunks[chunks.length - 1].seq > chunks[0].seq);
    assert.ok(changes >= 2);
    session.clear();
    assert.deepEqual([session.diagnostics.length, session.wireChunks(0).length], [0, 0]);
    session.dispose();
  });

  it('keeps sequence numbers unique across reconnects and resumes with Last-Event-ID', async () => {
    server.route('/ids', sse(['id: 7\ndata: a\n\n'], { end: 'hang' }));
    const session = new InspectorSession(info(server.url('/ids')), 1000, { url: server.url('/ids'), retryMs: 10 });
    const { records, until } = collect(session);
    session.connect();
    await until(() => records.some((r) => r.kind === 'event'));
    session.reconnect();
    await until(() => records.filter((r) => r.kind === 'event').length === 2);
    session.disconnect();
    const seqs = records.map((r) => r.seq);
    assert.equal(new Set(seqs).size, seqs.length, `unique: ${seqs}`);
    assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), 'increasing');
    const requests = server.requests('/ids');
    assert.equal(requests[1].headers['last-event-id'], '7');
    await server.waitForNoSockets();
  });

  it('keeps at most maxEvents records but counts every event', async () => {
    const steps = Array.from({ length: 500 }, (_, i) => `data: ${i}\n\n`);
    server.route('/many', sse(steps));
    const session = new InspectorSession(info(server.url('/many')), 100, { url: server.url('/many'), reconnect: false });
    const { records, until } = collect(session);
    session.connect();
    await until(() => records.some((r) => r.kind === 'closed'));
    const stats = session.snapshotStats();
    assert.equal(stats.events, 500);
    assert.equal(session.log.size, 100);
    assert.equal(stats.dropped, records.length - 100);
    const kept = session.log.toArray();
    assert.equal(kept[kept.length - 1].kind, 'closed');
    // Export and read back: the same records.
    const back = readRecordingText(serializeRecords(kept, 'json'));
    assert.deepEqual(back.problems, []);
    assert.deepEqual(back.records, kept);
  });

  it('refuses a self-signed certificate by default and accepts it when told to skip checks', async () => {
    const https = await startHttpsServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.end('data: secure hello\n\n');
    });
    try {
      const strict = new InspectorSession(info(`${https.origin}/s`), 100, { url: `${https.origin}/s`, reconnect: false });
      const a = collect(strict);
      strict.connect();
      await a.until(() => a.records.some((r) => r.kind === 'closed'));
      const error = a.records.find((r) => r.kind === 'error');
      assert.ok(error && error.kind === 'error', JSON.stringify(a.records));
      assert.match(`${error.message} ${error.hint ?? ''}`, /certificate/i);

      const relaxed = new InspectorSession(info(`${https.origin}/s`), 100, { url: `${https.origin}/s`, reconnect: false, insecureTls: true });
      const b = collect(relaxed);
      relaxed.connect();
      await b.until(() => b.records.some((r) => r.kind === 'closed'));
      const event = b.records.find((r) => r.kind === 'event');
      assert.ok(event && event.kind === 'event' && event.data === 'secure hello', JSON.stringify(b.records));
    } finally {
      await https.close();
    }
  });

  it('explains a non-200 answer with status, headers and the start of the body', async () => {
    server.route('/html', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'X-Powered-By': 'test' });
      res.end('<!doctype html><title>Login</title><h1>Please sign in</h1>');
    });
    const session = new InspectorSession(info(server.url('/html')), 100, { url: server.url('/html') });
    const { records, until } = collect(session);
    session.connect();
    await until(() => records.some((r) => r.kind === 'closed'));
    const stats = session.snapshotStats();
    assert.equal(stats.phase, 'closed');
    assert.equal(stats.lastFailure?.status, 200);
    assert.equal(stats.lastFailure?.headers?.['x-powered-by'], 'test');
    assert.match(stats.lastFailure?.bodyPreview ?? '', /Please sign in/);
    assert.match(stats.lastFailure?.hint ?? '', /text\/html/);
  });

  it('masks secrets of a recording written by another tool, in the log and the request shown', () => {
    const session = new InspectorSession({ id: 'r', title: 'Recording: x', url: 'http://x/', mode: 'recording', method: 'GET', requestHeaders: {} }, 100);
    const { records } = collect(session);
    session.loadRecords([
      { kind: 'connecting', seq: 1, time: 1, url: 'http://x/', method: 'GET', requestHeaders: { Authorization: 'Bearer leaked-1' }, attempt: 0 },
      { kind: 'open', seq: 2, time: 2, url: 'http://x/', status: 200, statusText: 'OK', headers: { 'set-cookie': 'leaked-2' }, redirected: false },
      { kind: 'event', seq: 3, time: 3, type: 'message', data: 'x', lastEventId: '', size: 1 },
    ]);
    const shown = JSON.stringify([records, session.log.toArray(), session.info]);
    assert.ok(!shown.includes('leaked-'), shown);
    assert.equal(records.length, 3);
  });
});
