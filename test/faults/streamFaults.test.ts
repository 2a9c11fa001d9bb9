/**
 * The CLI against streams that break the way real ones do: cut, oversized, endless, badly
 * encoded, dripped, compressed, bursting. Each asserts the exact records and the CLI's peak
 * memory, and prints the figures.
 */
import * as assert from 'node:assert/strict';
import { SseTestServer, sequence } from '../support/sseServer';
import { runCli, type CliResult } from './support/cliProcess';
import { burst, cutAfter, drip, gzipped, pump } from './support/faultRoutes';
import { mib, MiB, printFigures } from './support/figures';
import { shapesOf } from './support/recordShape';

/** See cliBackpressure.test.ts: a real run peaks near 95 MiB whatever it records. */
const PEAK_LIMIT = 150 * MiB;

async function record(args: string[]): Promise<CliResult & { shapes: string[]; diagnostics: string[] }> {
  const run = await runCli({ args: ['record', ...args], keepLines: true });
  const { shapes, diagnostics } = shapesOf(run.lines);
  return { ...run, shapes, diagnostics };
}

function assertBounded(what: string, run: CliResult, extra: Record<string, string | number> = {}): void {
  printFigures(what, { 'peak RSS': mib(run.peakRss), ms: run.ms, ...extra });
  assert.ok(run.peakRss < PEAK_LIMIT, `${what}: peak RSS ${mib(run.peakRss)} (limit ${mib(PEAK_LIMIT)})`);
}

describe('faults: broken streams through the CLI', function () {
  this.timeout(30000);
  let server: SseTestServer;
  beforeEach(async () => {
    server = await SseTestServer.start();
  });
  afterEach(async () => {
    await server.close();
  });

  it('a stream that ends mid-event: the unfinished event is dropped, as the spec says', async () => {
    server.route('/cut', burst('data: one\n\nevent: half\ndata: par'));
    const run = await record([server.url('/cut'), '--no-reconnect']);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.shapes, ['connecting 0', 'open 200', 'event message "one" last= size=3', 'closed ended']);
    // The linter names the dropped event.
    assert.ok(run.diagnostics.includes('unterminated-event'), run.diagnostics.join());
    assertBounded('ends mid-event', run);
  });

  it('a connection dropped mid-event: the half event is dropped, the client resumes with Last-Event-ID', async () => {
    server.route('/drop', sequence(cutAfter('retry: 10\nid: 1\ndata: one\n\nid: 2\ndata: tw'), burst('id: 3\ndata: three\n\n')));
    const run = await record([server.url('/drop'), '--max-events', '2']);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.shapes, [
      'connecting 0',
      'open 200',
      'retry 10',
      'event message "one" id=1 last=1 size=3',
      'error ECONNRESET retry',
      'connecting 1 last=1',
      'open 200',
      'event message "three" id=3 last=3 size=5',
      'closed max-events',
    ]);
    assert.equal(server.requests('/drop')[1].headers['last-event-id'], '1');
    assertBounded('dropped mid-event, resumed', run);
  });

  it('oversized events are cut at --max-event-bytes and say their real size; the stream goes on', async () => {
    const big = 'y'.repeat(5000);
    const lines = Array.from({ length: 40 }, (_, i) => `data: ${String(i).padStart(3, '0')}${'z'.repeat(96)}`).join('\n');
    server.route('/big', burst(`data: ${big}\n\n${lines}\n\ndata: small\n\n`));
    const run = await record([server.url('/big'), '--no-reconnect', '--max-event-bytes', '1000']);
    assert.equal(run.code, 0, run.stderr);
    const multi = Array.from({ length: 40 }, (_, i) => `${String(i).padStart(3, '0')}${'z'.repeat(96)}`).join('\n');
    assert.deepEqual(run.shapes, [
      'connecting 0',
      'open 200',
      `event message ${JSON.stringify('y'.repeat(1000))} last= size=5000 truncated`,
      `event message ${JSON.stringify(multi.slice(0, 1000))} last= size=${multi.length} truncated`,
      'event message "small" last= size=5',
      'closed ended',
    ]);
    assertBounded('oversized events', run);
  });

  it('an endless line (48 MiB without a line break) keeps memory bounded and ends as one cut event', async () => {
    const UNIT = 'q'.repeat(64 * 1024);
    const COUNT = 768;
    server.route('/endless', pump({ head: 'data: ', unit: UNIT, count: COUNT, tail: '\n\ndata: after\n\n' }));
    const run = await record([server.url('/endless'), '--no-reconnect', '--max-event-bytes', '65536']);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.shapes, [
      'connecting 0',
      'open 200',
      `event message ${JSON.stringify(UNIT)} last= size=${UNIT.length * COUNT} truncated`,
      'event message "after" last= size=5',
      'closed ended',
    ]);
    assertBounded('48 MiB endless line', run, { 'stream bytes': mib(UNIT.length * COUNT) });
  });

  it('invalid UTF-8 becomes U+FFFD; characters split anywhere, even a byte at a time, arrive whole', async () => {
    const text = 'id: é1\r\nevent: größe\r\ndata: 日本€😀\r\n\r\n: note ü\rretry: 20\rdata: a\r';
    const invalid = Buffer.from([...Buffer.from('data: a'), 0xff, ...Buffer.from('b'), 0xc3, ...Buffer.from('\n\n')]);
    const body = Buffer.concat([Buffer.from(text), invalid]);
    server.route('/drip', drip(body));
    const run = await record([server.url('/drip'), '--no-reconnect']);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.shapes, [
      'connecting 0',
      'open 200',
      'event größe "日本€😀" id=é1 last=é1 size=13',
      'comment "note ü"',
      'retry 20',
      // "data: a" then "data: a\xffb\xc3": one event with two data lines.
      `event message ${JSON.stringify('a\na\uFFFDb\uFFFD')} last=é1 size=10`,
      'closed ended',
    ]);
    // Byte-at-a-time splits are not invalid UTF-8; the 0xFF and the lone 0xC3 are, and the CRs show.
    assert.ok(run.diagnostics.includes('invalid-utf8') && run.diagnostics.includes('cr-line-endings'), run.diagnostics.join());
    assertBounded(`${body.length} bytes, one write per byte`, run);
  });

  it('a gzip-compressed stream is decoded as it arrives', async () => {
    const events = Array.from({ length: 500 }, (_, i) => `id: ${i}\ndata: {"n":${i}}\n\n`).join('');
    server.route('/gz', gzipped(events));
    const run = await record([server.url('/gz'), '--no-reconnect']);
    assert.equal(run.code, 0, run.stderr);
    const expected = Array.from({ length: 500 }, (_, i) => `event message ${JSON.stringify(`{"n":${i}}`)} id=${i} last=${i} size=${`{"n":${i}}`.length}`);
    assert.deepEqual(run.shapes, ['connecting 0', 'open 200', ...expected, 'closed ended']);
    assert.ok(run.diagnostics.includes('compressed-stream'), run.diagnostics.join());
    assertBounded('gzip stream', run);
  });

  it('a burst of 20,000 events in one write: every one, in order', async () => {
    const COUNT = 20_000;
    server.route('/burst', burst(Array.from({ length: COUNT }, (_, i) => `event: t${i % 7}\ndata: ${i}\n\n`).join('')));
    const run = await record([server.url('/burst'), '--no-reconnect']);
    assert.equal(run.code, 0, run.stderr);
    const expected = Array.from({ length: COUNT }, (_, i) => `event t${i % 7} "${i}" last= size=${String(i).length}`);
    assert.deepEqual(run.shapes, ['connecting 0', 'open 200', ...expected, 'closed ended']);
    assertBounded('20,000 events in one write', run);
  });
});
