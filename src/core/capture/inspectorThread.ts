/**
 * The forwarding side of the inspector's thread (see inspectorWorker.ts). Every capture parses
 * in that thread, the CLI's and the extension's alike; the forwarding thread only notes what
 * happens, in order, and once per turn of the event loop posts it as one batch of small objects
 * (records and stream events). The body chunks of all event streams are copied, as they come,
 * into one ring of memory shared with the worker (a SharedArrayBuffer of MAX_QUEUED_BYTES,
 * allocated once): one copy into memory already mapped, no allocation, no transfer. A fresh
 * buffer per batch cost more than the forwarding itself (each new page faults in on the first
 * copy). Parsing, numbering and formatting happen in the worker, which hands back NDJSON already
 * encoded, and copies each chunk out of the ring before it counts it as read.
 *
 * Forwarding never waits for the inspector: when the worker falls more than MAX_QUEUED_BYTES
 * behind (or the records' output is blocked), further chunks are not copied to it. The client
 * still gets every byte; the worker writes an `error` record (code INSPECTOR_SKIPPED) saying
 * how many bytes its copy of that stream lost and where, and resumes parsing at the next blank
 * line. Memory stays bounded by that queue whatever the stream's rate.
 *
 * Staying behind also makes the inspector back off: once the queue has kept overflowing for
 * SUSTAINED_OVERLOAD_MS (overflows less than OVERLOAD_GAP_MS apart), its copy pauses for
 * BACKOFF_MIN_MS, twice as long at each pause that follows within BACKOFF_RESET_MS (up to
 * BACKOFF_MAX_MS); while paused, the worker drops what is still queued rather than parse it
 * (InspectorWorkerData.paused). A stream that outruns the parser would otherwise keep it busy for as long as
 * it lasts, on a core the app and its server need: on 2 cores, an event stream at 2 GB/s went
 * through at 55-70 % of direct with the inspector parsing what it could, at 82-92 % with it
 * backing off (bench/proxy.ts). The inspector keeps less of such a stream (it was already losing
 * most of it). A burst shorter than SUSTAINED_OVERLOAD_MS (a backlog flushed at once) only loses
 * what does not fit, as before; a stream it can parse as fast as it comes (an LLM's, any event
 * stream below some 300 MiB/s) never overflows.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { UnnumberedRecord } from './streamInspector';
import type { CloseReason } from '../../shared/records';

/** How far (in body bytes) the inspector may fall behind before its copy skips chunks. */
export const MAX_QUEUED_BYTES = 32 * 1024 * 1024;
/** How long the queue must keep overflowing before the inspector's copy pauses (see above). */
export const SUSTAINED_OVERLOAD_MS = 50;
/** Overflows further apart than this are separate bursts, not one overload. */
const OVERLOAD_GAP_MS = 2000;
/** The first pause of the inspector's copy. */
export const BACKOFF_MIN_MS = 1000;
/** The longest pause, however long the overload lasts. */
export const BACKOFF_MAX_MS = 5000;
/** A pause this long after the last one starts again from BACKOFF_MIN_MS. */
const BACKOFF_RESET_MS = 10_000;
/** A batch goes before the turn ends once its chunks hold this many bytes (the worker starts sooner). */
const BATCH_BYTES = 1024 * 1024;

/**
 * What happened on the forwarding thread, in order. A chunk's bytes are the next `length` bytes
 * of the ring (from where the previous chunk ended, wrapping at its end).
 */
export type InspectorItem =
  | { kind: 'record'; record: UnnumberedRecord }
  | { kind: 'open'; stream: number; encoding: string; maxEventBytes?: number }
  | { kind: 'chunk'; stream: number; length: number; time: number }
  | { kind: 'skipped'; stream: number; bytes: number; time: number }
  | { kind: 'end'; stream: number; reason: CloseReason; message: string }
  /** Asks for the lines of everything before it now, then `synced`. */
  | { kind: 'sync'; id: number };

/** Forwarding thread to inspector thread. */
export type ToInspector = { kind: 'batch'; items: InspectorItem[] } | { kind: 'finish' };

/** Inspector thread to forwarding thread: NDJSON lines, and how many body bytes it has read. */
export type FromInspector =
  /** `bytes` absent when the worker writes the lines to outputFile itself. */
  | { kind: 'lines'; bytes?: Uint8Array; doneBytes: number }
  | { kind: 'outputFailed'; message: string }
  | { kind: 'synced'; id: number }
  | { kind: 'finished' };

/** What the worker is started with. */
export interface InspectorWorkerData {
  outputFd?: number;
  /** The chunks' ring (see InspectorItem). */
  ring: SharedArrayBuffer;
  /**
   * One Int32, 1 while the copy is paused (see the back-off above): the worker then drops the
   * chunks still queued, as skipped, instead of parsing them on a core the app needs.
   */
  paused: SharedArrayBuffer;
}

/**
 * The inspector's worker, built by scripts/build.mjs next to the bundle that imports this
 * (dist/cli.js and dist/extension.js both live in dist/, and so does this file).
 */
export function bundledWorkerScript(): string {
  return join(__dirname, 'captureWorker.js');
}

/** What the proxy needs to run its inspector in a thread of its own. */
export interface InspectorThreadOptions {
  /** The worker script: dist/captureWorker.js (bundledWorkerScript() from a shipped bundle). */
  script: string;
  /** NDJSON as UTF-8 (whole lines, numbered across the capture), in order. */
  onLines(bytes: Buffer): void;
  /**
   * Instead of onLines: a file descriptor (opened by the caller, who closes it after close())
   * the worker writes the lines to itself, so they never pass through the forwarding thread; a
   * slow disk then slows only the worker, whose copy skips chunks (and says so) as it falls behind.
   */
  outputFd?: number;
  /** Writing to outputFd failed: records stop there, forwarding goes on. */
  onOutputError?(message: string): void;
  /** The thread failed: records stop, forwarding goes on. */
  onError(message: string): void;
  /**
   * True while the records' output cannot keep up (a slow disk or pipe): chunks are then
   * skipped too, rather than pile up as records or slow the client.
   */
  outputBlocked?(): boolean;
  maxQueuedBytes?: number;
}

/** One stream's handle: what forwardRequest calls for an event-stream response. */
export interface InspectorHandle {
  write(chunk: Buffer): void;
  end(reason: CloseReason, message: string): void;
}

export class InspectorThread {
  private readonly worker: Worker;
  private sentBytes = 0;
  private doneBytes = 0;
  private failed = false;
  private finished: Promise<void> | undefined;
  private readonly maxQueued: number;
  /**
   * The batch being gathered this turn: items in order, and how many chunk bytes it holds. The
   * bytes are copied into the ring as they come (the raw relay reuses its read buffer at once).
   */
  private items: InspectorItem[] = [];
  private chunkBytes = 0;
  /** The ring the chunks are copied into; the worker reads it in the same order. */
  private readonly ring: Buffer;
  private scheduled = false;
  private readonly syncs = new Map<number, () => void>();
  private syncId = 0;
  /** Until when (Date.now()) no chunk is copied, after the inspector stayed behind. */
  private pausedUntil = 0;
  private nextPauseMs = BACKOFF_MIN_MS;
  private lastPauseAt = -Infinity;
  /** Shared with the worker: 1 while paused (InspectorWorkerData.paused). */
  private readonly paused = new Int32Array(new SharedArrayBuffer(4));
  /** When the queue started overflowing, and when it last did. */
  private overloadSince = 0;
  private lastOverflowAt = -Infinity;

  constructor(private readonly options: InspectorThreadOptions) {
    this.maxQueued = options.maxQueuedBytes ?? MAX_QUEUED_BYTES;
    const ring = new SharedArrayBuffer(Math.max(1, this.maxQueued));
    this.ring = Buffer.from(ring);
    const workerData: InspectorWorkerData = { outputFd: options.outputFd, ring, paused: this.paused.buffer as SharedArrayBuffer };
    this.worker = new Worker(options.script, { workerData, stdout: false, stderr: false });
    this.worker.on('message', (message: FromInspector) => {
      if (message.kind === 'synced') {
        this.syncs.get(message.id)?.();
        this.syncs.delete(message.id);
      }
      if (message.kind === 'outputFailed') options.onOutputError?.(message.message);
      if (message.kind !== 'lines') return;
      this.doneBytes = message.doneBytes;
      const { bytes } = message;
      if (bytes && bytes.byteLength > 0) options.onLines(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    });
    this.worker.on('error', (error) => this.fail(error.message));
    // A missing or broken script ends the thread without an error event.
    this.worker.on('exit', (code) => this.finished === undefined && this.fail(`exit code ${code}`));
  }

  record(record: UnnumberedRecord): void {
    this.queue({ kind: 'record', record });
  }

  open(stream: number, encoding: string, maxEventBytes: number | undefined): InspectorHandle {
    this.queue({ kind: 'open', stream, encoding, maxEventBytes });
    let skipped = 0;
    let skippedAt = 0;
    const flushSkipped = () => {
      if (skipped === 0) return;
      this.queue({ kind: 'skipped', stream, bytes: skipped, time: skippedAt });
      skipped = 0;
    };
    return {
      write: (chunk) => {
        if (this.failed) return;
        const now = Date.now();
        if (now < this.pausedUntil || this.overflows(chunk.length, now) || this.options.outputBlocked?.()) {
          if (skipped === 0) skippedAt = now;
          skipped += chunk.length;
          return;
        }
        flushSkipped();
        if (this.paused[0] === 1) Atomics.store(this.paused, 0, 0);
        // The skip test above keeps this clear of what the worker has not read yet.
        const at = this.sentBytes % this.ring.length;
        const first = chunk.copy(this.ring, at);
        if (first < chunk.length) chunk.copy(this.ring, 0, first);
        this.sentBytes += chunk.length;
        this.chunkBytes += chunk.length;
        this.queue({ kind: 'chunk', stream, length: chunk.length, time: now });
        if (this.chunkBytes >= BATCH_BYTES) this.flush();
      },
      end: (reason, message) => {
        flushSkipped();
        this.queue({ kind: 'end', stream, reason, message });
      },
    };
  }

  /**
   * Resolves once the lines of everything queued so far have been handed to onLines (records
   * a decompressor still holds may come later), or at once when the thread has failed.
   */
  settled(): Promise<void> {
    if (this.failed) return Promise.resolve();
    const id = ++this.syncId;
    const done = new Promise<void>((resolve) => this.syncs.set(id, resolve));
    this.queue({ kind: 'sync', id });
    return done;
  }

  /** Resolves once every record queued so far came back as lines, and the thread is gone. */
  close(): Promise<void> {
    this.flush();
    this.finished ??= new Promise<void>((resolve) => {
      if (this.failed) {
        void this.worker.terminate().then(() => resolve());
        return;
      }
      const done = () => void this.worker.terminate().then(() => resolve());
      this.worker.on('message', (message: FromInspector) => message.kind === 'finished' && done());
      this.worker.once('error', done);
      this.worker.once('exit', done);
      this.worker.postMessage({ kind: 'finish' } satisfies ToInspector);
    });
    return this.finished;
  }

  /**
   * Whether `length` more bytes would put the worker too far behind; if the queue has kept
   * overflowing for SUSTAINED_OVERLOAD_MS, also starts a pause.
   */
  private overflows(length: number, now: number): boolean {
    if (this.sentBytes - this.doneBytes + length <= this.maxQueued) return false;
    // A pause is no quiet spell: overflowing again just after one is the same overload.
    if (now - Math.max(this.lastOverflowAt, this.pausedUntil) > OVERLOAD_GAP_MS) this.overloadSince = now;
    this.lastOverflowAt = now;
    if (now - this.overloadSince >= SUSTAINED_OVERLOAD_MS) {
      if (now - this.lastPauseAt > BACKOFF_RESET_MS) this.nextPauseMs = BACKOFF_MIN_MS;
      this.lastPauseAt = now;
      this.pausedUntil = now + this.nextPauseMs;
      Atomics.store(this.paused, 0, 1);
      this.nextPauseMs = Math.min(BACKOFF_MAX_MS, this.nextPauseMs * 2);
    }
    return true;
  }

  private queue(item: InspectorItem): void {
    if (this.failed) return;
    this.items.push(item);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Posts the batch (its chunks' bytes are in the ring already). */
  private flush(): void {
    this.scheduled = false;
    if (this.items.length === 0 || this.failed) return;
    const message: ToInspector = { kind: 'batch', items: this.items };
    this.items = [];
    this.chunkBytes = 0;
    this.worker.postMessage(message);
  }

  private fail(reason: string): void {
    if (this.failed) return;
    this.failed = true;
    this.items = [];
    this.chunkBytes = 0;
    for (const resolve of this.syncs.values()) resolve();
    this.syncs.clear();
    this.options.onError(`The inspector's thread failed (${reason}): forwarding goes on, but nothing more is recorded.`);
  }
}
