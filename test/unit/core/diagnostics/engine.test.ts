import assert from 'node:assert/strict';
import { bytes, splits } from '../streamHarness';
import { codesOf, lint } from './lintHarness';
import { StreamWatch } from '../../../../src/core/diagnostics/streamWatch';
import { DiagnosticsEngine, closestField } from '../../../../src/core/diagnostics/engine';
import { BURST_EVENTS, NO_EVENTS_MS } from '../../../../src/core/diagnostics/codes';
import type { DiagnosticRecord, OpenRecord } from '../../../../src/shared/records';

/** Asserts that every way of cutting `input` into chunks reports exactly `codes` (each once). */
function expectCodes(input: string | Uint8Array, codes: string[]): void {
  for (const { label, chunks } of splits(input)) {
    const got = codesOf(lint(chunks)).sort();
    assert.deepEqual(got, [...codes].sort(), `${JSON.stringify(Buffer.from(bytes(input)).toString('latin1'))} (${label})`);
  }
}

/** The part of the parse corpus that is clean: nothing to say about any of it, however it is cut. */
const CLEAN_STREAMS = [
  'data: hello\n\n',
  ': heartbeat\n\ndata: a\ndata: b\n\n',
  'event: tick\nid: 7\ndata: {"n":1}\n\n',
  'retry: 3000\ndata: x\n\n',
  'data\n\ndata:\n\ndata:  two spaces\n\n',
  'id: 1\n\nid\n\ndata: after id-only blocks\n\n',
  'data: a\r\ndata: b\r\n\r\n',
  'event: é\ndata: 日本語 🎉 \uFFFD literal replacement character\n\n',
  ':\n:comment without space\nevent\ndata: x\n\n',
  'data: x\n\n\n\n',
];

describe('DiagnosticsEngine on the bytes of a stream (every chunking)', () => {
  it('says nothing about clean streams', () => {
    for (const input of CLEAN_STREAMS) expectCodes(input, []);
  });

  it('bom: one leading BOM (stripped), two (the first field breaks)', () => {
    expectCodes('\uFEFFdata: a\n\n', ['bom']);
    expectCodes('\uFEFF\uFEFFdata: a\n\ndata: b\n\n', ['bom', 'unknown-field']);
    const two = lint([bytes('\uFEFF\uFEFFdata: a\n\n')]).diagnostics.find((d) => d.code === 'bom')!;
    assert.match(two.message, /two BOMs/);
    // A U+FEFF later in the stream is text, not a BOM.
    expectCodes('data: \uFEFFa\n\n', []);
  });

  it('cr-line-endings: CR alone, also at the very end and across a cut; CRLF is fine', () => {
    expectCodes('data: a\rdata: b\r\r', ['cr-line-endings']);
    expectCodes('data: a\n\r', ['cr-line-endings']);
    expectCodes('data: a\r\n\r\ndata: b\r\n\r\n', []);
  });

  it('invalid-utf8: a bad byte, a cut sequence at the end; a character split by a chunk is fine', () => {
    expectCodes(Buffer.from([...Buffer.from('data: a'), 0xff, ...Buffer.from('\n\n')]), ['invalid-utf8']);
    expectCodes(Buffer.from([...Buffer.from('data: a\n\n'), 0xe6, 0x97]), ['invalid-utf8']);
    expectCodes('data: 日本 🎉\n\n', []);
  });

  it('unknown-field: misspelt and wrongly cased names, with the line, however the line is cut', () => {
    expectCodes('evnet: tick\ndata: x\n\n', ['unknown-field']);
    expectCodes('Data: x\n\ndata: y\n\n', ['unknown-field']);
    expectCodes('data: x\nfoo\n\n', ['unknown-field']);
    const d = lint([bytes('evnet: tick\ndata: x\n\n')]).diagnostics[0];
    assert.match(d.message, /"evnet: tick"/);
    assert.match(d.message, /did you mean "event"/);
    assert.equal(closestField('Data'), 'data');
    assert.equal(closestField('retyr'), 'retry');
    assert.equal(closestField('zzz'), undefined);
  });

  it('invalid-retry and id-with-null', () => {
    expectCodes('retry: 1s\ndata: x\n\n', ['invalid-retry']);
    expectCodes('id: a\u0000b\ndata: x\n\n', ['id-with-null']);
    // NUL in data is only data.
    expectCodes('data: a\u0000b\n\n', []);
  });

  it('unterminated-event: the stream ends inside an event (not after a complete one or a comment)', () => {
    expectCodes('data: a\n\ndata: b\n', ['unterminated-event']);
    expectCodes('data: a\n\ndata: b', ['unterminated-event']);
    expectCodes('data: a\n\n: bye', []);
    expectCodes('data: a\n\nevent: x\n', []);
    const broken = lint([bytes('data: b\n')], { clean: false }).diagnostics[0];
    assert.match(broken.message, /broke off/);
  });

  it('never changes what is dispatched', () => {
    const input = '\uFEFF\uFEFFdata: a\n\nevnet: x\ndata: b\r\rretry: x\nid: 1\u00002\ndata: c\n\n';
    const events = (chunks: Uint8Array[]) => lint(chunks).records.filter((r) => r.kind === 'event').map((r) => (r as { data: string }).data);
    for (const { chunks } of splits(input)) assert.deepEqual(events(chunks), ['b', 'c']);
  });

  it('reports each code once per session, however often it happens', () => {
    const result = lint([bytes('evnet: 1\n\n'), bytes('evnet: 2\n\n'), bytes('retry: a\n\nretry: b\n\n')]);
    assert.deepEqual(codesOf(result), ['unknown-field', 'invalid-retry']);
  });
});

describe('DiagnosticsEngine on response headers', () => {
  const headersCase = (headers: Record<string, string>) => codesOf(lint([bytes('data: x\n\n')], { headers }));

  it('compressed-stream, charset-not-utf8, content-length, no-cache-missing; each points at the open record', () => {
    assert.deepEqual(headersCase({ 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', 'Content-Encoding': 'gzip' }), ['compressed-stream']);
    assert.deepEqual(headersCase({ 'content-type': 'text/event-stream; charset=ISO-8859-1', 'cache-control': 'no-store' }), ['charset-not-utf8']);
    assert.deepEqual(headersCase({ 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'content-length': '9' }), ['content-length']);
    assert.deepEqual(headersCase({ 'content-type': 'text/event-stream', 'cache-control': 'max-age=60' }), ['no-cache-missing']);
    assert.deepEqual(headersCase({ 'content-type': 'text/event-stream' }), ['no-cache-missing']);
    const d = lint([bytes('data: x\n\n')], { headers: { 'content-type': 'text/event-stream', 'content-encoding': 'br' } }).diagnostics;
    assert.ok(d.every((x) => x.seq === 1));
  });

  it('accepts utf-8 however it is spelt, identity encoding and no-cache among other directives', () => {
    assert.deepEqual(headersCase({ 'content-type': 'text/event-stream; charset="UTF-8"', 'cache-control': 'private, no-cache, no-transform', 'content-encoding': 'identity' }), []);
    assert.deepEqual(headersCase({ 'content-type': 'text/event-stream;charset=utf8', 'cache-control': 'no-store' }), []);
  });
});

describe('DiagnosticsEngine timing checks', () => {
  const open = (time: number): OpenRecord => ({ kind: 'open', seq: 1, time, url: 'u', status: 200, statusText: 'OK', headers: { 'cache-control': 'no-cache' }, redirected: false });

  /** The engine alone, and through StreamWatch's fast path for events: both must find the same. */
  function run(chunkTimes: number[], eventsPerChunk: number): DiagnosticRecord[] {
    const results = [false, true].map((viaWatch) => {
      const out: DiagnosticRecord[] = [];
      const watch = viaWatch ? new StreamWatch({ onDiagnostic: (d) => out.push(d) }) : new DiagnosticsEngine((d) => out.push(d));
      watch.record(open(0));
      let seq = 1;
      for (const time of chunkTimes) {
        watch.onChunk(bytes('data: x\n\n'.repeat(eventsPerChunk)), time);
        for (let i = 0; i < eventsPerChunk; i++) watch.record({ kind: 'event', seq: ++seq, time, type: 'message', data: 'x', lastEventId: '', size: 1 });
      }
      if (watch instanceof StreamWatch) watch.dispose();
      return out;
    });
    assert.deepEqual(results[1], results[0], 'StreamWatch finds what the engine finds');
    return results[0];
  }

  it(`buffered-delivery: ${BURST_EVENTS} events within 5 ms after more than 1 s of silence, pointing at the first`, () => {
    const d = run([10, 1500], BURST_EVENTS);
    assert.deepEqual(d.map((x) => x.code), ['buffered-delivery']);
    assert.equal(d[0].seq, 2 + BURST_EVENTS);
    // Spread over several chunks within the window counts too.
    assert.deepEqual(run([1200, 1201, 1202, 1203, 1204], 2).map((x) => x.code), ['buffered-delivery']);
  });

  it('buffered-delivery: not for a steady stream, a slow one, or a burst right after the open', () => {
    assert.deepEqual(run(Array.from({ length: 200 }, (_, i) => i * 2), 5), []);
    assert.deepEqual(run([2000, 4000, 6000], BURST_EVENTS - 1), []);
    assert.deepEqual(run([5, 6], 50), []);
    // Events after a silence but spread out: not a burst.
    assert.deepEqual(run([2000, 2010, 2020, 2030, 2040, 2050, 2060, 2070, 2080, 2090, 2100], 1), []);
  });

  it(`no-events: nothing for ${NO_EVENTS_MS / 1000} s on an open stream, once; not while data flows or after the stream ended`, () => {
    const out: DiagnosticRecord[] = [];
    const engine = new DiagnosticsEngine((d) => out.push(d));
    engine.record(open(0));
    engine.idle(NO_EVENTS_MS - 1);
    assert.equal(out.length, 0);
    engine.onChunk(bytes(': hb\n\n'), NO_EVENTS_MS - 1);
    engine.idle(NO_EVENTS_MS + 10);
    assert.equal(out.length, 0);
    engine.idle(2 * NO_EVENTS_MS);
    engine.idle(3 * NO_EVENTS_MS);
    assert.deepEqual(out.map((d) => d.code), ['no-events']);

    const ended: DiagnosticRecord[] = [];
    const other = new DiagnosticsEngine((d) => ended.push(d));
    other.record(open(0));
    other.onStreamEnd({ time: 10, pendingData: false, clean: true });
    other.idle(10 * NO_EVENTS_MS);
    assert.deepEqual(ended, []);
  });
});
