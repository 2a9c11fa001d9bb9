import * as assert from 'node:assert/strict';
import type { StreamRecord } from '../../../src/shared/records';
import { SessionStats } from '../../../src/panel/sessionStats';

const T0 = 1_700_000_000_000;

function event(seq: number, time: number, size = 10): StreamRecord {
  return { kind: 'event', seq, time, type: 'message', data: 'x'.repeat(size), lastEventId: '', size };
}

describe('SessionStats', () => {
  it('follows the connection through connecting, open, reconnecting and closed', () => {
    let now = T0;
    const stats = new SessionStats(() => now);
    stats.add({ kind: 'connecting', seq: 1, time: T0, url: 'http://x/', method: 'GET', requestHeaders: {}, attempt: 0 });
    assert.equal(stats.snapshot(0).phase, 'connecting');
    stats.add({ kind: 'open', seq: 2, time: T0 + 5, url: 'http://x/', status: 200, statusText: 'OK', headers: {}, redirected: false });
    assert.equal(stats.currentPhase, 'open');
    stats.add(event(3, T0 + 25));
    assert.equal(stats.snapshot(0).timeToFirstEventMs, 25);
    stats.add({ kind: 'error', seq: 4, time: T0 + 30, message: 'ended', code: 'ENDED', willReconnect: true, reconnectInMs: 3000, reconnectAt: T0 + 3030 });
    let snap = stats.snapshot(0);
    assert.equal(snap.phase, 'reconnecting');
    assert.equal(snap.nextAttemptAt, T0 + 3030);
    assert.equal(snap.lastFailure?.message, 'ended');
    stats.add({ kind: 'connecting', seq: 5, time: T0 + 3030, url: 'http://x/', method: 'GET', requestHeaders: {}, attempt: 1 });
    snap = stats.snapshot(0);
    assert.equal(snap.reconnects, 1);
    assert.equal(snap.nextAttemptAt, undefined);
    stats.add({ kind: 'closed', seq: 6, time: T0 + 4000, reason: 'stopped', message: 'Disconnected by you.' });
    now = T0 + 4000;
    snap = stats.snapshot(7);
    assert.equal(snap.phase, 'closed');
    assert.equal(snap.closedMessage, 'Disconnected by you.');
    assert.equal(snap.dropped, 7);
  });

  it('a 204 after a failed attempt ends the session without that failure; Disconnect during the wait keeps it', () => {
    const connecting = (seq: number, attempt: number): StreamRecord => ({ kind: 'connecting', seq, time: T0 + seq, url: 'http://x/', method: 'GET', requestHeaders: {}, attempt });
    const failed: StreamRecord = { kind: 'error', seq: 2, time: T0 + 2, message: 'refused', code: 'ECONNREFUSED', willReconnect: true, reconnectInMs: 3000, reconnectAt: T0 + 3002 };
    for (const [closed, kept] of [
      [{ kind: 'closed', seq: 4, time: T0 + 4, reason: 'no-content', message: 'The server answered 204 No Content' }, false],
      [{ kind: 'closed', seq: 4, time: T0 + 4, reason: 'stopped', message: 'Disconnected by you.' }, true],
    ] as const) {
      const stats = new SessionStats(() => T0);
      for (const record of [connecting(1, 0), failed, connecting(3, 1), closed]) stats.add(record);
      const snap = stats.snapshot(0);
      assert.equal(snap.phase, 'closed');
      assert.equal(snap.closedMessage, closed.message);
      assert.equal(snap.lastFailure?.message, kept ? 'refused' : undefined, closed.reason);
    }
  });

  it('counts every event and its bytes, and events per second over the last second', () => {
    let now = T0;
    const stats = new SessionStats(() => now);
    for (let i = 0; i < 50; i++) stats.add(event(i + 1, T0 + i * 10, 4)); // 50 events within 0.5 s
    stats.add({ kind: 'comment', seq: 51, time: T0 + 500, text: 'heartbeat' });
    now = T0 + 600;
    let snap = stats.snapshot(0);
    assert.equal(snap.events, 50);
    assert.equal(snap.bytes, 200);
    assert.equal(snap.comments, 1);
    assert.equal(snap.eventsPerSecond, 50);
    now = T0 + 5000;
    snap = stats.snapshot(0);
    assert.equal(snap.eventsPerSecond, 0, 'old events leave the rate window');
    assert.equal(snap.events, 50, 'but stay counted');
  });

  it('events per second matches a count of the 100 ms buckets in the last second, however the events come', () => {
    // A naive model: every event's bucket kept; the rate counts those newer than now - 1 s.
    let seed = 7;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    let now = T0;
    const stats = new SessionStats(() => now);
    let buckets: number[] = [];
    let time = T0;
    for (let step = 0; step < 3000; step++) {
      const r = random();
      if (r < 0.01) {
        stats.resetCounters();
        buckets = [];
      } else if (r < 0.05) {
        // A snapshot now and then, also long after the last event (the clock only goes forward).
        now = Math.max(now, time + Math.floor(random() * 1500));
        const oldest = Math.floor((now - 1000) / 100);
        assert.equal(stats.snapshot(0).eventsPerSecond, buckets.filter((b) => b > oldest).length, `step ${step}`);
      } else {
        // Bursts in one bucket, gaps of seconds, and now and then an event a little out of order.
        time += r < 0.1 ? Math.floor(random() * 3000) : r < 0.12 ? -Math.floor(random() * 150) : Math.floor(random() * 40);
        stats.add(event(step + 1, time));
        buckets.push(Math.floor(time / 100));
        now = Math.max(now, time);
      }
    }
  });

  it('clearing resets counters but not the connection state', () => {
    const stats = new SessionStats(() => T0);
    stats.add({ kind: 'open', seq: 1, time: T0, url: 'http://x/', status: 200, statusText: 'OK', headers: {}, redirected: false });
    stats.add(event(2, T0));
    stats.resetCounters();
    const snap = stats.snapshot(0);
    assert.equal(snap.events, 0);
    assert.equal(snap.bytes, 0);
    assert.equal(snap.phase, 'open');
  });
});
