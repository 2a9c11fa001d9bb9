/**
 * The webview's previews of a filter's newest rows (src/webview/filterPreview.ts), against the
 * real host half: a LiveView over a real log talks to a ViewWindow, message by message, on a fake
 * clock. Whenever the webview shows a preview, its rows must be exactly the newest rows of the
 * view the host would give for that filter over the log (computed here from the whole records).
 */
import * as assert from 'node:assert/strict';
import { RecordLog } from '../../../src/panel/recordLog';
import { LiveView } from '../../../src/panel/liveView';
import { CompiledFilter, toggleHiddenType } from '../../../src/shared/filter';
import { DEFAULT_FILTER, type ConnectionStats, type HostToWebview, type ViewFilter, type WebviewToHost } from '../../../src/shared/protocol';
import type { StreamRecord } from '../../../src/shared/records';
import { ViewWindow } from '../../../src/webview/viewWindow';
import { FakeClock } from '../panel/fakeClock';
import { filteredPositions } from '../panel/viewOracle';
import { seededRandom } from '../../support/seededRandom';

const STATS: ConnectionStats = { phase: 'open', events: 0, comments: 0, bytes: 0, reconnects: 0, eventsPerSecond: 0, dropped: 0 };
const SCREEN = 20;
const CLIP = 60;

const WORDS = ['alpha', 'beta', 'gamma', 'needle', 'hay', 'Needle', 'αβγ'];

function makeRecord(seq: number, rnd: () => number): StreamRecord {
  const roll = rnd();
  if (roll < 0.05) return { kind: 'comment', seq, time: seq, text: `keep-alive ${WORDS[seq % WORDS.length]}` };
  const words = Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => WORDS[Math.floor(rnd() * WORDS.length)]);
  // Some data longer than the wire's clip, with a word only past the cut.
  const data = roll > 0.93 ? `${'x'.repeat(CLIP + 5)} ${words.join(' ')}` : words.join(' ');
  const type = ['tick', 'price', 'message'][Math.floor(rnd() * 3)];
  return { kind: 'event', seq, time: seq, type, data, lastEventId: '', size: data.length };
}

/** The host half and the webview's window, wired the way the panel wires them. */
function connect(capacity: number) {
  const clock = new FakeClock();
  const log = new RecordLog(capacity);
  const toWebview: HostToWebview[] = [];
  const toHost: WebviewToHost[] = [];
  const live = new LiveView({ log, post: (m) => toWebview.push(m), stats: () => STATS, timers: clock, scheduler: clock, frameMs: 16, budget: { rows: 400, bytes: 512 * 1024, clipChars: CLIP } });
  const window = new ViewWindow((m) => toHost.push(m));
  window.hostFilter(DEFAULT_FILTER);
  live.start({ type: 'init', session: { id: 'x', title: 'x', url: 'u', mode: 'live', method: 'GET', requestHeaders: {} }, stats: STATS, maxEvents: capacity });
  /** What the table does after a paint: follows the newest rows on a screen of SCREEN rows. */
  const render = (): void => {
    const n = window.cache.length;
    window.rendered({ first: Math.max(0, n - SCREEN - 5), last: n, firstVisible: Math.max(0, n - SCREEN), lastVisible: Math.max(0, n - 1), following: true });
  };
  /** Delivers messages both ways and runs timers and scan slices until all is quiet. */
  const settle = (): void => {
    for (let round = 0; round < 1000; round++) {
      while (toHost.length > 0) live.receive(toHost.shift()!);
      let moved = false;
      while (toWebview.length > 0) {
        moved = true;
        const m = toWebview.shift()!;
        if (m.type === 'frame') {
          toHost.push({ type: 'ack', frame: m.frame });
          window.applyFrame(m);
        } else if (m.type === 'rows') window.applyRows(m);
        else if (m.type === 'cleared') window.reset();
        render();
      }
      while (clock.runSlice()) moved = true;
      clock.tick(200);
      if (!moved && toHost.length === 0 && toWebview.length === 0 && clock.pendingSlices === 0) return;
    }
    throw new Error('the two halves never settled');
  };
  const add = (record: StreamRecord): void => {
    log.push(record);
    live.recordAdded(record);
  };
  return { log, live, window, settle, add, render, toHost };
}

/** Log positions of the rows the webview holds, in view order. */
function heldPositions(window: ViewWindow): number[] {
  const out: number[] = [];
  for (let i = 0; i < window.cache.length; i++) {
    const row = window.cache.at(i);
    if (row) out.push(row.pos);
  }
  return out;
}

function nextFilter(filter: ViewFilter, rnd: () => number): ViewFilter {
  const roll = rnd();
  if (roll < 0.35) return toggleHiddenType(filter, ['tick', 'price', 'message'][Math.floor(rnd() * 3)]);
  if (roll < 0.5) return { ...filter, showComments: !filter.showComments };
  if (roll < 0.6) return { ...filter, caseSensitive: !filter.caseSensitive };
  // Typing on or deleting, in a word the data may hold.
  const word = 'needle';
  const length = filter.search.length;
  const grow = rnd() < 0.55 ? length + 1 : length - 1;
  return { ...filter, search: word.slice(0, Math.max(0, Math.min(word.length, grow))) };
}

describe('webview filter previews (against the host half)', () => {
  it('shows the newest rows of a narrowed view at once, and the host answer replaces them with the same rows', () => {
    const { window, settle, add, toHost } = connect(1000);
    // Every third is a tick (positions 2, 5, 8...); the screen is known before most arrive.
    const tick = (seq: number): StreamRecord => ({ kind: 'event', seq, time: seq, type: seq % 3 === 0 ? 'tick' : 'price', data: `d${seq}`, lastEventId: '', size: 3 });
    for (let seq = 1; seq <= 30; seq++) add(tick(seq));
    settle();
    for (let seq = 31; seq <= 300; seq++) add(tick(seq));
    settle();
    const hidden = toggleHiddenType(DEFAULT_FILTER, 'tick');
    assert.ok(window.filterChanged(hidden, new CompiledFilter(hidden)), 'hiding a type is previewed');
    assert.ok(window.cache.preview && window.busy);
    const preview = heldPositions(window);
    assert.ok(preview.length >= SCREEN);
    assert.ok(preview.every((pos) => pos % 3 !== 2), 'no tick events');
    assert.equal(preview.at(-1), 298, 'ending with the newest price event');
    toHost.push({ type: 'filterChanged', filter: hidden });
    settle();
    assert.ok(!window.cache.preview && !window.busy, "the host's answer replaced the preview");
    assert.equal(window.cache.length, 200);
    assert.deepEqual(heldPositions(window).slice(-preview.length), preview, 'the same newest rows');
  });

  it('waits for the host when the change widens the view on a live stream, when not following, or when a cut row may match', () => {
    const { window, settle, add, toHost } = connect(1000);
    const record = (seq: number): StreamRecord => ({ kind: 'event', seq, time: seq, type: seq % 3 === 0 ? 'tick' : 'price', data: seq === 298 ? `${'x'.repeat(CLIP)} needle` : `d${seq}`, lastEventId: '', size: 3 });
    for (let seq = 1; seq <= 30; seq++) add(record(seq));
    settle();
    for (let seq = 31; seq <= 300; seq++) add(record(seq));
    settle();
    const hidden = toggleHiddenType(DEFAULT_FILTER, 'tick');
    assert.ok(window.filterChanged(hidden, new CompiledFilter(hidden)));
    toHost.push({ type: 'filterChanged', filter: hidden });
    settle();
    add({ kind: 'event', seq: 301, time: 301, type: 'tick', data: 'new', lastEventId: '', size: 3 });
    settle();
    assert.ok(!window.filterChanged(DEFAULT_FILTER, new CompiledFilter(DEFAULT_FILTER)), 'shown again after the log changed: the host answers');
    toHost.push({ type: 'filterChanged', filter: DEFAULT_FILTER });
    settle();
    const search = { ...DEFAULT_FILTER, search: 'needle' };
    assert.ok(!window.filterChanged(search, new CompiledFilter(search)), 'a held row was cut: only the host can tell');
    toHost.push({ type: 'filterChanged', filter: search });
    settle();
    window.rendered({ first: 0, last: 0, firstVisible: 0, lastVisible: 0, following: false });
    const both = toggleHiddenType(search, 'price');
    assert.ok(!window.filterChanged(both, new CompiledFilter(both)), 'not following the newest rows');
  });

  it('shows a view seen lately again at once while the log has not changed (a type shown again, a character deleted)', () => {
    const { window, settle, add, toHost } = connect(1000);
    for (let seq = 1; seq <= 30; seq++) add({ kind: 'event', seq, time: seq, type: 'price', data: `d${seq}`, lastEventId: '', size: 3 });
    settle();
    for (let seq = 31; seq <= 300; seq++) add({ kind: 'event', seq, time: seq, type: seq % 3 ? 'price' : 'tick', data: `d${seq}`, lastEventId: '', size: 3 });
    settle();
    const before = heldPositions(window);
    const hidden = toggleHiddenType(DEFAULT_FILTER, 'tick');
    window.filterChanged(hidden, new CompiledFilter(hidden));
    toHost.push({ type: 'filterChanged', filter: hidden });
    settle();
    assert.ok(window.filterChanged(DEFAULT_FILTER, new CompiledFilter(DEFAULT_FILTER)), 'the wider view was seen, the log is the same');
    assert.deepEqual(heldPositions(window), before.slice(-heldPositions(window).length));
  });

  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    it(`seed ${seed}: every preview over random records and filter changes is the newest part of the host's view`, () => {
      const rnd = seededRandom(seed);
      const capacity = 400 + Math.floor(rnd() * 600);
      const { log, window, settle, add, toHost } = connect(capacity);
      let seq = 0;
      let filter: ViewFilter = DEFAULT_FILTER;
      let previews = 0;
      for (let step = 0; step < 150; step++) {
        // Now and then the stream goes on (more than the log keeps, sometimes).
        if (step === 0 || rnd() < 0.25) {
          const n = step === 0 ? capacity + 50 : Math.floor(rnd() * 40);
          for (let i = 0; i < n; i++) add(makeRecord(++seq, rnd));
          settle();
        }
        const next = nextFilter(filter, rnd);
        if (JSON.stringify(next) === JSON.stringify(filter)) continue;
        filter = next;
        if (window.filterChanged(filter, new CompiledFilter(filter))) {
          previews++;
          const shown = heldPositions(window);
          const all = filteredPositions(log, filter);
          assert.deepEqual(shown, all.slice(all.length - shown.length), `step ${step}: preview of ${JSON.stringify(filter)}`);
          assert.equal(shown.length, window.cache.length, 'a preview holds all its rows');
        } else assert.ok(!window.cache.preview && window.busy, `step ${step}: no preview shown, the host's answer awaited`);
        toHost.push({ type: 'filterChanged', filter });
        // Sometimes the next change comes before the host's answer.
        if (rnd() < 0.8) settle();
      }
      settle();
      const all = filteredPositions(log, filter);
      assert.equal(window.cache.length, all.length, "the host's last answer counts the filter's rows");
      assert.ok(previews > 10, `previews happened (${previews})`);
    });
  }
});
