/**
 * Servers that refuse, stay silent, answer with error pages or redirect forever: the CLI must
 * end with the exact records, the right exit status and one line saying why, quickly.
 */
import * as assert from 'node:assert/strict';
import { refusedPort } from '../unit/core/clientHarness';
import { SseTestServer } from '../support/sseServer';
import { runCli, type CliResult } from './support/cliProcess';
import { errorPage, mute, redirectLoop, silent } from './support/faultRoutes';
import { mib, MiB, printFigures } from './support/figures';
import { shapesOf } from './support/recordShape';
import type { ErrorRecord, StreamRecord } from '../../src/shared/records';

const PEAK_LIMIT = 150 * MiB;

async function record(what: string, args: string[]): Promise<CliResult & { shapes: string[]; records: StreamRecord[] }> {
  const run = await runCli({ args: ['record', ...args], keepLines: true });
  printFigures(what, { 'peak RSS': mib(run.peakRss), ms: run.ms });
  assert.ok(run.peakRss < PEAK_LIMIT, `${what}: peak RSS ${mib(run.peakRss)}`);
  return { ...run, ...shapesOf(run.lines) };
}

describe('faults: servers that refuse, stall, fail or loop (CLI)', function () {
  this.timeout(30000);
  let server: SseTestServer;
  beforeEach(async () => {
    server = await SseTestServer.start();
  });
  afterEach(async () => {
    await server.close();
  });

  it('a refused port: reconnects as told, then gives up with exit 1 and one line', async () => {
    const port = await refusedPort();
    const run = await record('refused x4', [`http://127.0.0.1:${port}/events`, '--retry', '1', '--max-attempts', '3']);
    assert.equal(run.code, 1);
    assert.deepEqual(run.shapes, [
      'connecting 0', 'error ECONNREFUSED retry',
      'connecting 1', 'error ECONNREFUSED retry',
      'connecting 2', 'error ECONNREFUSED retry',
      'connecting 3', 'error ECONNREFUSED final',
      'closed max-attempts',
    ]);
    assert.match(run.stderr, /^sse-inspector: Connection refused by 127\.0\.0\.1:\d+ \(Is the server running on 127\.0\.0\.1:\d+\?\)\n$/);
  });

  it('a server that accepts and never answers: the connect timeout ends the attempt', async () => {
    server.route('/silent', silent());
    const run = await record('silent server', [server.url('/silent'), '--connect-timeout', '0.3', '--no-reconnect']);
    assert.equal(run.code, 1);
    assert.deepEqual(run.shapes, ['connecting 0', 'error CONNECT_TIMEOUT final', 'closed failed']);
    assert.match(run.stderr, /No response from 127\.0\.0\.1:\d+ within 300 ms/);
  });

  it('a stream that opens and then says nothing: the idle timeout ends it', async () => {
    server.route('/mute', mute());
    const run = await record('mute stream', [server.url('/mute'), '--idle-timeout', '0.3', '--no-reconnect']);
    assert.equal(run.code, 1);
    assert.deepEqual(run.shapes, ['connecting 0', 'open 200', 'error IDLE_TIMEOUT final', 'closed failed']);
  });

  it('an HTML error page: no reconnect, the status, headers and a bounded start of the body', async () => {
    server.route('/boom', errorPage(502, 'Bad Gateway'));
    const run = await record('error page', [server.url('/boom')]);
    assert.equal(run.code, 1);
    assert.deepEqual(run.shapes, ['connecting 0', 'error HTTP_STATUS 502 final', 'closed failed']);
    const error = run.records[1] as ErrorRecord;
    assert.equal(error.headers?.['x-powered-by'], 'fault-server');
    assert.ok(error.bodyPreview?.startsWith('<!doctype html><html><head><title>Bad Gateway</title>'));
    assert.equal(Buffer.byteLength(error.bodyPreview ?? ''), 4096);
    assert.equal(server.requests('/boom').length, 1, 'an error page is not retried');
    assert.match(run.stderr, /The server answered 502 Bad Gateway/);
  });

  it('a redirect loop: fails once, without reconnecting, and says it was a loop', async () => {
    server.route('/loop', redirectLoop('/loop'));
    const run = await record('redirect loop', [server.url('/loop')]);
    assert.equal(run.code, 1);
    assert.deepEqual(run.shapes, ['connecting 0', 'error REDIRECT_LOOP final', 'closed failed']);
    assert.equal(server.requests('/loop').length, 21, 'the first request and 20 redirects, as fetch allows');
    assert.match(run.stderr, /redirect/i);
  });
});
