/**
 * The CLI against consumers that cannot keep up: its memory must stay bounded (it stops reading
 * the response, so TCP slows the server) and every record must still arrive, in order.
 */
import * as assert from 'node:assert/strict';
import { SseTestServer } from '../support/sseServer';
import { runCli } from './support/cliProcess';
import { pump, type PumpStats } from './support/faultRoutes';
import { mib, MiB, printFigures } from './support/figures';

/**
 * What any run of the CLI may use at its peak. A real run (undici loaded, one request) peaks
 * near 95 MiB here whatever it records; one batch, one chunk's records and the pipe's buffer
 * come on top. Without backpressure the runs below reach 160 to 240 MiB, and more the longer
 * the stream.
 */
const PEAK_LIMIT = 150 * MiB;

/**
 * Checks each line of a comment flood as it arrives: the exact record, seq without gaps. A
 * million lines: compared as text around seq and time (JSON.parse of each would dominate).
 */
function commentChecker(text: string) {
  let seq = 0;
  let comments = 0;
  let closed: { reason: string } | undefined;
  const tail = `,"text":${JSON.stringify(text)}}`;
  const onLine = (line: string) => {
    const head = `{"kind":"comment","seq":${seq + 1},"time":`;
    if (line.startsWith(head) && line.endsWith(tail) && /^\d+$/.test(line.slice(head.length, -tail.length))) {
      seq++;
      comments++;
      return;
    }
    const record = JSON.parse(line) as { kind: string; seq: number; reason?: string };
    assert.equal(record.seq, ++seq, 'seq has no gap');
    if (record.kind === 'closed') closed = { reason: record.reason ?? '' };
    else assert.ok(record.kind === 'connecting' || record.kind === 'open', line);
  };
  return { onLine, result: () => ({ comments, closed }) };
}

describe('faults: CLI output backpressure', function () {
  this.timeout(40000);
  let server: SseTestServer;
  beforeEach(async () => {
    server = await SseTestServer.start();
  });
  afterEach(async () => {
    await server.close();
  });

  it('a consumer that stops reading for 5 s (| (sleep 5; cat)): 1,000,000 comment lines, memory bounded, every record in order', async () => {
    const COMMENTS = 1_000_000;
    const served: PumpStats = { bytes: 0, aborted: false };
    server.route('/pings', pump({ unit: ': ping\n', count: COMMENTS, progress: served }));
    const check = commentChecker('ping');
    const run = await runCli({ args: ['record', server.url('/pings'), '--no-reconnect'], consumer: { kind: 'stall', ms: 5000 }, onLine: check.onLine, killAfterMs: 35000 });
    const { comments, closed } = check.result();
    printFigures('1,000,000 comments, consumer stalled 5 s', { 'peak RSS': mib(run.peakRss), ms: run.ms, 'stream bytes': mib(served.bytes), 'output bytes': mib(run.outBytes) });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(comments, COMMENTS);
    assert.equal(closed?.reason, 'ended');
    assert.ok(run.peakRss < PEAK_LIMIT, `peak RSS ${mib(run.peakRss)} (limit ${mib(PEAK_LIMIT)})`);
  });

  /** 500 events of 64 KiB: a lot of bytes for little work, so the stream outgrows every buffer on the way. */
  const BIG = { events: 500, dataBytes: 64 * 1024 };
  const bigUnit = `data: ${'x'.repeat(BIG.dataBytes)}\n\n`;
  function bigEventChecker() {
    let seq = 0;
    let events = 0;
    return {
      onLine(line: string) {
        const record = JSON.parse(line) as { kind: string; seq: number; data?: string; size?: number; reason?: string };
        assert.equal(record.seq, ++seq);
        if (record.kind === 'event') {
          events++;
          assert.equal(record.size, BIG.dataBytes);
          assert.equal(record.data?.length, BIG.dataBytes);
        }
        if (record.kind === 'closed') assert.equal(record.reason, 'ended');
      },
      events: () => events,
    };
  }

  it('a stalled consumer holds the server back: TCP, not memory, absorbs a 32 MiB stream', async () => {
    const served: PumpStats = { bytes: 0, aborted: false };
    server.route('/big', pump({ unit: bigUnit, count: BIG.events, progress: served }));
    const check = bigEventChecker();
    let servedWhileStalled = 0;
    const run = await runCli({
      args: ['record', server.url('/big'), '--no-reconnect'],
      consumer: { kind: 'stall', ms: 3000, onResume: () => (servedWhileStalled = served.bytes) },
      onLine: check.onLine,
    });
    printFigures('32 MiB of events, consumer stalled 3 s', {
      'peak RSS': mib(run.peakRss),
      ms: run.ms,
      'served during the stall': mib(servedWhileStalled),
      'stream bytes': mib(served.bytes),
    });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(check.events(), BIG.events);
    // Kernel socket buffers, undici's queue and one batch take a few MiB; the rest had to wait.
    assert.ok(servedWhileStalled < served.bytes / 2, `the server wrote ${mib(servedWhileStalled)} of ${mib(served.bytes)} while nobody read`);
    assert.ok(run.peakRss < PEAK_LIMIT, `peak RSS ${mib(run.peakRss)} (limit ${mib(PEAK_LIMIT)})`);
  });

  it('a slow consumer (256 KiB, then a 10 ms rest): memory bounded, every record in order', async () => {
    server.route('/big', pump({ unit: bigUnit, count: BIG.events }));
    const check = bigEventChecker();
    const run = await runCli({
      args: ['record', server.url('/big'), '--no-reconnect'],
      consumer: { kind: 'slow', bytes: 256 * 1024, pauseMs: 10 },
      onLine: check.onLine,
    });
    printFigures('32 MiB of events, slow consumer', { 'peak RSS': mib(run.peakRss), ms: run.ms, 'output bytes': mib(run.outBytes) });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(check.events(), BIG.events);
    assert.ok(run.peakRss < PEAK_LIMIT, `peak RSS ${mib(run.peakRss)} (limit ${mib(PEAK_LIMIT)})`);
  });

  it('a consumer that closes the pipe (| head -3): the CLI stops at once, quietly, with exit 0', async () => {
    const served: PumpStats = { bytes: 0, aborted: false };
    server.route('/endless', pump({ unit: 'data: hello\n\n', count: 50_000_000, progress: served }));
    const run = await runCli({ args: ['record', server.url('/endless')], consumer: { kind: 'quit', lines: 3 }, keepLines: true });
    printFigures('| head -3 on an endless stream', { 'peak RSS': mib(run.peakRss), ms: run.ms, 'stream bytes': mib(served.bytes) });
    assert.equal(run.code, 0);
    assert.equal(run.stderr, '', 'no stack trace, no message');
    assert.equal(run.lines.length, 3);
    assert.ok(served.aborted, 'the CLI let go of the response');
  });
});
