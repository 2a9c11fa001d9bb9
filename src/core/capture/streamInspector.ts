/**
 * The inspector's copy of one event-stream response: the body bytes as forwarded (still
 * compressed when the upstream compressed them) decoded, then read by the same
 * EventStreamReader the client uses, into the usual records, each marked with its stream.
 *
 * Nothing here can slow the client down: the proxy pipes the bytes to the client itself and
 * only hands each chunk here as well. Decompression runs on zlib's thread pool; its output
 * is read as it comes.
 */
import * as zlib from 'node:zlib';
import { EventStreamReader, type StreamSink } from '../eventStreamReader';
import type { CaptureFileRecord, CloseReason, EventRecord } from '../../shared/records';

/** Records without `seq`: the proxy numbers them across the whole capture. */
export type UnnumberedRecord = CaptureFileRecord extends infer R ? (R extends CaptureFileRecord ? Omit<R, 'seq'> : never) : never;

/** A decompressor for a Content-Encoding, undefined for none, null for one we cannot read. */
function decoderFor(encoding: string, firstByte: number): zlib.Gzip | zlib.Inflate | zlib.BrotliDecompress | undefined | null {
  // Every chunk is decoded as far as it goes, so events show when they arrive, not when zlib's buffer fills.
  const flush = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
  switch (encoding) {
    case '':
    case 'identity':
      return undefined;
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip(flush);
    case 'deflate':
      // "deflate" should be zlib-wrapped, but some servers send raw deflate: a zlib stream's
      // first byte says method 8 in its low bits.
      return (firstByte & 0x0f) === 8 ? zlib.createInflate(flush) : zlib.createInflateRaw(flush);
    case 'br':
      return zlib.createBrotliDecompress({
        flush: zlib.constants.BROTLI_OPERATION_FLUSH,
        finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH,
      });
    default:
      return null;
  }
}

/**
 * Where the text after the first blank line (LF LF, CR CR or CR LF CR LF) starts, or -1.
 * `recent` holds the last three bytes seen before (most recent last) and is updated, so a
 * blank line split across chunks is found too.
 */
function afterBlankLine(bytes: Buffer, recent: number[]): number {
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    const [b3, b2, b1] = recent;
    recent.shift();
    recent.push(byte);
    if ((byte === 10 && b1 === 10) || (byte === 13 && b1 === 13) || (byte === 10 && b1 === 13 && b2 === 10 && b3 === 13)) return i + 1;
  }
  return -1;
}

export class StreamInspector implements StreamSink {
  private readonly reader: EventStreamReader;
  private decoder: zlib.Gzip | zlib.Inflate | zlib.BrotliDecompress | undefined | null;
  private started = false;
  private done = false;
  private lastId = '';
  private chunkTime = 0;
  /** After skipped bytes: parsing resumes after the next blank line. `lastByte` spans chunks. */
  private resync = false;
  private recent = [-1, -1, -1];

  constructor(
    private readonly stream: number,
    /** The response's Content-Encoding, lowercased and trimmed. */
    private readonly encoding: string,
    private readonly emit: (record: UnnumberedRecord) => void,
    maxEventBytes?: number,
  ) {
    this.reader = new EventStreamReader(this, maxEventBytes);
  }

  /** One chunk of the body as received from upstream (at `time`, default now). */
  write(chunk: Buffer, time?: number): void {
    if (this.done) return;
    this.chunkTime = time ?? Date.now();
    if (!this.started) {
      this.started = true;
      this.decoder = decoderFor(this.encoding, chunk[0]);
      if (this.decoder === null) {
        this.finish('failed', `Forwarded, not parsed: the inspector cannot decode Content-Encoding "${this.encoding}".`);
        return;
      }
      this.decoder?.on('data', (plain: Buffer) => this.read(plain));
      this.decoder?.on('error', (error: Error) => this.finish('failed', `Forwarded, but the inspector could not decode it: ${error.message}`));
    }
    if (this.decoder) this.decoder.write(chunk);
    else this.read(chunk);
  }

  /**
   * The body ended (`ended`), the upstream broke (`failed`) or the client went away
   * (`stopped`): one `closed` record, after the records of everything decoded so far.
   */
  end(reason: CloseReason, message: string): void {
    if (this.done) return;
    const decoder = this.decoder;
    if (decoder && reason === 'ended') {
      decoder.once('end', () => this.finish(reason, message));
      decoder.end();
      return;
    }
    if (decoder) {
      decoder.removeAllListeners('data');
      decoder.on('error', () => undefined);
      decoder.destroy();
    }
    this.finish(reason, message);
  }

  /**
   * `bytes` of the body were forwarded but not handed here (the inspector's thread fell
   * behind): one `error` record says so, and parsing resumes at the next blank line, so no
   * event is made of two halves. A compressed body cannot be decoded past a gap.
   */
  skipped(bytes: number, time: number): void {
    if (this.done) return;
    this.emit({
      kind: 'error', stream: this.stream, time, code: 'INSPECTOR_SKIPPED', willReconnect: false,
      message: `The inspector fell behind and skipped ${bytes} bytes of this stream here; the client received every byte unchanged.`,
      hint: 'Records resume at the next event. Only the recording has the gap.',
    });
    if (this.decoder) {
      this.end('failed', 'Forwarded, but the inspector skipped part of this compressed stream and cannot decode past the gap.');
      return;
    }
    if (!this.started) return;
    this.reader.reset();
    this.resync = true;
    this.recent = [-1, -1, -1];
  }

  /** True once the `closed` record is out. */
  get finished(): boolean {
    return this.done;
  }

  private read(bytes: Buffer): void {
    if (this.done) return;
    if (this.resync) {
      const start = afterBlankLine(bytes, this.recent);
      if (start === -1) return;
      this.resync = false;
      bytes = bytes.subarray(start);
    }
    this.reader.write(bytes);
  }

  private finish(reason: CloseReason, message: string): void {
    if (this.done) return;
    this.done = true;
    // An unterminated last block is dropped, as a browser drops it.
    this.reader.reset();
    this.emit({ kind: 'closed', stream: this.stream, time: Date.now(), reason, message });
  }

  // ---- StreamSink ----

  onEvent(type: string, data: string, id: string | undefined, size: number, truncated: boolean): void {
    const record: Omit<EventRecord, 'seq'> = { kind: 'event', stream: this.stream, time: this.chunkTime, type, data, lastEventId: this.lastId, size };
    if (id !== undefined) record.id = id;
    if (truncated) record.truncated = true;
    this.emit(record);
  }

  onId(id: string): void {
    this.lastId = id;
  }

  onComment(text: string): void {
    this.emit({ kind: 'comment', stream: this.stream, time: this.chunkTime, text });
  }

  onRetry(ms: number): void {
    this.emit({ kind: 'retry', stream: this.stream, time: this.chunkTime, retry: ms });
  }
}
