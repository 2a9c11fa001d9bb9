import assert from 'node:assert/strict';
import { bytesToWireText, wireTextToBytes } from '../../../../src/core/diagnostics/wireText';
import { CHUNK_COST, WireCapture } from '../../../../src/core/diagnostics/wireCapture';
import { parseRecording, formatRecordLine } from '../../../../src/core/ndjson';
import type { ChunkRecord, StreamRecord } from '../../../../src/shared/records';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRecordingFile } from '../../../../src/core/recordingReader';
import { AnnotationWindow } from '../../../../src/core/diagnostics/annotationWindow';

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

describe('wire text (ChunkRecord.text)', () => {
  it('keeps valid UTF-8, CR, LF, NUL and a BOM as themselves', () => {
    const text = '\uFEFFdata: 日本 🎉\r\n\rid: a\u0000\n\n';
    assert.equal(bytesToWireText(Buffer.from(text)), text);
  });

  it('escapes invalid bytes as U+DC80 + byte, also a character cut by the chunk', () => {
    assert.equal(bytesToWireText(Uint8Array.of(0x61, 0xff, 0x62)), 'a\uDCFFb');
    assert.equal(bytesToWireText(Uint8Array.of(0x61, 0xe6, 0x97)), 'a\uDCE6\uDC97');
    // An encoded surrogate (ED A0 80) is invalid UTF-8: escaped byte by byte.
    assert.equal(bytesToWireText(Uint8Array.of(0xed, 0xa0, 0x80)), '\uDCED\uDCA0\uDC80');
  });

  it('gives back the exact bytes, through JSON too, for random bytes', () => {
    const rand = prng(7);
    for (let n = 0; n < 500; n++) {
      const bytes = Uint8Array.from({ length: Math.floor(rand() * 40) }, () => (rand() < 0.5 ? 0x20 + Math.floor(rand() * 90) : Math.floor(rand() * 256)));
      const text = bytesToWireText(bytes);
      assert.deepEqual(wireTextToBytes(JSON.parse(JSON.stringify(text)) as string), bytes);
    }
  });
});

describe('WireCapture', () => {
  const event = (seq: number): StreamRecord => ({ kind: 'event', seq, time: 0, type: 'message', data: 'x', lastEventId: '', size: 1 });

  it('keeps the newest chunks within the bound, each pointing at the record before it', () => {
    const capture = new WireCapture(10);
    capture.record({ kind: 'open', seq: 1, time: 0, url: 'u', status: 200, statusText: 'OK', headers: {}, redirected: false });
    capture.onChunk(Buffer.from('data: a\n\n'), 5); // 9 bytes
    capture.record(event(2));
    capture.onChunk(Buffer.from('data: b\n\n'), 6);
    capture.record(event(3));
    const kept = capture.records();
    assert.equal(kept.length, 1);
    assert.deepEqual(kept[0], { kind: 'chunk', seq: 2, time: 6, bytes: 9, text: 'data: b\n\n', offset: 9 });
    assert.equal(capture.dropped, 1);
    assert.ok(capture.size <= 10);
  });

  it('keepAtMost lowers the bound at once (oldest go first) and never raises it above the setting', () => {
    const chunk = (n: number) => new Uint8Array(n);
    // Each chunk costs 900 + CHUNK_COST (128) = 1028 bytes of the bound.
    const capture = new WireCapture(16 * 1024);
    for (let i = 0; i < 10; i++) capture.onChunk(chunk(900), i);
    assert.equal(capture.raw().length, 10);
    capture.keepAtMost(2100);
    assert.equal(capture.bound, 2100);
    assert.deepEqual(capture.raw().map((c) => c.time), [8, 9], 'the newest that fit');
    assert.equal(capture.dropped, 8);
    for (let i = 10; i < 15; i++) capture.onChunk(chunk(900), i);
    assert.deepEqual(capture.raw().map((c) => c.time), [13, 14]);
    capture.keepAtMost(1e9);
    assert.equal(capture.bound, 16 * 1024, 'the setting is the most');
    for (let i = 15; i < 30; i++) capture.onChunk(chunk(900), i);
    assert.equal(capture.raw().length, 15, 'as many as 16 KiB holds again');
    capture.keepAtMost(10);
    assert.deepEqual(capture.raw().map((c) => c.time), [29], 'the newest chunk stays even when it alone is over the bound');
  });

  it('keeps a chunk it is given as it is (no copy), and reports each chunk when asked', () => {
    const seen: ChunkRecord[] = [];
    const capture = new WireCapture(1024, (c) => seen.push(c));
    const own = new Uint8Array(Buffer.from('data: a\n\n'));
    capture.onChunk(own, 1);
    assert.equal(capture.raw()[0].bytes, own);
    assert.equal(capture.records()[0].text, 'data: a\n\n');
    assert.equal(seen.length, 1);
  });

  it('copies a chunk that is a small view into a larger buffer (keeping it would keep the whole buffer)', () => {
    const capture = new WireCapture(1 << 20);
    const big = Buffer.alloc(64 * 1024, 0x61);
    const view = big.subarray(100, 109);
    capture.onChunk(view, 1);
    const kept = capture.raw()[0].bytes;
    assert.ok(kept.buffer !== big.buffer);
    assert.equal(kept.buffer.byteLength, 9);
    // A pooled Buffer (Buffer.from of a short string shares an 8 KiB pool) is copied for the same reason.
    const pooled = Buffer.from('data: b\n\n');
    capture.onChunk(pooled, 2);
    assert.equal(capture.raw()[1].bytes.buffer.byteLength, pooled.length);
    assert.equal(capture.records()[1].text, 'data: b\n\n');
  });

  it('counts CHUNK_COST per kept chunk against the bound: tiny chunks cannot pile up', () => {
    const capture = new WireCapture(100 * (CHUNK_COST + 1));
    for (let i = 0; i < 10_000; i++) capture.onChunk(Uint8Array.of(0x61), i);
    assert.equal(capture.raw().length, 100);
    assert.equal(capture.dropped, 9_900);
    assert.equal(capture.size, 100);
  });

  it('keeps the newest chunks byte for byte, within the bound and close to it (random sizes)', () => {
    const random = prng(13);
    for (const max of [1, 100, 4096, 70_000]) {
      const capture = new WireCapture(max);
      const fed: Buffer[] = [];
      for (let i = 0; i < 600; i++) {
        // Mostly small chunks, now and then one near (or over) the bound.
        const size = random() < 0.05 ? Math.floor(random() * max * 1.2) + 1 : Math.floor(random() * Math.min(max, 300)) + 1;
        const bytes = Buffer.alloc(size);
        for (let b = 0; b < size; b++) bytes[b] = Math.floor(random() * 256);
        fed.push(Buffer.from(bytes));
        capture.record(event(i + 1));
        capture.onChunk(bytes, i);
        const kept = capture.raw();
        assert.ok(kept.length >= 1, 'the newest chunk is always kept');
        // A suffix of what came, each chunk intact, in order.
        kept.forEach((chunk, k) => {
          const original = fed[fed.length - kept.length + k];
          assert.equal(Buffer.compare(Buffer.from(chunk.bytes), original), 0, `chunk ${k} of ${kept.length} intact`);
        });
        const size2 = kept.reduce((sum, c) => sum + c.bytes.length, 0);
        assert.equal(size2, capture.size);
        assert.ok(kept.length === 1 || size2 + kept.length * CHUNK_COST <= max, `within the bound: ${size2} > ${max}`);
        assert.equal(capture.dropped + kept.length, i + 1);
        // As many as fit: the next older chunk would not have.
        if (kept.length < fed.length) {
          const older = fed[fed.length - kept.length - 1].length;
          assert.ok(size2 + (kept.length + 1) * CHUNK_COST + older > max, `room for one more: ${size2} of ${max}`);
        }
      }
    }
  });

  it('keeps nothing with a bound of 0, but still reports chunks', () => {
    const seen: ChunkRecord[] = [];
    const capture = new WireCapture(0, (c) => seen.push(c));
    capture.onChunk(Buffer.from('x'), 1);
    assert.equal(capture.records().length, 0);
    assert.equal(seen.length, 1);
  });
});

describe('recordings with chunk and diagnostic records', () => {
  it('reads them as annotations, apart from the stream records, and rejects incomplete ones', () => {
    const lines = [
      formatRecordLine({ kind: 'event', seq: 1, time: 1, type: 'message', data: 'a', lastEventId: '', size: 1 }),
      formatRecordLine({ kind: 'chunk', seq: 1, time: 1, bytes: 2, text: '\uDCFF\n', offset: 0 }),
      formatRecordLine({ kind: 'diagnostic', seq: 1, time: 1, code: 'bom', severity: 'info', message: 'm', hint: 'h' }),
      '{"kind":"chunk","seq":1,"time":1,"bytes":2}\n',
    ].join('');
    const { records, annotations, problems } = parseRecording(lines);
    assert.equal(records.length, 1);
    assert.deepEqual(annotations.map((a) => a.kind), ['chunk', 'diagnostic']);
    assert.equal((annotations[0] as ChunkRecord).text, '\uDCFF\n');
    assert.deepEqual(problems, ['line 4: a chunk record needs "text" (string)']);
  });
});

describe('reading a record --raw file', () => {
  it('keeps annotations apart from records, bounded to the newest chunks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sse-diag-'));
    try {
      const lines = [
        formatRecordLine({ kind: 'open', seq: 1, time: 1, url: 'u', status: 200, statusText: 'OK', headers: {}, redirected: false }),
        formatRecordLine({ kind: 'diagnostic', seq: 1, time: 1, code: 'no-cache-missing', severity: 'info', message: 'm', hint: 'h' }),
      ];
      for (let i = 0; i < 50; i++) lines.push(formatRecordLine({ kind: 'chunk', seq: 1 + i, time: 2, bytes: 3, text: 'a\n\n', offset: i * 3 }), formatRecordLine({ kind: 'comment', seq: 2 + i, time: 2, text: 'a' }));
      const path = join(dir, 'raw.ndjson');
      writeFileSync(path, lines.join(''));
      const result = await readRecordingFile(path, { keep: 1000 });
      assert.equal(result.records.length, 51);
      assert.equal(result.problemCount, 0);
      assert.deepEqual(result.annotations.map((a) => a.kind).slice(0, 2), ['diagnostic', 'chunk']);
      assert.equal(result.annotations.length, 51);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const window = new AnnotationWindow(10);
    for (let i = 0; i < 5000; i++) window.push({ kind: 'chunk', seq: i, time: 0, bytes: 4, text: 'abcd', offset: i * 4 });
    const kept = window.toArray() as ChunkRecord[];
    assert.deepEqual(kept.map((c) => c.seq), [4998, 4999]);
  });
});
