/**
 * The forwarding side of the inspector's thread (see inspectorWorker.ts). Every capture parses
 * in that thread, the CLI's and the extension's alike; the forwarding thread only notes what
 * happens, in order, and once per turn of the event loop posts it as one batch: the records and
 * stream events as small objects, the body chunks of all event streams copied into one buffer
 * whose memory is transferred, not cloned. One allocation, one copy and one message per turn,
 * however many chunks came; parsing, numbering and formatting happen in the worker, which hands
 * back NDJSON already encoded.
 *
 * Forwarding never waits for the inspector: when the worker falls more than MAX_QUEUED_BYTES
 * behind (or the records' output is blocked), further chunks are not copied to it. The client
 * still gets every byte; the worker writes an `error` record (code INSPECTOR_SKIPPED) saying
 * how many bytes its copy of that stream lost and where, and resumes parsing at the next blank
 * line. Memory stays bounded by that queue whatever the stream's rate.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { UnnumberedRecord } from './streamInspector';
import type { CloseReason } from '../../shared/records';

/** How far (in body bytes) the inspector may fall behind before its copy skips chunks. */
export const MAX_QUEUED_BYTES = 32 * 1024 * 1024;
/** A batch goes before the turn ends once its chunks hold this many bytes (one transfer stays small). */
const BATCH_BYTES = 1024 * 1024;

/** What happened on the forwarding thread, in order. A chunk's bytes are the next `length` of the batch's buffer. */
export type InspectorItem =
  | { kind: 'record'; record: UnnumberedRecord }
  | { kind: 'open'; stream: number; encoding: string; maxEventBytes?: number }
  | { kind: 'chunk'; stream: number; length: number; time: number }
  | { kind: 'skipped'; stream: number; bytes: number; time: number }
  | { kind: 'end'; stream: number; reason: CloseReason; message: string }
  /** Asks for the lines of everything before it now, then `synced`. */
  | { kind: 'sync'; id: number };

/** Forwarding thread to inspector thread. */
export type ToInspector = { kind: 'batch'; items: InspectorItem[]; bytes?: Uint8Array } | { kind: 'finish' };

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
   * The batch being gathered this turn: items in order, and the chunks' bytes, copied in as
   * they come (a caller may reuse its read buffer at once: the raw relay does).
   */
  private items: InspectorItem[] = [];
  private batch: Buffer | undefined;
  private chunkBytes = 0;
  private scheduled = false;
  private readonly syncs = new Map<number, () => void>();
  private syncId = 0;

  constructor(private readonly options: InspectorThreadOptions) {
    this.maxQueued = options.maxQueuedBytes ?? MAX_QUEUED_BYTES;
    const workerData: InspectorWorkerData = { outputFd: options.outputFd };
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
        if (this.sentBytes - this.doneBytes + chunk.length > this.maxQueued || this.options.outputBlocked?.()) {
          if (skipped === 0) skippedAt = Date.now();
          skipped += chunk.length;
          return;
        }
        flushSkipped();
        this.sentBytes += chunk.length;
        this.append(chunk);
        this.queue({ kind: 'chunk', stream, length: chunk.length, time: Date.now() });
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

  private queue(item: InspectorItem): void {
    if (this.failed) return;
    this.items.push(item);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /**
   * Copies a chunk into the batch's buffer: grown by doubling up to BATCH_BYTES (a quiet stream's
   * batch stays small), posted first when the chunk would not fit.
   */
  private append(chunk: Buffer): void {
    const needed = this.chunkBytes + chunk.length;
    if (this.batch && needed > this.batch.length) {
      if (needed > BATCH_BYTES) this.flush();
      else {
        const grown = Buffer.allocUnsafeSlow(Math.min(BATCH_BYTES, Math.max(needed, 2 * this.batch.length)));
        this.batch.copy(grown, 0, 0, this.chunkBytes);
        this.batch = grown;
      }
    }
    // Its own memory (not the pool's), so it can be transferred.
    this.batch ??= Buffer.allocUnsafeSlow(Math.max(chunk.length, 16 * 1024));
    chunk.copy(this.batch, this.chunkBytes);
    this.chunkBytes += chunk.length;
  }

  /** Posts the batch: the records and its chunks' buffer, whose memory is transferred. */
  private flush(): void {
    this.scheduled = false;
    if (this.items.length === 0 || this.failed) return;
    let bytes: Uint8Array | undefined;
    if (this.batch && this.chunkBytes > 0) bytes = new Uint8Array(this.batch.buffer, this.batch.byteOffset, this.chunkBytes);
    const message: ToInspector = { kind: 'batch', items: this.items, bytes };
    this.items = [];
    this.batch = undefined;
    this.chunkBytes = 0;
    this.worker.postMessage(message, bytes ? [bytes.buffer as ArrayBuffer] : undefined);
  }

  private fail(reason: string): void {
    if (this.failed) return;
    this.failed = true;
    this.items = [];
    this.batch = undefined;
    this.chunkBytes = 0;
    for (const resolve of this.syncs.values()) resolve();
    this.syncs.clear();
    this.options.onError(`The inspector's thread failed (${reason}): forwarding goes on, but nothing more is recorded.`);
  }
}
