/**
 * The linter wired into a real SseClient against a real server on 127.0.0.1: each condition
 * produced by the server is reported with its code, once; a clean stream gets nothing; and
 * `record --raw`'s chunk records come in order with the others.
 */
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { SseTestServer, sse, type RouteHandler } from '../../../support/sseServer';
import { SseClient, type SseClientOptions } from '../../../../src/core/sseClient';
import { StreamWatch } from '../../../../src/core/diagnostics/streamWatch';
import type { ChunkRecord, DiagnosticRecord, RecordingRecord, StreamRecord } from '../../../../src/shared/records';
import { wireTextToBytes } from '../../../../src/core/diagnostics/wireText';

interface Run {
  records: StreamRecord[];
  diagnostics: DiagnosticRecord[];
  /** Everything in the order it was reported (as `record --raw` writes it). */
  all: RecordingRecord[];
}

/** Connects without reconnecting, reads until the server ends (or `stopAfterMs`), returns what was seen. */
async function run(url: string, options: { stopAfterMs?: number; noEventsMs?: number; client?: Partial<SseClientOptions> } = {}): Promise<Run> {
  const result: Run = { records: [], diagnostics: [], all: [] };
  const watch = new StreamWatch({
    onDiagnostic: (d) => {
      result.diagnostics.push(d);
      result.all.push(d);
    },
    onChunk: (c) => result.all.push(c),
    noEventsMs: options.noEventsMs,
  });
  const client = new SseClient({
    url,
    reconnect: false,
    ...options.client,
    observer: watch,
    onRecord: (record) => {
      result.records.push(record);
      result.all.push(record);
      watch.record(record);
    },
  });
  client.start();
  const timer = options.stopAfterMs !== undefined ? setTimeout(() => client.stop(), options.stopAfterMs) : undefined;
  await client.done;
  clearTimeout(timer);
  watch.dispose();
  return result;
}

const codes = (r: Run) => r.diagnostics.map((d) => d.code);

/** A route that writes raw headers and body pieces (for the cases `sse()` cannot make). */
function raw(headers: Record<string, string>, body: Array<string | Uint8Array>): RouteHandler {
  return (_req, res) => {
    res.writeHead(200, headers);
    for (const piece of body) res.write(piece);
    res.end();
  };
}

const SSE = { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' };

describe('diagnostics of a real connection (local server)', function () {
  this.timeout(20000);
  let server: SseTestServer;

  before(async () => {
    server = await SseTestServer.start();
  });
  after(async () => server.close());

  const cases: Array<{ code: string; route: RouteHandler; seqIsOpen?: boolean }> = [
    { code: 'compressed-stream', route: raw({ ...SSE, 'Content-Encoding': 'gzip' }, [gzipSync('data: a\n\ndata: b\n\n')]), seqIsOpen: true },
    { code: 'charset-not-utf8', route: sse(['data: a\n\n'], { contentType: 'text/event-stream; charset=iso-8859-1' }), seqIsOpen: true },
    { code: 'content-length', route: raw({ ...SSE, 'Content-Length': '18' }, ['data: a\n\ndata: b\n\n']), seqIsOpen: true },
    { code: 'no-cache-missing', route: raw({ 'Content-Type': 'text/event-stream' }, ['data: a\n\n']), seqIsOpen: true },
    { code: 'invalid-utf8', route: sse([Buffer.from([...Buffer.from('data: a'), 0xff, 0x0a, 0x0a])]) },
    { code: 'cr-line-endings', route: sse(['data: a\r\r', 'data: b\r\r']) },
    { code: 'bom', route: sse(['\uFEFFdata: a\n\n']) },
    { code: 'unknown-field', route: sse(['evnet: tick\ndata: a\n\n']) },
    { code: 'invalid-retry', route: sse(['retry: 3s\ndata: a\n\n']) },
    { code: 'id-with-null', route: sse(['id: 1\u00002\ndata: a\n\n']) },
    { code: 'unterminated-event', route: sse(['data: a\n\n', 'data: the last one, never finished\n']) },
    { code: 'buffered-delivery', route: sse([': hello\n\n', { delayMs: 1300 }, 'data: x\n\n'.repeat(12)]) },
  ];

  for (const { code, route, seqIsOpen } of cases) {
    it(`${code}: reported once, and nothing else`, async () => {
      server.route(`/${code}`, route);
      const result = await run(server.url(`/${code}`));
      assert.deepEqual(codes(result), [code]);
      const open = result.records.find((r) => r.kind === 'open')!;
      if (seqIsOpen) assert.equal(result.diagnostics[0].seq, open.seq);
      else assert.ok(result.diagnostics[0].seq >= open.seq);
    });
  }

  it('no-events: an open stream with nothing at all for the threshold', async () => {
    server.route('/silent', sse([], { end: 'hang' }));
    const result = await run(server.url('/silent'), { noEventsMs: 300, stopAfterMs: 900 });
    assert.deepEqual(codes(result), ['no-events']);
  });

  it('no-events: not while heartbeats come', async () => {
    const beats = Array.from({ length: 8 }, () => [': hb\n\n', { delayMs: 100 }]).flat() as Array<string | { delayMs: number }>;
    server.route('/beats', sse(beats, { end: 'hang' }));
    const result = await run(server.url('/beats'), { noEventsMs: 300, stopAfterMs: 750 });
    assert.deepEqual(codes(result), []);
  });

  it('says nothing about a clean stream, cut in many small writes, with pauses, comments, ids and retry', async () => {
    const steps = ['retry: 2000\n', ': heartbeat\n\n', 'event: tick\nid: 1\ndata: {"n":1}\n\n', { delayMs: 30 }, 'data: 日本', '語 🎉\n', '\ndata: a\r\n\r\n', 'id\n\n', 'data: last\n\n'];
    server.route('/clean', sse(steps));
    const result = await run(server.url('/clean'));
    assert.deepEqual(codes(result), []);
    assert.ok(result.records.filter((r) => r.kind === 'event').length === 4);
  });

  it('reports each code once per session across reconnects', async () => {
    server.route('/again', sse(['evnet: x\ndata: a\n\n']));
    const result = await run(server.url('/again'), { client: { reconnect: true, retryMs: 10 }, stopAfterMs: 400 });
    assert.ok(result.records.filter((r) => r.kind === 'open').length >= 2, 'it should have reconnected');
    assert.deepEqual(codes(result), ['unknown-field']);
  });

  it('writes chunk records in order, before the records they completed, with the exact bytes', async () => {
    const pieces = [Buffer.from('data: a\n\ndata: '), Buffer.from([0xe6, 0x97]), Buffer.from([0xa5, 0x0a, 0x0a]), Buffer.from('data: c\r\n\r\n')];
    server.route('/chunks', sse([pieces[0], { delayMs: 40 }, pieces[1], { delayMs: 40 }, pieces[2], { delayMs: 40 }, pieces[3]]));
    const result = await run(server.url('/chunks'));
    const chunks = result.all.filter((r): r is ChunkRecord => r.kind === 'chunk');
    assert.deepEqual(Buffer.concat(chunks.map((c) => wireTextToBytes(c.text))), Buffer.concat(pieces));
    assert.deepEqual(chunks.map((c) => c.offset), chunks.map((_c, i) => chunks.slice(0, i).reduce((n, c) => n + c.bytes, 0)));
    // Each event follows the chunk that completed it, and that chunk points at the record before it.
    const events = result.all.filter((r) => r.kind === 'event');
    assert.deepEqual(events.map((e) => (e as { data: string }).data), ['a', '日', 'c']);
    for (const event of events) {
      const at = result.all.indexOf(event);
      const chunk = result.all.slice(0, at).reverse().find((r) => r.kind === 'chunk') as ChunkRecord;
      assert.ok(chunk.seq < event.seq);
    }
    // Diagnostics and chunks take no seq: the stream records stay numbered 1, 2, 3, ...
    assert.deepEqual(result.records.map((r) => r.seq), result.records.map((_r, i) => i + 1));
    assert.deepEqual(codes(result), []);
  });
});
