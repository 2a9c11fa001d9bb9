/**
 * The core client in this process against misbehaving servers: a long run of reconnects must
 * leave no file descriptor behind, and a run of heartbeat comments longer than the event size
 * limit must go as fast as a short one (comments are not event data).
 */
import * as assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { EventStreamReader } from '../../src/core/eventStreamReader';
import { startClient } from '../unit/core/clientHarness';
import { SseTestServer } from '../support/sseServer';
import { runCli } from './support/cliProcess';
import { burst, cutAfter, pump } from './support/faultRoutes';
import { mib, MiB, printFigures } from './support/figures';
import { shape, shapesOf } from './support/recordShape';

const openFds = () => readdirSync('/proc/self/fd').length;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('faults: the core client', function () {
  this.timeout(30000);
  let server: SseTestServer;
  beforeEach(async () => {
    server = await SseTestServer.start();
  });
  afterEach(async () => {
    await server.close();
  });

  it('200 reconnects in a row (ends and resets): exact records, no file descriptor left open', async () => {
    const RECONNECTS = 200;
    // Odd requests end the stream properly, even ones reset the connection after their event.
    server.route('/flap', (req, res, context) => {
      const body = `id: ${context.hit}\ndata: ${context.hit}\n\n`;
      return context.hit % 2 === 1 ? burst(body)(req, res, context) : cutAfter(body)(req, res, context);
    });
    const before = openFds();
    let during = 0;
    const run = startClient({ url: server.url('/flap'), retryMs: 0 }, (record, client) => {
      if (record.kind !== 'connecting') return;
      if (record.attempt === 50) during = openFds();
      if (record.attempt === RECONNECTS) client.stop();
    });
    await run.client.done;
    await server.waitForNoSockets();
    await sleep(50);
    const after = openFds();
    printFigures(`${RECONNECTS} reconnects`, { 'fds before': before, 'fds at 50': during, 'fds after': after, records: run.records.length });

    const expected: string[] = [];
    for (let attempt = 0; attempt < RECONNECTS; attempt++) {
      const hit = attempt + 1;
      expected.push(
        attempt === 0 ? 'connecting 0' : `connecting ${attempt} last=${attempt}`,
        'open 200',
        `event message "${hit}" id=${hit} last=${hit} size=${String(hit).length}`,
        hit % 2 === 1 ? 'error ENDED retry' : 'error ECONNRESET retry',
      );
    }
    expected.push(`connecting ${RECONNECTS} last=${RECONNECTS}`, 'closed stopped');
    assert.deepEqual(run.records.map(shape), expected);
    run.records.forEach((record, i) => assert.equal(record.seq, i + 1));
    // A few descriptors come and go with the runtime itself; sockets would add one per attempt.
    assert.ok(during <= before + 6, `fds grew from ${before} to ${during} after 50 reconnects`);
    assert.ok(after <= before + 3, `fds grew from ${before} to ${after} after ${RECONNECTS} reconnects`);
  });

  it('comments past the event size limit read as fast as comments within it (measured in this process)', () => {
    const chunk = Buffer.from(': heartbeat\n'.repeat(5461)); // 64 KiB of comment lines, no blank line
    const CHUNKS = 128; // 8 MiB in one block
    const time = (maxEventBytes: number): { ms: number; comments: number } => {
      let comments = 0;
      const reader = new EventStreamReader({ onEvent: () => undefined, onId: () => undefined, onComment: () => comments++, onRetry: () => undefined }, maxEventBytes);
      const started = process.hrtime.bigint();
      for (let i = 0; i < CHUNKS; i++) reader.write(chunk);
      return { ms: Number(process.hrtime.bigint() - started) / 1e6, comments };
    };
    // Best of four for each, interleaved: the machine is shared, the ratio is what matters.
    const within: number[] = [];
    const past: number[] = [];
    for (let round = 0; round < 4; round++) {
      const a = time(64 * MiB);
      const b = time(1024);
      assert.equal(a.comments, 5461 * CHUNKS);
      assert.equal(b.comments, 5461 * CHUNKS);
      within.push(a.ms);
      past.push(b.ms);
    }
    const ratio = Math.min(...past) / Math.min(...within);
    printFigures('8 MiB of comments in one block', {
      'within the limit': `${Math.min(...within).toFixed(0)} ms`,
      'past a 1 KiB limit': `${Math.min(...past).toFixed(0)} ms`,
      ratio: ratio.toFixed(2),
    });
    // One parser call per comment line made this 4x to 7x; batched, it is 1x to 2x.
    assert.ok(ratio < 3.5, `comments past the limit are ${ratio.toFixed(2)}x slower`);
  });

  it('a block of 100,000 comments then data, past --max-event-bytes (CLI): every comment once, then the event', async () => {
    const COMMENTS = 100_000;
    server.route('/beats', pump({ unit: ': hb\n', count: COMMENTS, tail: 'data: at last\n\n' }));
    const run = await runCli({ args: ['record', server.url('/beats'), '--no-reconnect', '--max-event-bytes', '1024'], keepLines: true });
    printFigures('100,000 comments past the limit, CLI', { 'peak RSS': mib(run.peakRss), ms: run.ms });
    assert.equal(run.code, 0, run.stderr);
    const { shapes } = shapesOf(run.lines);
    assert.deepEqual(shapes.slice(0, 2), ['connecting 0', 'open 200']);
    assert.deepEqual(shapes.slice(-2), ['event message "at last" last= size=7', 'closed ended']);
    const middle = shapes.slice(2, -2);
    assert.equal(middle.length, COMMENTS);
    assert.ok(middle.every((s) => s === 'comment "hb"'));
    assert.ok(run.peakRss < 150 * MiB, `peak RSS ${mib(run.peakRss)}`);
  });

  it('pause() holds the server back and suspends the idle timeout; resume() reads every event', async () => {
    const EVENTS = 400;
    const data = 'p'.repeat(64 * 1024);
    const served = { bytes: 0, aborted: false };
    server.route('/big', pump({ unit: `data: ${data}\n\n`, count: EVENTS, progress: served }));
    let events = 0;
    const run = startClient({ url: server.url('/big'), reconnect: false, idleTimeoutMs: 200 }, (record, client) => {
      if (record.kind === 'event' && ++events === 1) client.pause();
    });
    await run.waitFor((r) => r.kind === 'event');
    await sleep(800);
    const whilePaused = served.bytes;
    const eventsWhilePaused = events;
    run.client.resume();
    await run.client.done;
    printFigures('core pause() for 800 ms', { 'served while paused': mib(whilePaused), 'events while paused': eventsWhilePaused, 'stream bytes': mib(served.bytes) });
    assert.ok(whilePaused < served.bytes / 2, `served ${mib(whilePaused)} of ${mib(served.bytes)} while paused`);
    const shapes = run.records.map(shape);
    const event = `event message ${JSON.stringify(data)} last= size=${data.length}`;
    assert.deepEqual(shapes, ['connecting 0', 'open 200', ...Array.from({ length: EVENTS }, () => event), 'closed ended']);
  });
});
