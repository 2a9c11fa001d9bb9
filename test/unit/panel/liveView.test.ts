import * as assert from 'node:assert/strict';
import { RecordLog } from '../../../src/panel/recordLog';
import { LiveView, OUTRUN_FRAME_FACTOR, PARTIAL_FRAME_PATIENCE_MS } from '../../../src/panel/liveView';
import type { SliceScheduler } from '../../../src/panel/viewIndex';
import { FakeClock } from './fakeClock';
import { DEFAULT_FILTER, MAX_TYPE_CHIPS, type ConnectionStats, type HostToWebview, type ViewFrame } from '../../../src/shared/protocol';
import type { StreamRecord } from '../../../src/shared/records';

const STATS: ConnectionStats = { phase: 'open', events: 0, comments: 0, bytes: 0, reconnects: 0, eventsPerSecond: 0, dropped: 0 };

function event(seq: number, type = 'message', data = `data ${seq}`): StreamRecord {
  return { kind: 'event', seq, time: seq, type, data, lastEventId: '', size: data.length };
}

function setup(capacity = 1000, options: { budgetRows?: number; bytes?: number; clock?: FakeClock } = {}) {
  const clock = options.clock ?? new FakeClock();
  const log = new RecordLog(capacity);
  const sent: HostToWebview[] = [];
  const live = new LiveView({
    log,
    post: (m) => sent.push(m),
    stats: () => STATS,
    timers: clock,
    scheduler: clock,
    frameMs: 16,
    budget: { rows: options.budgetRows ?? 400, bytes: options.bytes ?? 512 * 1024, clipChars: 100 },
  });
  const add = (record: StreamRecord): void => {
    log.push(record);
    live.recordAdded(record);
  };
  const frames = (): ViewFrame[] => sent.filter((m): m is ViewFrame => m.type === 'frame');
  live.start({ type: 'init', session: { id: 'x', title: 'x', url: 'u', mode: 'live', method: 'GET', requestHeaders: {} }, stats: STATS, maxEvents: capacity });
  return { clock, log, live, sent, add, frames };
}

describe('LiveView (host half of the live view)', () => {
  it('sends one frame per interval with counters and the newest rows, and none before the ack (coalescing)', () => {
    const { clock, live, add, frames } = setup();
    clock.tick(16);
    assert.equal(frames().length, 1, 'the first frame goes after one interval');
    live.receive({ type: 'viewport', from: 0, to: 20, following: true });
    for (let i = 1; i <= 5000; i++) add(event(i));
    clock.tick(1000);
    assert.equal(frames().length, 1, 'no ack: nothing more is sent, however long it waits');
    live.receive({ type: 'ack', frame: 1 });
    clock.tick(16);
    assert.equal(frames().length, 2, 'the ack lets exactly one coalesced frame go');
    const frame = frames()[1];
    assert.equal(frame.kept, 1000);
    assert.equal(frame.endPos, 5000);
    assert.equal(frame.viewLength, 1000);
    assert.equal(frame.viewBase, 4000, 'the log trimmed 4000 from the view');
    assert.deepEqual(frame.types, [['message', 1000]]);
    assert.equal(frame.tail?.rows.length, 40, 'the viewport and a margin, not 5000 rows');
    assert.equal(frame.tail?.rows.at(-1)?.record.seq, 5000, 'the newest');
    assert.equal(frame.tail?.skipped, 960, 'the gap before the tail is marked');
    assert.equal(frame.tail?.from, 4960);
    assert.equal(live.gaps.rows, 960);
  });

  it('ignores an ack for a frame it has not sent (one from before a new start), so its frames still go', () => {
    const { clock, live, add, frames } = setup();
    clock.tick(16);
    live.receive({ type: 'ack', frame: 1 });
    add(event(1));
    clock.tick(16);
    assert.equal(frames().length, 2);
    // The webview starts over (a second init); the ack for the old frame 2 arrives afterwards.
    live.start({ type: 'init', session: { id: 'x', title: 'x', url: 'u', mode: 'live', method: 'GET', requestHeaders: {} }, stats: STATS, maxEvents: 1000 });
    live.receive({ type: 'ack', frame: 2 });
    clock.tick(16);
    assert.equal(frames().length, 3, 'the new start sends its first frame');
    assert.equal(frames()[2].frame, 1);
    live.receive({ type: 'ack', frame: 1 });
    add(event(2));
    clock.tick(16);
    assert.equal(frames().length, 4, 'and goes on once that frame is acked');
  });

  it('sends a lone event after a quiet spell at once, and a steady stream at most once per interval', () => {
    const { clock, live, add, frames } = setup();
    clock.tick(16);
    live.receive({ type: 'ack', frame: 1 });
    clock.tick(500);
    add(event(1));
    clock.tick(0);
    assert.equal(frames().length, 2, 'after a quiet spell the frame goes in the next turn, not an interval later');
    assert.equal(frames()[1].tail?.rows.at(-1)?.record.seq, 1);
    live.receive({ type: 'ack', frame: 2 });
    add(event(2));
    clock.tick(10);
    assert.equal(frames().length, 2, 'within an interval of the last frame, the next one waits');
    clock.tick(6);
    assert.equal(frames().length, 3, 'and goes when the interval is over');
    assert.equal(frames()[2].tail?.rows.at(-1)?.record.seq, 2);
  });

  it('lowers the frame rate while the stream outruns the screen, and goes back once it does not', () => {
    const { clock, live, add, frames } = setup(10_000);
    live.receive({ type: 'viewport', from: 0, to: 20, following: true });
    clock.tick(16);
    let seq = 0;
    const ackLast = () => live.receive({ type: 'ack', frame: frames().at(-1)!.frame });
    ackLast();
    // 100 rows per 4 ms: every frame's tail skips rows.
    const sentAt: number[] = [];
    for (let t = 0; t < 1200; t += 4) {
      const before = frames().length;
      for (let i = 0; i < 100; i++) add(event(++seq));
      clock.tick(4);
      if (frames().length > before) {
        sentAt.push(clock.now());
        ackLast();
      }
    }
    const gaps = sentAt.slice(2).map((at, i) => at - sentAt[i + 1]);
    assert.ok(gaps.length > 3 && gaps.every((gap) => gap >= 16 * OUTRUN_FRAME_FACTOR), `frames ${gaps.join(', ')} ms apart`);
    assert.ok(frames().at(-1)!.tail!.skipped > 0);
    // A trickle again: once a frame held every new row, the next may go one interval after the last.
    clock.tick(16 * OUTRUN_FRAME_FACTOR);
    ackLast();
    add(event(++seq));
    clock.tick(16 * OUTRUN_FRAME_FACTOR);
    ackLast();
    assert.equal(frames().at(-1)!.tail?.skipped, 0, 'this frame held every new row');
    add(event(++seq));
    const before = frames().length;
    clock.tick(16);
    assert.equal(frames().length, before + 1, 'back to one interval');
  });

  it('keeps each frame within the byte budget, newest rows first, and clips long data', () => {
    const { clock, live, add, frames } = setup(1000, { bytes: 2000 });
    live.receive({ type: 'viewport', from: 0, to: 100, following: true });
    for (let i = 1; i <= 50; i++) add(event(i, 'message', 'x'.repeat(500)));
    clock.tick(16);
    const tail = frames()[0].tail!;
    assert.ok(tail.rows.length >= 1 && tail.rows.length <= 8, `rows ${tail.rows.length}`);
    assert.equal(tail.rows.at(-1)?.record.seq, 50);
    const rec = tail.rows[0].record;
    assert.ok(rec.kind === 'event' && rec.data.length === 100 && tail.rows[0].clipped === true, 'data cut to clipChars, marked');
    assert.equal(rec.kind === 'event' && rec.size, 500, 'the real size stays');
  });

  it('answers a fetch with the rows of any range, and a detail request with the whole record', () => {
    const { clock, live, add, sent } = setup(1000);
    for (let i = 1; i <= 300; i++) add(event(i, i % 2 ? 'odd' : 'even', i === 7 ? 'y'.repeat(500) : `d${i}`));
    clock.tick(16);
    live.receive({ type: 'fetch', from: 10, to: 15, filterVersion: 0 });
    const rows = sent.at(-1);
    assert.equal(rows?.type, 'rows');
    assert.deepEqual(rows?.type === 'rows' && rows.rows.map((r) => r.record.seq), [11, 12, 13, 14, 15]);
    live.receive({ type: 'fetch', from: 0, to: 5, filterVersion: 3 });
    assert.equal(sent.at(-1), rows, 'a fetch for another filter version is not answered');
    live.receive({ type: 'detail', pos: 6 });
    const detail = sent.at(-1);
    assert.ok(detail?.type === 'detail' && detail.record?.kind === 'event' && detail.record.data.length === 500);
  });

  it('finds a record by seq for a link whose row the webview does not hold', () => {
    const { clock, live, add, sent } = setup(100);
    for (let i = 1; i <= 250; i++) add(event(i));
    clock.tick(16);
    live.receive({ type: 'detailOfSeq', seq: 200 });
    const found = sent.at(-1);
    assert.ok(found?.type === 'detail' && found.record?.seq === 200, 'answered with the record');
    assert.equal(found?.type === 'detail' && found.pos, 199);
    const count = sent.length;
    live.receive({ type: 'detailOfSeq', seq: 20 });
    assert.equal(sent.length, count, 'a record the log let go is not answered');
  });

  it('filters over all kept records on the host, and the view counts ordinals from the new filter', () => {
    const { clock, live, add, frames } = setup(1000);
    for (let i = 1; i <= 300; i++) add(event(i, i % 3 === 0 ? 'tick' : 'message'));
    clock.tick(16);
    live.receive({ type: 'ack', frame: 1 });
    live.receive({ type: 'filterChanged', filter: { ...DEFAULT_FILTER, hiddenTypes: ['message'] } });
    const frame = frames().at(-1)!;
    assert.equal(frames().length, 2, 'a filter change is answered at once, not after the interval');
    assert.equal(frame.filterVersion, 1);
    assert.equal(frame.viewLength, 100);
    assert.equal(frame.viewBase, 0);
    assert.ok(frame.tail!.rows.every((r) => r.record.kind === 'event' && r.record.type === 'tick'));
  });

  it('runs a long search in slices with progress, and a new filter drops it at once', () => {
    const clock = new FakeClock();
    const { live, add, frames } = setup(100_000, { clock });
    // A needle in every block of the log, so that the scan cannot pass over any (RecordLog).
    for (let i = 1; i <= 20_000; i++) add(event(i, 'message', i % 250 === 0 ? 'needle' : 'hay'));
    clock.tick(16);
    live.receive({ type: 'ack', frame: 1 });
    // Each test "costs" a millisecond of the fake clock: the 8 ms budget stops the slice early.
    const realNow = clock.now.bind(clock);
    clock.now = () => (clock.time += 0.25);
    const before = frames().length;
    live.receive({ type: 'filterChanged', filter: { ...DEFAULT_FILTER, search: 'needle' } });
    assert.equal(frames().length, before, 'no half answer while the scan may still end soon');
    assert.ok(clock.pendingSlices === 1, 'the rest waits for later slices');
    clock.tick(PARTIAL_FRAME_PATIENCE_MS);
    const first = frames().at(-1)!;
    assert.equal(frames().length, before + 1, 'past the patience, frames show the scan half done');
    assert.ok(first.searching !== undefined && first.searching < 0.01, `progress ${first.searching}`);
    live.receive({ type: 'ack', frame: first.frame });
    for (let i = 0; i < 50; i++) clock.runSlice();
    assert.ok((live.index.progress ?? 1) > 0 && (live.index.progress ?? 1) < 1, 'still running after 50 slices');
    live.receive({ type: 'filterChanged', filter: { ...DEFAULT_FILTER, search: 'needl' } });
    assert.equal(clock.pendingSlices, 1, 'the old scan was dropped: one scan pending, the new one');
    clock.now = realNow;
    while (clock.runSlice()) {
      /* run the new scan to the end */
    }
    assert.equal(live.index.progress, undefined);
    assert.equal(live.index.viewLength, 80);
    live.receive({ type: 'ack', frame: frames().at(-1)!.frame });
    clock.tick(16);
    const done = frames().at(-1)!;
    assert.equal(done.searching, undefined);
    assert.equal(done.viewLength, 80);
    assert.equal(done.filterVersion, 2);
  });

  it('answers a scan that ends within the patience in one frame, not in halves', () => {
    const clock = new FakeClock();
    const { live, add, frames } = setup(1000, { clock });
    for (let i = 1; i <= 400; i++) add(event(i, 'message', i % 100 === 0 ? 'needle' : 'hay'));
    clock.tick(16);
    live.receive({ type: 'ack', frame: 1 });
    const before = frames().length;
    const realNow = clock.now.bind(clock);
    // Slow records: the scan needs several slices, about 50 ms of the fake clock in all.
    clock.now = () => (clock.time += 0.5);
    live.receive({ type: 'filterChanged', filter: { ...DEFAULT_FILTER, search: 'needle' } });
    assert.ok(clock.pendingSlices > 0, 'the scan goes on in later slices');
    while (clock.runSlice()) {
      /* run the scan to the end */
    }
    clock.now = realNow;
    assert.ok(clock.time < PARTIAL_FRAME_PATIENCE_MS, `the scan took ${clock.time} ms of the fake clock`);
    const answers = frames().slice(before);
    assert.equal(answers.length, 1, 'one frame: the whole answer');
    assert.equal(answers[0].searching, undefined);
    assert.equal(answers[0].viewLength, 4);
  });

  it('keeps type counts and the view in step with the log as it trims', () => {
    const { live, add, log } = setup(10);
    for (let i = 1; i <= 25; i++) add(event(i, i <= 20 ? 'a' : 'b'));
    assert.deepEqual([...live.index.types], [['a', 5], ['b', 5]]);
    assert.equal(live.index.viewBase, 15);
    assert.equal(live.index.viewLength, 10);
    assert.equal(live.index.posAt(15), 15);
    log.clear();
    live.cleared();
    assert.equal(live.index.viewLength, 0);
    assert.deepEqual([...live.index.types], []);
  });

  it('names at most MAX_TYPE_CHIPS types per frame (hidden ones always), and forgets types whose events all left', () => {
    const { clock, live, add, frames } = setup(1000);
    live.receive({ type: 'filterChanged', filter: { ...DEFAULT_FILTER, hiddenTypes: ['t-150'] } });
    clock.tick(16);
    live.receive({ type: 'ack', frame: frames().at(-1)!.frame });
    for (let i = 1; i <= 200; i++) add(event(i, `t-${i}`));
    clock.tick(16);
    const first = frames().at(-1)!;
    assert.equal(first.types.length, MAX_TYPE_CHIPS + 1, 'the first 100, and the hidden t-150');
    assert.deepEqual(first.types.at(-1), ['t-150', 1]);
    assert.equal(first.moreTypes, 99);
    for (let i = 201; i <= 1200; i++) add(event(i, 'tick'));
    assert.deepEqual([...live.index.types], [['t-150', 0], ['tick', 1000]], 'the hidden type stays at 0 for its toggle; the rest went');
    live.receive({ type: 'filterChanged', filter: { ...DEFAULT_FILTER } });
    assert.deepEqual([...live.index.types], [['tick', 1000]], 'shown again, it has nothing to count');
    live.receive({ type: 'ack', frame: frames().at(-1)!.frame });
    clock.tick(16);
    assert.equal(frames().at(-1)!.moreTypes, undefined);
  });

  it('sends nothing while the webview is gone, and starts over when it is back', () => {
    const { clock, live, add, frames, sent } = setup();
    live.stop();
    for (let i = 1; i <= 100; i++) add(event(i));
    clock.tick(500);
    assert.equal(sent.length, 1, 'only the init from before');
    live.start({ type: 'init', session: { id: 'x', title: 'x', url: 'u', mode: 'live', method: 'GET', requestHeaders: {} }, stats: STATS, maxEvents: 1000 });
    clock.tick(16);
    assert.equal(frames().length, 1);
    assert.equal(frames()[0].frame, 1);
    assert.equal(frames()[0].viewLength, 100);
  });
});

describe('catastrophic regex search', function () {
  this.timeout(60_000);
  it('(a+)+$ over 100,000 records runs in slices that yield, and the next keystroke drops it', () => {
    const log = new RecordLog(100_000);
    const sent: HostToWebview[] = [];
    const pending: Array<() => void> = [];
    const scheduler: SliceScheduler = { later: (run) => (pending.push(run), () => void pending.splice(pending.indexOf(run), 1)), now: () => performance.now() };
    const live = new LiveView({ log, post: (m) => sent.push(m), stats: () => STATS, scheduler });
    live.start({ type: 'init', session: { id: 'x', title: 'x', url: 'u', mode: 'live', method: 'GET', requestHeaders: {} }, stats: STATS, maxEvents: 100_000 });
    // Runs of 'a' that end in 'b': each test backtracks for a while (2^16 steps), none for ever;
    // all of them take far longer than one 8 ms slice on any machine.
    const evil = `${'a'.repeat(16)}b`;
    for (let i = 1; i <= 100_000; i++) {
      const rec = event(i, 'message', i % 10 === 0 ? evil : `{"seq":${i}}`);
      log.push(rec);
      live.recordAdded(rec);
    }
    live.receive({ type: 'filterChanged', filter: { ...DEFAULT_FILTER, regex: true, search: '(a+)+$' } });
    // The first slice returned (the caller's event loop is free) with the rest left for later.
    assert.equal(pending.length, 1, 'the scan yields after its slice');
    for (let i = 0; i < 3; i++) pending.shift()!();
    const progress = live.index.progress;
    assert.ok(progress !== undefined && progress > 0 && progress < 1, `still scanning after 4 slices: ${progress}`);
    assert.ok(!sent.some((m) => m.type === 'frame' && m.searching !== undefined), 'no half answer before the patience ran out');
    // A keystroke drops it at once: one scan pending, the new one.
    live.receive({ type: 'filterChanged', filter: { ...DEFAULT_FILTER, search: 'seq' } });
    assert.equal(live.index.filter.search, 'seq');
    assert.ok(pending.length <= 1, 'only the new scan is pending');
    while (pending.length > 0) pending.shift()!();
    assert.equal(live.index.viewLength, 90_000);
    live.dispose();
  });

  it('looks at the clock less often while records test fast (each look costs as much as a few tests)', () => {
    const log = new RecordLog(100_000);
    let looks = 0;
    const pending: Array<() => void> = [];
    const scheduler: SliceScheduler = { later: (run) => (pending.push(run), () => void pending.splice(pending.indexOf(run), 1)), now: () => (looks++, performance.now()) };
    const live = new LiveView({ log, post: () => undefined, stats: () => STATS, scheduler });
    live.start({ type: 'init', session: { id: 'x', title: 'x', url: 'u', mode: 'live', method: 'GET', requestHeaders: {} }, stats: STATS, maxEvents: 100_000 });
    for (let i = 1; i <= 100_000; i++) {
      const rec = event(i, i % 2 ? 'tick' : 'message');
      log.push(rec);
      live.recordAdded(rec);
    }
    looks = 0;
    live.receive({ type: 'filterChanged', filter: { ...DEFAULT_FILTER, hiddenTypes: ['tick'] } });
    while (pending.length > 0) pending.shift()!();
    assert.equal(live.index.viewLength, 50_000);
    assert.ok(looks < 2_000, `${looks} looks at the clock for 100,000 records (one per 4 would be 25,000)`);
    live.dispose();
  });
});
