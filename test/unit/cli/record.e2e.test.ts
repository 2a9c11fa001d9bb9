/** The built CLI (dist/cli.js), spawned as a user would run it, against the real test server. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRecording } from '../../../src/core/ndjson';
import type { StreamRecord } from '../../../src/shared/records';
import { SseTestServer, reply, sequence, sse } from '../../support/sseServer';
import { refusedPort } from '../core/clientHarness';
import { runCli, type CliResult } from '../../support/cliRun';


interface Run extends CliResult {
  records: StreamRecord[];
  /** Lines of stdout that are not valid records (must be none, except for --help). */
  problems: string[];
}

/** Runs the CLI to its end (killed after 10 s so a hang fails the test instead of the suite). */
async function cli(args: string[]): Promise<Run> {
  const run = await runCli(args, { timeoutMs: 10_000 });
  return { ...run, ...parseRecording(run.stdout) };
}

describe('sse-inspector CLI (dist/cli.js, end to end)', function () {
  this.timeout(20000);
  let server: SseTestServer;
  before(async () => {
    server = await SseTestServer.start();
  });
  after(async () => {
    await server.close();
  });

  it('--help documents the command and every option', async () => {
    const run = await cli(['--help']);
    assert.equal(run.code, 0);
    for (const option of ['record <url>', '-X', '-H', '-d', '@FILE', '--last-event-id', '--max-events', '--timeout', '--no-reconnect', '--retry', '-o']) {
      assert.ok(run.stdout.includes(option), `--help mentions ${option}`);
    }
  });

  it('records a stream as NDJSON and exits 0 after --max-events', async () => {
    server.route('/ticks', sse(['id: 1\nevent: tick\ndata: {"n":1}\n\n', ': hb\n\n', 'data: two\n\n', 'data: three\n\n'], { end: 'hang' }));
    const run = await cli(['record', server.url('/ticks'), '--max-events', '2']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
    assert.deepEqual(run.problems, []);
    assert.deepEqual(run.records.map((r) => r.kind), ['connecting', 'open', 'event', 'comment', 'event', 'closed']);
    const first = JSON.parse(run.stdout.split('\n')[2]);
    assert.deepEqual(Object.keys(first).sort(), ['data', 'id', 'kind', 'lastEventId', 'seq', 'size', 'time', 'type']);
    assert.equal(first.type, 'tick');
    assert.equal(first.data, '{"n":1}');
    assert.equal(first.lastEventId, '1');
    assert.ok(Math.abs(first.time - Date.now()) < 60000);
    const second = JSON.parse(run.stdout.split('\n')[4]);
    assert.equal('id' in second, false);
    assert.equal(second.lastEventId, '1');
    assert.equal(run.records.at(-1)?.kind === 'closed' && run.records.at(-1), run.records.at(-1));
    assert.deepEqual((run.records.at(-1) as { reason: string }).reason, 'max-events');
  });

  it('sends -X, -H, -d @file and --last-event-id, and writes -o FILE', async () => {
    server.route('/post', sse(['data: ok\n\n']));
    const dir = mkdtempSync(join(tmpdir(), 'sse-cli-'));
    writeFileSync(join(dir, 'body.json'), '{"from":"file"}');
    const out = join(dir, 'out.ndjson');
    const run = await cli(['record', server.url('/post'), '-X', 'PUT', '-H', 'X-One: 1', '-H', 'Authorization: Bearer t', '-d', `@${join(dir, 'body.json')}`,
      '--last-event-id', 'L9', '--no-reconnect', '-o', out]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '');
    const request = server.requests('/post').at(-1)!;
    assert.equal(request.method, 'PUT');
    assert.equal(request.body, '{"from":"file"}');
    assert.equal(request.headers['x-one'], '1');
    assert.equal(request.headers['last-event-id'], 'L9');
    const { records, problems } = parseRecording(readFileSync(out, 'utf8'));
    assert.deepEqual(problems, []);
    assert.deepEqual(records.map((r) => r.kind), ['connecting', 'open', 'event', 'closed']);
    const connecting = records[0] as Extract<StreamRecord, { kind: 'connecting' }>;
    assert.equal(connecting.requestHeaders.Authorization, '••••••');
    assert.equal((records[3] as { reason: string }).reason, 'ended');
  });

  it('exits 0 on --timeout and on a 204', async () => {
    server.route('/forever', sse([': open\n\n'], { end: 'hang' }));
    const timed = await cli(['record', server.url('/forever'), '--timeout', '0.3']);
    assert.equal(timed.code, 0, timed.stderr);
    assert.equal((timed.records.at(-1) as { reason: string }).reason, 'timeout');
    assert.ok(timed.ms >= 300);
    server.route('/nocontent', reply(204));
    const none = await cli(['record', server.url('/nocontent')]);
    assert.equal(none.code, 0, none.stderr);
    assert.equal((none.records.at(-1) as { reason: string }).reason, 'no-content');
  });

  it('reconnects with Last-Event-ID after --retry', async () => {
    server.route('/again', sequence(sse(['id: 5\ndata: a\n\n']), sse(['data: b\n\n'])));
    const run = await cli(['record', server.url('/again'), '--retry', '20', '--max-events', '2']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(server.requests('/again')[1].headers['last-event-id'], '5');
    const error = run.records.find((r) => r.kind === 'error') as Extract<StreamRecord, { kind: 'error' }>;
    assert.equal(error.reconnectInMs, 20);
  });

  it('exits non-zero with a one-line reason for a 404, a wrong Content-Type, a refused connection and a bad URL', async () => {
    server.route('/html', reply(200, '<p>hi</p>', { 'Content-Type': 'text/html' }));
    const port = await refusedPort();
    const cases: Array<[string[], RegExp]> = [
      [['record', server.url('/missing')], /answered 404 Not Found \(The server answered 404: check the path\.\)/],
      [['record', server.url('/html')], /text\/html/],
      [['record', `http://127.0.0.1:${port}/e`, '--no-reconnect'], new RegExp(`refused.*Is the server running on 127\\.0\\.0\\.1:${port}\\?`)],
      [['record', `http://127.0.0.1:${port}/e`, '--retry', '10', '--max-attempts', '2'], /Connection refused/],
      [['record', 'nope'], /is not a URL/],
    ];
    for (const [args, reason] of cases) {
      const run = await cli(args);
      assert.equal(run.code, 1, args.join(' '));
      assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
      assert.match(run.stderr, reason);
      assert.deepEqual(run.problems, []);
      assert.equal(run.records.at(-1)?.kind, 'closed');
    }
  });

  it('exits 2 on a usage error', async () => {
    const run = await cli(['record']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /needs a URL/);
  });
  it('writes diagnostics by default, chunk records with --raw, and neither with --no-diagnostics', async () => {
    server.route('/lint', sse(['evnet: tick\ndata: a\n\n', 'data: b\r\r']));
    const plain = await cli(['record', server.url('/lint'), '--no-reconnect']);
    assert.equal(plain.code, 0);
    const kinds = (run: Run) => parseRecording(run.stdout).annotations.map((a) => (a.kind === 'diagnostic' ? a.code : a.kind));
    assert.deepEqual(kinds(plain).sort(), ['cr-line-endings', 'unknown-field']);
    assert.deepEqual(plain.problems, []);

    const raw = await cli(['record', server.url('/lint'), '--no-reconnect', '--raw']);
    const lines = raw.stdout.trim().split('\n').map((line) => JSON.parse(line) as { kind: string; seq: number; text?: string });
    const chunks = lines.filter((l) => l.kind === 'chunk');
    assert.equal(chunks.map((c) => c.text).join(''), 'evnet: tick\ndata: a\n\ndata: b\r\r');
    // Each event comes after the chunk that completed it; stream records keep seq 1, 2, 3, ...
    const firstEvent = lines.findIndex((l) => l.kind === 'event');
    assert.equal(lines.slice(0, firstEvent).filter((l) => l.kind === 'chunk').length, 1);
    assert.deepEqual(raw.records.map((r) => r.seq), raw.records.map((_r, i) => i + 1));

    const none = await cli(['record', server.url('/lint'), '--no-reconnect', '--no-diagnostics']);
    assert.deepEqual(kinds(none), []);
    assert.equal(none.records.length, plain.records.length);
  });
});
