/**
 * The inspector in a thread of its own (what every capture runs, the CLI's and the extension's):
 * the records it writes equal those of a StreamInspector fed the same body directly, and when
 * it falls behind, the client still gets every byte while the records say what the inspector's
 * copy skipped and never hold half an event. The worker is the shipped dist/captureWorker.js.
 */
import { strict as assert } from 'node:assert';
import * as zlib from 'node:zlib';
import { CaptureProxy } from '../../src/core/capture/captureProxy';
import { BACKOFF_MIN_MS } from '../../src/core/capture/inspectorThread';
import { StreamInspector, type UnnumberedRecord } from '../../src/core/capture/streamInspector';
import type { CaptureFileRecord, ErrorRecord } from '../../src/shared/records';
import { rawRequest, sha256, startUpstream, WORKER_SCRIPT, type Upstream } from './support/harness';

function mixedStream(): string {
  let text = '\uFEFFretry: 1500\n: hello\r\n';
  for (let i = 0; i < 300; i++) {
    text += i % 3 === 0 ? `event: tick\r\nid: ${i}\r\ndata: ${'é€😀'.repeat(i % 7)} #${i}\r\n\r\n` : `data: {"n":${i}}\ndata: line two\r\r`;
  }
  return text;
}

/** Records without what differs from run to run (seq, time, ports in headers). */
function comparable(records: readonly CaptureFileRecord[]): unknown[] {
  return records
    .filter((r) => r.kind !== 'capture' && r.kind !== 'open')
    .map((r) => {
      const { seq: _seq, time: _time, ...rest } = r as CaptureFileRecord & { time: number };
      return rest;
    });
}

/** What a StreamInspector on this thread makes of `body`, fed in odd-sized pieces, numbered from 1. */
function directRecords(body: Buffer, encoding: string): Promise<CaptureFileRecord[]> {
  return new Promise((resolve) => {
    const records: CaptureFileRecord[] = [];
    const inspector = new StreamInspector(1, encoding, (record) => {
      records.push({ ...record, seq: records.length + 1 } as CaptureFileRecord);
      if (record.kind === 'closed') resolve(records);
    });
    for (let at = 0; at < body.length; at += 997) inspector.write(body.subarray(at, at + 997));
    inspector.end('ended', 'The upstream ended the response.');
  });
}

async function threadProxy(target: string, maxQueuedBytes?: number, outputBlocked?: () => boolean): Promise<{ proxy: CaptureProxy; lines: () => CaptureFileRecord[] }> {
  let text = '';
  const proxy = await CaptureProxy.start({
    target,
    thread: { script: WORKER_SCRIPT, onLines: (bytes) => (text += bytes.toString()), onError: (m) => assert.fail(m), maxQueuedBytes, outputBlocked },
  });
  return { proxy, lines: () => text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as CaptureFileRecord) };
}

/**
 * Backing off: a burst bigger than the queue (so it overflows whatever the timing), an event
 * right after it (inside the pause), and events well after the pause ends.
 */
const BURST = `data: ${'b'.repeat(8 * 1024)}\n\n`;
const PAUSED = 'data: paused\n\n';
function burstThenTrickle(res: import('node:http').ServerResponse): void {
  res.writeHead(200, { 'Content-Type': 'text/event-stream' });
  res.write(BURST);
  setTimeout(() => res.write(PAUSED), 10);
  setTimeout(() => {
    res.write('data: resumed-1\n\n');
    setTimeout(() => res.end('data: resumed-2\n\n'), 20);
  }, BACKOFF_MIN_MS + 750);
}

describe('capture proxy: the inspector in a thread of its own', () => {
  let upstream: Upstream;
  const plain = Buffer.from(mixedStream());
  const bulk = Buffer.concat(Array.from({ length: 8 * 1024 }, (_, i) => Buffer.from(`data: ${String(i).padStart(8, '0')}${'x'.repeat(1000)}\n\n`)));

  before(async () => {
    upstream = await startUpstream((req, res) => {
      if (req.url === '/burst') return burstThenTrickle(res);
      const gzip = req.url === '/gzip';
      res.writeHead(200, { 'Content-Type': 'text/event-stream', ...(gzip ? { 'Content-Encoding': 'gzip' } : {}) });
      const body = req.url === '/bulk' ? bulk : gzip ? zlib.gzipSync(plain) : plain;
      // Odd-sized pieces, so events and characters are split across chunks.
      let at = 0;
      const next = () => {
        if (at >= body.length) return res.end();
        const piece = body.subarray(at, (at += req.url === '/bulk' ? 65536 : 997));
        if (res.write(piece)) setImmediate(next);
        else res.once('drain', next);
      };
      next();
    });
  });
  after(() => upstream.close());

  for (const path of ['/plain', '/gzip']) {
    it(`${path}: the same records, numbered in order, as the inspector fed the body directly`, async () => {
      const threaded = await threadProxy(upstream.origin);
      try {
        const response = await rawRequest(`${threaded.proxy.address}${path}`);
        assert.equal(sha256(response.body), sha256(path === '/gzip' ? zlib.gzipSync(plain) : plain));
      } finally {
        await threaded.proxy.close();
      }
      const lines = threaded.lines();
      assert.deepEqual(lines.map((r) => r.seq), lines.map((_, i) => i + 1));
      assert.deepEqual(lines.slice(0, 2).map((r) => r.kind), ['capture', 'open']);
      const reference = await directRecords(path === '/gzip' ? zlib.gzipSync(plain) : plain, path === '/gzip' ? 'gzip' : '');
      assert.deepEqual(comparable(lines), comparable(reference));
      assert.ok(lines.filter((r) => r.kind === 'event').length >= 300);
    });
  }

  for (const [why, queue, blocked] of [['an inspector that cannot keep up', 1, undefined], ['a records output that is blocked', undefined, () => true]] as const) {
  it(`${why}: every byte still reaches the client, the records say what was skipped`, async () => {
    // A queue of one byte, or an output that never drains: every chunk is skipped, deterministically.
    const { proxy, lines } = await threadProxy(upstream.origin, queue, blocked);
    try {
      const response = await rawRequest(`${proxy.address}/bulk`);
      assert.equal(sha256(response.body), sha256(bulk));
    } finally {
      await proxy.close();
    }
    const records = lines();
    const skipped = records.filter((r): r is ErrorRecord => r.kind === 'error');
    assert.ok(skipped.length >= 1);
    assert.ok(skipped.every((r) => r.code === 'INSPECTOR_SKIPPED' && r.stream === 1));
    const total = skipped.reduce((sum, r) => sum + Number(/skipped (\d+) bytes/.exec(r.message)![1]), 0);
    assert.equal(total, bulk.length);
    assert.equal(records.filter((r) => r.kind === 'event').length, 0);
    assert.equal(records.at(-1)!.kind, 'closed');
  });
  }

  it('after falling behind, the copy pauses (what comes during the pause is skipped), then resumes', async () => {
    // A queue smaller than the burst's first read: it overflows, deterministically.
    const { proxy, lines } = await threadProxy(upstream.origin, 1024);
    try {
      const response = await rawRequest(`${proxy.address}/burst`);
      assert.equal(response.body.toString(), `${BURST}${PAUSED}data: resumed-1\n\ndata: resumed-2\n\n`);
    } finally {
      await proxy.close();
    }
    const records = lines();
    assert.deepEqual(records.filter((r) => r.kind === 'event').map((r) => r.data), ['resumed-1', 'resumed-2']);
    const skipped = records.filter((r): r is ErrorRecord => r.kind === 'error' && r.code === 'INSPECTOR_SKIPPED');
    const total = skipped.reduce((sum, r) => sum + Number(/skipped (\d+) bytes/.exec(r.message)![1]), 0);
    assert.equal(total, Buffer.byteLength(BURST) + Buffer.byteLength(PAUSED), 'the burst and the event inside the pause');
  });

  it('a small queue on a fast stream: events in the records are whole, never two halves', async () => {
    const { proxy, lines } = await threadProxy(upstream.origin, 128 * 1024);
    try {
      const response = await rawRequest(`${proxy.address}/bulk`);
      assert.equal(sha256(response.body), sha256(bulk));
    } finally {
      await proxy.close();
    }
    for (const record of lines()) {
      if (record.kind === 'event') assert.match(record.data, /^\d{8}x{1000}$/);
    }
  });
});

describe('StreamInspector.skipped', () => {
  it('records the gap and resumes at the next blank line (LF, CR and CRLF endings)', () => {
    for (const eol of ['\n', '\r', '\r\n']) {
      const records: UnnumberedRecord[] = [];
      const inspector = new StreamInspector(1, '', (r) => records.push(r));
      inspector.write(Buffer.from(`data: a${eol}${eol}data: cut`));
      inspector.skipped(10, 5);
      // The rest of a cut event, its blank line split across chunks, then a whole event.
      inspector.write(Buffer.from(`ta: half${eol}`));
      inspector.write(Buffer.from(`${eol}data: b${eol}${eol}`));
      inspector.end('ended', 'done');
      assert.deepEqual(
        records.map((r) => (r.kind === 'event' ? r.data : r.kind === 'error' ? `${r.code} ${r.time}` : r.kind)),
        ['a', 'INSPECTOR_SKIPPED 5', 'b', 'closed'],
        JSON.stringify(eol),
      );
    }
  });

  it('a compressed stream cannot be decoded past a gap: the stream closes as failed, saying why', () => {
    const records: UnnumberedRecord[] = [];
    const inspector = new StreamInspector(1, 'gzip', (r) => records.push(r));
    inspector.write(zlib.gzipSync('data: a\n\n').subarray(0, 5));
    inspector.skipped(3, 1);
    assert.deepEqual(records.map((r) => r.kind), ['error', 'closed']);
    assert.match((records[1] as { message: string }).message, /compressed/);
  });
});
