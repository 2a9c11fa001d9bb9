/**
 * The forwarding side of the inspector's thread (see inspectorWorker.ts). The forwarding thread
 * only copies each chunk of an event-stream body and posts it (the copy's memory is
 * transferred, not cloned); parsing, numbering and formatting happen in the worker, which hands
 * back NDJSON already encoded.
 *
 * Forwarding never waits for the inspector: when the worker falls more than MAX_QUEUED_BYTES
 * behind (or the records' output is blocked), further chunks are not copied to it. The client
 * still gets every byte; the worker writes an `error` record (code INSPECTOR_SKIPPED) saying
 * how many bytes its copy of that stream lost and where, and resumes parsing at the next blank
 * line. Memory stays bounded by that queue whatever the stream's rate.
 */
import { Worker } from 'node:worker_threads';
import type { UnnumberedRecord } from './streamInspector';
import { INSPECTOR_WORKER_FLAG } from './inspectorWorker';
import type { CloseReason } from '../../shared/records';

/** How far (in body bytes) the inspector may fall behind before its copy skips chunks. */
export const MAX_QUEUED_BYTES = 32 * 1024 * 1024;

/** Forwarding thread to inspector thread. */
export type ToInspector =
  | { kind: 'record'; record: UnnumberedRecord }
  | { kind: 'open'; stream: number; encoding: string; maxEventBytes?: number }
  | { kind: 'chunk'; stream: number; bytes: Uint8Array; time: number }
  | { kind: 'skipped'; stream: number; bytes: number; time: number }
  | { kind: 'end'; stream: number; reason: CloseReason; message: string }
  | { kind: 'finish' };

/** Inspector thread to forwarding thread: NDJSON lines, and how many body bytes it has read. */
export type FromInspector = { kind: 'lines'; bytes: Uint8Array; doneBytes: number } | { kind: 'finished' };

/** What the proxy needs to run its inspector in a thread of its own. */
export interface InspectorThreadOptions {
  /** A script that calls runInspectorWorker() when isInspectorWorker() (the CLI's bundle does). */
  script: string;
  /** NDJSON as UTF-8 (whole lines, numbered across the capture), in order. */
  onLines(bytes: Buffer): void;
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

  constructor(private readonly options: InspectorThreadOptions) {
    this.maxQueued = options.maxQueuedBytes ?? MAX_QUEUED_BYTES;
    this.worker = new Worker(options.script, { workerData: { [INSPECTOR_WORKER_FLAG]: true }, stdout: false, stderr: false });
    this.worker.on('message', (message: FromInspector) => {
      if (message.kind !== 'lines') return;
      this.doneBytes = message.doneBytes;
      const { bytes } = message;
      if (bytes.byteLength > 0) options.onLines(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    });
    this.worker.on('error', (error) => {
      if (this.failed) return;
      this.failed = true;
      options.onError(`The inspector's thread failed (${error.message}): forwarding goes on, but nothing more is recorded.`);
    });
  }

  record(record: UnnumberedRecord): void {
    this.post({ kind: 'record', record });
  }

  open(stream: number, encoding: string, maxEventBytes: number | undefined): InspectorHandle {
    this.post({ kind: 'open', stream, encoding, maxEventBytes });
    let skipped = 0;
    let skippedAt = 0;
    const flushSkipped = () => {
      if (skipped === 0) return;
      this.post({ kind: 'skipped', stream, bytes: skipped, time: skippedAt });
      skipped = 0;
    };
    return {
      write: (chunk) => {
        if (this.sentBytes - this.doneBytes + chunk.length > this.maxQueued || this.options.outputBlocked?.()) {
          if (skipped === 0) skippedAt = Date.now();
          skipped += chunk.length;
          return;
        }
        flushSkipped();
        // A copy: the original may still sit in the client socket's write queue.
        const bytes = new Uint8Array(chunk.length);
        bytes.set(chunk);
        this.sentBytes += chunk.length;
        this.post({ kind: 'chunk', stream, bytes, time: Date.now() }, [bytes.buffer]);
      },
      end: (reason, message) => {
        flushSkipped();
        this.post({ kind: 'end', stream, reason, message });
      },
    };
  }

  /** Resolves once every record posted so far came back as lines, and the thread is gone. */
  close(): Promise<void> {
    this.finished ??= new Promise<void>((resolve) => {
      if (this.failed) {
        void this.worker.terminate().then(() => resolve());
        return;
      }
      const done = () => void this.worker.terminate().then(() => resolve());
      this.worker.on('message', (message: FromInspector) => message.kind === 'finished' && done());
      this.worker.once('error', done);
      this.post({ kind: 'finish' });
    });
    return this.finished;
  }

  private post(message: ToInspector, transfer?: ArrayBuffer[]): void {
    if (this.failed) return;
    this.worker.postMessage(message, transfer);
  }
}
