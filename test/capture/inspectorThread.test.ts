/**
 * The inspector in a thread of its own (what every capture runs, the CLI's and the extension's):
 * the records it writes equal those of a StreamInspector fed the same body directly, and when
 * it falls behind, the client still gets every byte while the records say what the inspector's
 * copy skipped and never hold half an event. The worker is the shipped dist/captureWorker.js.
 */
import { strict as assert } from 'node:assert';
import * as zlib from 'node:zlib';
import { CaptureProxy } from '../../src/core/capture/captureProxy';
import { Worker } from 'node:worker_threads';
import { BACKOFF_MIN_MS, SUSTAINED_OVERLOAD_MS, type FromInspector, type InspectorItem, type InspectorWorkerData, type ToInspector } from '../../src/core/capture/inspectorThread';
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
 * Backing off. `/overload`: bursts bigger than the queue (each overflows it whatever the timing)
 * every 20 ms for 200 ms, an event right after them (inside the pause), and events well after the
 * pause ends. `/burst`: one such burst alone, then an event.
 */
const BURST = `data: ${'b'.repeat(8 * 1024)}\n\n`;
const AFTER = 'data: after\n\n';
const OVERLOAD_BURSTS = 10;
function overloadThenTrickle(res: import('node:http').ServerResponse): void {
  res.writeHead(200, { 'Content-Type': 'text/event-stream' });
  let sent = 0;
  const burst = (): void => {
    res.write(BURST);
    if (++sent < OVERLOAD_BURSTS) return void setTimeout(burst, SUSTAINED_OVERLOAD_MS / 5);
    setTimeout(() => res.write(AFTER), 10);
    setTimeout(() => {
      res.write('data: resumed-1\n\n');
      setTimeout(() => res.end('data: resumed-2\n\n'), 20);
    }, BACKOFF_MIN_MS + 750);
  };
  burst();
}
function burstThenEvent(res: import('node:http').ServerResponse): void {
  res.writeHead(200, { 'Content-Type': 'text/event-stream' });
  res.write(BURST);
  setTimeout(() => res.end(AFTER), 10);
}

/** Bytes the records say the inspector skipped. */
function skippedBytes(records: readonly CaptureFileRecord[]): number {
  const skipped = records.filter((r): r is ErrorRecord => r.kind === 'error' && r.code === 'INSPECTOR_SKIPPED');
  return skipped.reduce((sum, r) => sum + Number(/skipped (\d+) bytes/.exec(r.message)![1]), 0);
}

describe('capture proxy: the inspector in a thread of its own', () => {
  let upstream: Upstream;
  const plain = Buffer.from(mixedStream());
  const bulk = Buffer.concat(Array.from({ length: 8 * 1024 }, (_, i) => Buffer.from(`data: ${String(i).padStart(8, '0')}${'x'.repeat(1000)}\n\n`)));

  before(async () => {
    upstream = await startUpstream((req, res) => {
      if (req.url === '/overload') return overloadThenTrickle(res);
      if (req.url === '/burst') return burstThenEvent(res);
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

  it('an overload that lasts makes the copy pause (what comes during the pause is skipped), then it resumes', async () => {
    // A queue smaller than each burst: every burst overflows it, deterministically.
    const { proxy, lines } = await threadProxy(upstream.origin, 1024);
    try {
      const response = await rawRequest(`${proxy.address}/overload`);
      assert.equal(response.body.toString(), `${BURST.repeat(OVERLOAD_BURSTS)}${AFTER}data: resumed-1\n\ndata: resumed-2\n\n`);
    } finally {
      await proxy.close();
    }
    const records = lines();
    assert.deepEqual(records.filter((r) => r.kind === 'event').map((r) => r.data), ['resumed-1', 'resumed-2']);
    assert.equal(skippedBytes(records), OVERLOAD_BURSTS * Buffer.byteLength(BURST) + Buffer.byteLength(AFTER), 'the bursts and the event inside the pause');
  });

  it('a lone burst loses only itself: the event after it is recorded', async () => {
    const { proxy, lines } = await threadProxy(upstream.origin, 1024);
    try {
      const response = await rawRequest(`${proxy.address}/burst`);
      assert.equal(response.body.toString(), `${BURST}${AFTER}`);
    } finally {
      await proxy.close();
    }
    const records = lines();
    assert.deepEqual(records.filter((r) => r.kind === 'event').map((r) => r.data), ['after']);
    assert.equal(skippedBytes(records), Buffer.byteLength(BURST));
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

describe('the inspector thread while its copy is paused', () => {
  it('drops the chunks still queued, says so in one record with the next skip, and parses again once unpaused', async () => {
    const ring = Buffer.from(new SharedArrayBuffer(1024));
    const paused = new Int32Array(new SharedArrayBuffer(4));
    const data: InspectorWorkerData = { ring: ring.buffer as SharedArrayBuffer, paused: paused.buffer as SharedArrayBuffer };
    const worker = new Worker(WORKER_SCRIPT, { workerData: data, stdout: false, stderr: false });
    let text = '';
    let doneBytes = 0;
    const synced = new Map<number, () => void>();
    worker.on('message', (m: FromInspector) => {
      if (m.kind === 'lines') {
        doneBytes = m.doneBytes;
        if (m.bytes) text += Buffer.from(m.bytes).toString();
      }
      if (m.kind === 'synced') synced.get(m.id)?.();
    });
    let at = 0;
    /** Puts `body` in the ring as the forwarding side does and posts it (with `more` items). */
    const post = (body: string, ...more: InspectorItem[]): Promise<void> => {
      const bytes = Buffer.from(body);
      bytes.copy(ring, at);
      at += bytes.length;
      const id = synced.size + 1;
      const done = new Promise<void>((resolve) => synced.set(id, resolve));
      const items: InspectorItem[] = [{ kind: 'chunk', stream: 1, length: bytes.length, time: 5 }, ...more, { kind: 'sync', id }];
      worker.postMessage({ kind: 'batch', items } satisfies ToInspector);
      return done;
    };
    try {
      worker.postMessage({ kind: 'batch', items: [{ kind: 'open', stream: 1, encoding: '' }] } satisfies ToInspector);
      await post('data: one\n\n');
      Atomics.store(paused, 0, 1);
      await post('data: two\n\ndata: th');
      await post('ree\n\n', { kind: 'skipped', stream: 1, bytes: 40, time: 9 });
      Atomics.store(paused, 0, 0);
      // After a gap the inspector resumes at the next blank line: 'four' is read as the gap's tail.
      await post('data: four\n\ndata: five\n\n', { kind: 'end', stream: 1, reason: 'ended', message: 'The upstream ended the response.' });
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      await worker.terminate();
    }
    const records = text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as CaptureFileRecord);
    assert.deepEqual(records.filter((r) => r.kind === 'event').map((r) => r.data), ['one', 'five']);
    const gaps = records.filter((r): r is ErrorRecord => r.kind === 'error');
    assert.equal(gaps.length, 1, 'one record for the whole gap');
    assert.match(gaps[0].message, /skipped 64 bytes/, 'the 24 queued bytes dropped while paused and the 40 skipped');
    assert.equal(doneBytes, at, 'the dropped chunks count as read');
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
