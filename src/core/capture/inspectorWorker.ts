/**
 * The inspector's own thread (used by `sse-inspector proxy`): parses every event-stream
 * response, numbers all records of the capture and formats them as NDJSON, so the thread that
 * forwards bytes does none of that work. See inspectorThread.ts for the other side and the
 * messages. The worker runs the CLI's own bundle: src/cli.ts starts this instead of the CLI
 * when `isInspectorWorker()`.
 */
import { setPriority } from 'node:os';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { StreamInspector, type UnnumberedRecord } from './streamInspector';
import type { FromInspector, ToInspector } from './inspectorThread';
import { formatRecordLine } from '../ndjson';
import type { CaptureFileRecord } from '../../shared/records';

/** workerData key that marks the inspector's thread. */
export const INSPECTOR_WORKER_FLAG = 'sseInspectorCaptureWorker';

/** Lines are handed back once per turn of the loop, or sooner when this many bytes wait. */
const OUT_BYTES = 1024 * 1024;
/** How long closing waits for decoders still finishing their streams. */
const FINISH_WAIT_MS = 2000;

/** True in a worker thread started by InspectorThread. */
export function isInspectorWorker(): boolean {
  return !isMainThread && (workerData as Record<string, unknown> | null)?.[INSPECTOR_WORKER_FLAG] === true;
}

/**
 * The inspector thread's nice value. Where cores are short, the forwarding thread comes first
 * (the inspector then skips, and says so); where a core is free, the inspector gets all of it.
 */
const INSPECTOR_NICE = 19;

export function runInspectorWorker(): void {
  const port = parentPort!;
  try {
    // pid 0 on Linux: this thread only (nice is per thread there); elsewhere the call may
    // apply to the process or fail, and the inspector then simply runs at normal priority.
    if (process.platform === 'linux') setPriority(0, INSPECTOR_NICE);
  } catch {
    // Not allowed here: normal priority.
  }
  const inspectors = new Map<number, StreamInspector>();
  let seq = 0;
  // Lines are encoded straight into one buffer; what it holds is transferred (not cloned) to
  // the forwarding thread, which writes the bytes as they are.
  let out = Buffer.allocUnsafeSlow(OUT_BYTES);
  let used = 0;
  let scheduled = false;
  /** Body bytes taken from the queue so far: the forwarding side counts what is still queued. */
  let doneBytes = 0;

  const flush = () => {
    scheduled = false;
    // An exact-size copy goes: handing over the whole buffer each time would push a MiB of
    // memory per small event at the forwarding thread, and its collector.
    const bytes = new Uint8Array(used);
    bytes.set(out.subarray(0, used));
    used = 0;
    port.postMessage({ kind: 'lines', bytes, doneBytes } satisfies FromInspector, [bytes.buffer]);
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

  port.on('message', (message: ToInspector) => {
    switch (message.kind) {
      case 'record':
        emit(message.record);
        break;
      case 'open':
        inspectors.set(message.stream, new StreamInspector(message.stream, message.encoding, emit, message.maxEventBytes));
        break;
      case 'chunk':
        doneBytes += message.bytes.byteLength;
        inspectors.get(message.stream)?.write(Buffer.from(message.bytes.buffer, message.bytes.byteOffset, message.bytes.byteLength), message.time);
        schedule();
        break;
      case 'skipped':
        inspectors.get(message.stream)?.skipped(message.bytes, message.time);
        break;
      case 'end':
        inspectors.get(message.stream)?.end(message.reason, message.message);
        break;
      case 'finish': {
        // A decoder still running (zlib's thread pool) writes its stream's last records first.
        const started = Date.now();
        const done = () => {
          for (const [stream, inspector] of inspectors) if (inspector.finished) inspectors.delete(stream);
          if (inspectors.size > 0 && Date.now() - started < FINISH_WAIT_MS) return void setTimeout(done, 1);
          flush();
          port.postMessage({ kind: 'finished' } satisfies FromInspector);
        };
        done();
        break;
      }
    }
  });
}
