import * as assert from 'node:assert/strict';
import { keyIntent } from '../../../src/webview/keyNav';
import { PauseBuffer } from '../../../src/webview/pauseBuffer';
import {
  computeLayout,
  isAtBottom,
  MAX_SCROLL_PX,
  poolSizeFor,
  ROW_HEIGHT,
  scrollTopAfterRemoval,
  scrollTopToShow,
} from '../../../src/webview/scrollGeometry';
import { clampDetailWidth, MIN_DETAIL_WIDTH } from '../../../src/webview/splitter';
import type { ViewFrame } from '../../../src/shared/protocol';

describe('webview scroll geometry', () => {
  it('renders the rows under the viewport with overscan, and follows the bottom', () => {
    const pool = poolSizeFor(440);
    const top = computeLayout(1000, 440, 0, false, pool);
    assert.equal(top.ratio, 1);
    assert.equal(top.first, 0);
    assert.equal(top.firstVisible, 0);
    assert.equal(top.lastVisible, 20);
    assert.equal(top.below, 980);
    const bottom = computeLayout(1000, 440, 0, true, pool);
    assert.equal(bottom.top, 1000 * ROW_HEIGHT - 440, 'following ignores the stale scrollTop');
    assert.equal(bottom.lastVisible, 1000);
    assert.equal(bottom.below, 0);
  });

  it('scales past the browser height cap so two million rows scroll end to end', () => {
    const n = 2_000_000;
    const layout = computeLayout(n, 440, MAX_SCROLL_PX - 440, false, poolSizeFor(440));
    assert.equal(layout.physicalHeight, MAX_SCROLL_PX);
    assert.ok(layout.ratio > 1);
    assert.equal(layout.lastVisible, n);
  });

  it('keeps rows in place when rows go above, and scrolls a row into view', () => {
    assert.equal(scrollTopAfterRemoval(22 * 400, 200, 1), 22 * 200);
    assert.equal(scrollTopAfterRemoval(10, 200, 1), 0);
    assert.equal(scrollTopToShow(5, 0, 440, 1), undefined);
    assert.equal(scrollTopToShow(50, 0, 440, 1), 51 * 22 - 440);
    assert.equal(scrollTopToShow(2, 22 * 10, 440, 1), 44);
    assert.ok(isAtBottom(1000 - 440, 440, 1000));
    assert.ok(!isAtBottom(100, 440, 1000));
  });
});

describe('webview key navigation', () => {
  const at = (current: number) => ({ n: 300, current, firstVisible: 40, page: 19 });
  it('moves, pages and jumps within the rows', () => {
    assert.deepEqual(keyIntent('ArrowDown', at(5)), { kind: 'move', index: 6, toEnd: false });
    assert.deepEqual(keyIntent('ArrowUp', at(0)), { kind: 'move', index: 0, toEnd: false });
    assert.deepEqual(keyIntent('ArrowDown', at(-1)), { kind: 'move', index: 40, toEnd: false }, 'nothing selected: first visible');
    assert.deepEqual(keyIntent('PageDown', at(290)), { kind: 'move', index: 299, toEnd: false });
    assert.deepEqual(keyIntent('End', at(3)), { kind: 'move', index: 299, toEnd: true });
    assert.deepEqual(keyIntent('Home', at(3)), { kind: 'move', index: 0, toEnd: false });
    assert.deepEqual(keyIntent('Enter', at(3)), { kind: 'open' });
    assert.deepEqual(keyIntent('Escape', at(3)), { kind: 'dismiss' });
    assert.deepEqual(keyIntent('x', at(3)), { kind: 'none' });
  });
  it('starts from where a row the filter hides would be', () => {
    // -(7)-1: hidden, would sit before row 7.
    assert.deepEqual(keyIntent('ArrowDown', at(-8)), { kind: 'move', index: 7, toEnd: false });
    assert.deepEqual(keyIntent('ArrowUp', at(-8)), { kind: 'move', index: 6, toEnd: false });
  });
});

describe('webview pause buffer and splitter', () => {
  const frame = (endPos: number): ViewFrame => ({
    type: 'frame', frame: 1, kept: endPos, endPos, types: [], filterVersion: 0, viewBase: 0, viewLength: endPos,
    stats: { phase: 'open', events: endPos, comments: 0, bytes: 0, reconnects: 0, eventsPerSecond: 0, dropped: 0 },
  });
  it('counts what arrived while paused and hands over only the newest frame', () => {
    const pause = new PauseBuffer();
    pause.pause(100);
    assert.ok(pause.paused);
    pause.hold(frame(200));
    pause.hold(frame(350));
    assert.equal(pause.pending, 250);
    assert.equal(pause.resume()?.endPos, 350);
    assert.ok(!pause.paused);
    assert.equal(pause.pending, 0);
  });
  it('keeps the detail pane within the panel', () => {
    assert.equal(clampDetailWidth(300, 500, 450, 1200), 350);
    assert.equal(clampDetailWidth(300, 500, 900, 1200), MIN_DETAIL_WIDTH);
    assert.equal(clampDetailWidth(300, 500, -2000, 1200), 960);
  });
});

describe('webview pause buffer tails', () => {
  const row = (pos: number) => ({ pos, record: { kind: 'comment' as const, seq: pos + 1, time: 0, text: String(pos) } });
  const frame = (endPos: number, from: number, count: number): ViewFrame => ({
    type: 'frame', frame: 1, kept: endPos, endPos, types: [], filterVersion: 0, viewBase: 0, viewLength: endPos,
    stats: { phase: 'open', events: endPos, comments: 0, bytes: 0, reconnects: 0, eventsPerSecond: 0, dropped: 0 },
    tail: { from, rows: Array.from({ length: count }, (_, i) => row(from + i)), skipped: 0 },
  });
  it('joins the tails of held frames, newest kept, so resume shows them at once', () => {
    const pause = new PauseBuffer();
    pause.pause(0);
    pause.hold(frame(10, 0, 10));
    pause.hold(frame(15, 10, 5));
    const joined = pause.resume()?.tail;
    assert.equal(joined?.from, 0);
    assert.deepEqual(joined?.rows.map((r) => r.pos), Array.from({ length: 15 }, (_, i) => i));
    pause.pause(15);
    pause.hold(frame(20, 15, 5));
    pause.hold(frame(30, 20, 10), 8);
    const cut = pause.resume()?.tail;
    assert.equal(cut?.from, 22);
    assert.equal(cut?.rows.length, 8);
  });
});
