/**
 * The inspector's own thread (every capture, the CLI's and the extension's): parses every
 * event-stream response, numbers all records of the capture and formats them as NDJSON, so the
 * thread that forwards bytes does none of that work. See inspectorThread.ts for the other side
 * and the messages. Its entry is captureWorker.ts, bundled to dist/captureWorker.js.
 */
import { writeSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { StreamInspector, type UnnumberedRecord } from './streamInspector';
import type { FromInspector, InspectorItem, InspectorWorkerData, ToInspector } from './inspectorThread';
import { formatRecordLine } from '../ndjson';
import type { CaptureFileRecord } from '../../shared/records';

/** Lines are handed back once per turn of the loop, or sooner when this many bytes wait. */
const OUT_BYTES = 1024 * 1024;
/** How long closing waits for decoders still finishing their streams. */
const FINISH_WAIT_MS = 2000;

/**
 * The inspector thread's nice value. Where cores are short, the forwarding thread comes first
 * (the inspector then skips, and says so); where a core is free, the inspector gets all of it.
 */
const INSPECTOR_NICE = 19;

export function runInspectorWorker(): void {
  if (!parentPort) throw new Error('The capture inspector runs only as a worker thread of the capture proxy.');
  const port = parentPort;
  try {
    // pid 0 on Linux: this thread only (nice is per thread there); elsewhere the call may
    // apply to the process or fail, and the inspector then simply runs at normal priority.
    if (process.platform === 'linux') setPriority(0, INSPECTOR_NICE);
  } catch {
    // Not allowed here: normal priority.
  }
  const inspectors = new Map<number, StreamInspector>();
  let seq = 0;
  // Lines are encoded straight into one buffer, whose memory goes to the forwarding thread
  // by transfer, not clone.
  let out = Buffer.allocUnsafeSlow(OUT_BYTES);
  let used = 0;
  let scheduled = false;
  /** Body bytes taken from the queue so far: the forwarding side counts what is still queued. */
  let doneBytes = 0;

  // With an output file, the lines go there from here and only the progress goes back.
  const { outputFd, ring: shared, paused: pausedFlag } = workerData as InspectorWorkerData;
  const ring = Buffer.from(shared);
  const paused = new Int32Array(pausedFlag);
  /** Per stream: bytes dropped while the copy was paused, said in one record with the next skip. */
  const dropped = new Map<number, { bytes: number; time: number }>();
  let file = outputFd;
  /** Writes what `out` holds to the file; on a failure says so once and drops lines from then on. */
  const writeOut = () => {
    try {
      for (let at = 0; at < used; ) at += writeSync(file!, out, at, used - at);
    } catch (error) {
      file = undefined;
      port.postMessage({ kind: 'outputFailed', message: (error as Error).message } satisfies FromInspector);
    }
  };

  const flush = () => {
    scheduled = false;
    if (outputFd !== undefined) {
      if (file !== undefined) writeOut();
      used = 0;
      port.postMessage({ kind: 'lines', doneBytes } satisfies FromInspector);
      return;
    }
    let bytes: Buffer;
    if (used >= OUT_BYTES / 2) {
      // A full buffer goes as it is (no copy) and a new one (not zero-filled) takes its place.
      bytes = out.subarray(0, used);
      out = Buffer.allocUnsafeSlow(OUT_BYTES);
    } else {
      // A few small events: an exact-size copy goes, so a MiB of memory is not pushed at the
      // forwarding thread (and its collector) per event.
      bytes = Buffer.allocUnsafeSlow(used);
      out.copy(bytes, 0, 0, used);
    }
    used = 0;
    port.postMessage({ kind: 'lines', bytes, doneBytes } satisfies FromInspector, [bytes.buffer as ArrayBuffer]);
  };
  const schedule = () => {
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };
  // `kind` then `seq` first, as every other writer puts them, for readable lines.
  const emit = (record: UnnumberedRecord) => {
    const { kind, ...rest } = record;
    const line = formatRecordLine({ kind, seq: ++seq, ...rest } as CaptureFileRecord);
    // A UTF-16 unit takes at most 3 UTF-8 bytes.
    if (used + line.length * 3 > out.length) {
      if (used > 0) flush();
      if (line.length * 3 > out.length) out = Buffer.allocUnsafeSlow(line.length * 3);
      else if (out.length > OUT_BYTES) out = Buffer.allocUnsafeSlow(OUT_BYTES);
    }
    used += out.write(line, used);
    schedule();
  };

  /** The next `length` bytes of the ring, copied out (the forwarding side reuses the ring once they count as done). */
  function takeChunk(length: number): Buffer {
    const at = doneBytes % ring.length;
    const chunk = Buffer.allocUnsafe(length);
    const first = ring.copy(chunk, 0, at, Math.min(ring.length, at + length));
    if (first < length) ring.copy(chunk, first, 0, length - first);
    doneBytes += length;
    return chunk;
  }

  /** Records a stream's gap: what was dropped while paused, plus `bytes` the forwarding side skipped. */
  function sayDropped(stream: number, bytes = 0, time?: number): void {
    const gap = dropped.get(stream);
    if (gap) dropped.delete(stream);
    const total = (gap?.bytes ?? 0) + bytes;
    if (total > 0) inspectors.get(stream)?.skipped(total, gap?.time ?? time ?? Date.now());
  }

  function apply(item: InspectorItem): void {
    switch (item.kind) {
      case 'record':
        emit(item.record);
        break;
      case 'open':
        inspectors.set(item.stream, new StreamInspector(item.stream, item.encoding, emit, item.maxEventBytes));
        break;
      case 'chunk': {
        if (Atomics.load(paused, 0) === 1) {
          // Paused: what is still queued goes unparsed (the forwarding side counts it as read).
          doneBytes += item.length;
          const gap = dropped.get(item.stream);
          if (gap) gap.bytes += item.length;
          else dropped.set(item.stream, { bytes: item.length, time: item.time });
          break;
        }
        sayDropped(item.stream);
        // A copy of its own: a decompressor may keep it after this turn.
        const chunk = takeChunk(item.length);
        inspectors.get(item.stream)?.write(chunk, item.time);
        break;
      }
      case 'skipped':
        sayDropped(item.stream, item.bytes, item.time);
        break;
      case 'end':
        sayDropped(item.stream);
        inspectors.get(item.stream)?.end(item.reason, item.message);
        break;
      case 'sync':
        flush();
        port.postMessage({ kind: 'synced', id: item.id } satisfies FromInspector);
        break;
    }
  }

  port.on('message', (message: ToInspector) => {
    if (message.kind === 'batch') {
      for (const item of message.items) apply(item);
      // The forwarding side learns how far the queue went down, lines or not.
      schedule();
      return;
    }
    // finish: a decoder still running (zlib's thread pool) writes its stream's last records first.
    const started = Date.now();
    const done = () => {
      for (const [stream, inspector] of inspectors) if (inspector.finished) inspectors.delete(stream);
      if (inspectors.size > 0 && Date.now() - started < FINISH_WAIT_MS) return void setTimeout(done, 1);
      flush();
      port.postMessage({ kind: 'finished' } satisfies FromInspector);
    };
    done();
  });
}
