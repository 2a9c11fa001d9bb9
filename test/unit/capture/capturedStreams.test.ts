import assert from 'node:assert/strict';
import { CapturedStreams } from '../../../src/capture/capturedStreams';
import { setupHints } from '../../../src/capture/setupHints';
import type { CaptureFileRecord } from '../../../src/shared/records';

const capture = (stream: number, contentType: string): CaptureFileRecord => ({
  kind: 'capture', seq: stream * 10, time: 1, stream, method: 'GET', url: `http://up/${stream}`, status: 200, contentType, requestHeaders: { a: 'b' }, headers: {},
});

describe('captured streams (the list and the viewer records)', () => {
  it('keeps each stream apart, shows capture as connecting, counts events, marks done', () => {
    const streams = new CapturedStreams(100);
    streams.add(capture(1, 'text/event-stream; charset=utf-8'));
    streams.add(capture(2, 'application/json'));
    streams.add({ kind: 'event', seq: 11, time: 2, stream: 1, type: 'message', data: 'x', lastEventId: '', size: 1 });
    streams.add({ kind: 'closed', seq: 12, time: 3, stream: 1, reason: 'ended', message: 'm' });
    const one = streams.get(1)!;
    assert.equal(one.isEventStream, true);
    assert.equal(one.events, 1);
    assert.equal(one.done, true);
    assert.deepEqual(one.records[0], { kind: 'connecting', seq: 10, time: 1, stream: 1, url: 'http://up/1', method: 'GET', requestHeaders: { a: 'b' }, attempt: 0 });
    assert.equal(streams.get(2)!.isEventStream, false);
    assert.equal(streams.eventStreamCount, 1);
    assert.deepEqual(streams.list().map((s) => s.stream), [2, 1], 'newest first');
  });

  it('stays bounded: records per stream (the first kept) and streams in the list', () => {
    const streams = new CapturedStreams(3, 2);
    streams.add(capture(1, 'text/event-stream'));
    for (let i = 0; i < 10; i++) streams.add({ kind: 'comment', seq: 20 + i, time: 1, stream: 1, text: String(i) });
    assert.deepEqual(streams.get(1)!.records.map((r) => r.kind === 'comment' ? r.text : r.kind), ['connecting', '8', '9']);
    streams.add(capture(2, 'text/plain'));
    streams.add(capture(3, 'text/plain'));
    assert.equal(streams.get(1), undefined);
    assert.deepEqual(streams.list().map((s) => s.stream), [3, 2]);
  });

  it('a gap the inspector skipped (INSPECTOR_SKIPPED) is counted and does not end the stream; a real error does', () => {
    const streams = new CapturedStreams(100);
    streams.add(capture(1, 'text/event-stream'));
    const skipped = (seq: number, bytes: number): CaptureFileRecord => ({
      kind: 'error', seq, time: 2, stream: 1, code: 'INSPECTOR_SKIPPED', willReconnect: false,
      message: `The inspector fell behind and skipped ${bytes} bytes of this stream here; the client received every byte unchanged.`,
    });
    streams.add(skipped(11, 65536));
    streams.add({ kind: 'event', seq: 12, time: 3, stream: 1, type: 'message', data: 'after the gap', lastEventId: '', size: 13 });
    streams.add(skipped(13, 1000));
    const one = streams.get(1)!;
    assert.equal(one.done, false, 'the stream goes on after a gap');
    assert.equal(one.skippedBytes, 66536);
    assert.equal(one.events, 1);
    assert.deepEqual(one.records.map((r) => r.kind), ['connecting', 'error', 'event', 'error'], 'the gaps stay in the viewer records, where they happened');
    streams.add({ kind: 'error', seq: 14, time: 4, stream: 1, code: 'ECONNRESET', message: 'reset', willReconnect: false });
    assert.equal(one.done, true);
  });

  it('setup hints point each setup at the proxy', () => {
    const hints = setupHints('http://127.0.0.1:8080', 'https://api.openai.com/');
    assert.equal(hints[0].text, 'OPENAI_BASE_URL=http://127.0.0.1:8080/v1');
    assert.equal(setupHints('http://127.0.0.1:8080', 'https://api.openai.com/v1')[0].text, 'OPENAI_BASE_URL=http://127.0.0.1:8080');
    assert.deepEqual(hints.map((h) => h.label.split(' ')[0]), ['OpenAI', 'Vite', 'Next.js', 'NestJS']);
    for (const hint of hints.slice(1)) assert.ok(hint.text.includes('http://127.0.0.1:8080'), hint.text);
  });
});
