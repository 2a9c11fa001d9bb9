/**
 * Bytes of one `text/event-stream` response in, spec events out: one streaming UTF-8 decoder,
 * eventsource-parser for the field rules, and the rules the parser leaves to its caller (the
 * default type `message`, the size limit). Plain Node; reused across reconnects via `reset()`.
 *
 * Memory stays bounded whatever the stream does: a block that keeps growing across chunks is
 * handed to an OversizeFilter (see there) before it exceeds the limit, so neither the parser
 * nor this reader ever holds much more than `maxEventBytes` of one block.
 */
import { createParser, type EventSourceMessage, type EventSourceParser } from 'eventsource-parser';
import { BlockTracker } from './blockTracker';
import type { ParseProblem } from './connectionObserver';
import { OversizeFilter } from './oversizeFilter';
import { truncateUtf8, utf8ByteLength } from './utf8';

/** Default limit for one event's data: 16 MiB. */
export const DEFAULT_MAX_EVENT_BYTES = 16 * 1024 * 1024;

/** Room for the non-data lines of a block (event, id) before it counts as oversized. */
const BLOCK_SLACK_UNITS = 1024;

/** Receives what the stream says, in stream order. Called synchronously from `write`. */
export interface StreamSink {
  /**
   * A dispatched event. `id` is the block's own id field when it had one; `size` is the real
   * size of the data in UTF-8 bytes; `truncated` says `data` was cut to `maxEventBytes`.
   */
  onEvent(type: string, data: string, id: string | undefined, size: number, truncated: boolean): void;
  /** A block set the last event ID (also a block without data: the spec still updates the id). */
  onId(id: string): void;
  /** A comment line, without the colon and one following space. */
  onComment(text: string): void;
  /** A valid (all ASCII digits) `retry` field. */
  onRetry(ms: number): void;
  /** A line the parser ignored: an unknown field or an invalid `retry` (for diagnostics only). */
  onParseError?(problem: ParseProblem): void;
}

export class EventStreamReader {
  private decoder = newDecoder();
  private readonly parser: EventSourceParser;
  private readonly tracker = new BlockTracker();
  private readonly filter: OversizeFilter;
  /** True while the current block goes through the filter. */
  private engaged = false;
  /** A filtered block ended with a CR that ended its text: drop one leading LF of the next. */
  private skipLf = false;
  private readonly maxBlockUnits: number;

  constructor(
    private readonly sink: StreamSink,
    /** Data beyond this many UTF-8 bytes is cut; the event then says how big it really was. */
    readonly maxEventBytes: number = DEFAULT_MAX_EVENT_BYTES,
  ) {
    if (!(maxEventBytes >= 1)) throw new RangeError(`maxEventBytes must be at least 1 (got ${maxEventBytes}).`);
    // A UTF-16 unit is at least one UTF-8 byte, so a block within this many units holds at most
    // about the limit of data; beyond it the filter takes over.
    this.maxBlockUnits = maxEventBytes + BLOCK_SLACK_UNITS;
    // Callbacks are created once per reader, never per event.
    this.parser = createParser({
      onEvent: (message) => this.dispatch(message),
      onId: (id) => this.sink.onId(id),
      onComment: (text) => this.sink.onComment(text),
      onRetry: (ms) => this.sink.onRetry(ms),
      onError: (error) => this.sink.onParseError?.({ type: error.type, field: error.field, line: error.line }),
    });
    this.filter = new OversizeFilter(maxEventBytes, maxEventBytes + 16, (text) => this.parser.feed(text));
  }

  /** Reads the next bytes of the response body. */
  write(bytes: Uint8Array): void {
    const text = this.decoder.decode(bytes, { stream: true });
    if (text.length > 0) this.feedText(text);
  }

  /**
   * The stream ended (or broke): an unterminated last block is dropped, as the spec says, and
   * the reader is ready for the next response.
   */
  reset(): void {
    this.decoder = newDecoder();
    this.parser.reset();
    this.tracker.reset();
    this.engaged = false;
    this.skipLf = false;
  }

  /**
   * True when the text read since the last blank line holds a `data` line: if the stream ends
   * now, the spec drops that event. Call before `reset()`; looks only at the current block.
   */
  pendingData(): boolean {
    if (this.engaged) return this.filter.dataBytes > 0 || this.filter.hasData;
    if (this.tracker.chars === 0) return false;
    let text = this.tracker.parts.join('');
    // The parser strips the stream's one BOM: a first line after it is still a field.
    if (this.tracker.atStreamStart && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return /(?:^|[\r\n])data(?:[:\r\n]|$)/.test(text);
  }

  /** Reads already decoded text (the part of `write` after decoding). */
  feedText(text: string): void {
    if (this.skipLf) {
      this.skipLf = false;
      if (text.charCodeAt(0) === 10) text = text.slice(1);
    }
    if (this.engaged) {
      const end = this.filter.push(text);
      if (end === -1) return;
      this.engaged = false;
      this.tracker.reset();
      this.tracker.atStreamStart = false;
      this.skipLf = this.filter.endedWithCr;
      text = text.slice(end);
    }
    if (text.length === 0) return;

    const blockEnd = this.tracker.lastBlockEnd(text);
    const pending = blockEnd === -1 ? this.tracker.chars + text.length : text.length - blockEnd;
    if (pending <= this.maxBlockUnits) {
      this.parser.feed(text);
      this.tracker.advance(text, blockEnd);
      return;
    }
    this.engageFilter(text, blockEnd);
  }

  /**
   * The block now being read would exceed the bound: restart it through the filter. The parser
   * holds nothing but that block's beginning (a block boundary leaves it clean), so resetting
   * it and replaying the block's text through the filter loses nothing.
   */
  private engageFilter(text: string, blockEnd: number): void {
    // `replay`: the block's text, the last piece not yet read by the parser, the others already read.
    let replay: string[];
    let atStreamStart: boolean;
    if (blockEnd !== -1) {
      this.parser.feed(text.slice(0, blockEnd));
      replay = [text.slice(blockEnd)];
      atStreamStart = false;
    } else {
      replay = this.tracker.parts;
      replay.push(text);
      atStreamStart = this.tracker.atStreamStart;
    }
    this.tracker.reset();
    this.parser.reset();
    // After reset the parser would strip a BOM again; one blank line on a clean state dispatches
    // nothing and settles that (the filter strips the stream's one BOM itself).
    this.parser.feed('\n');
    this.filter.begin(atStreamStart);
    this.engaged = true;
    // Earlier pieces hold no blank line (else the block would have started later): only the
    // last can end the block, and what follows it goes through feedText again.
    const last = replay.length - 1;
    for (let i = 0; i < last; i++) this.filter.replay(replay[i]);
    this.feedText(replay[last]);
  }

  private dispatch(message: EventSourceMessage): void {
    let data = message.data;
    let size: number;
    let truncated = false;
    if (this.engaged) {
      size = this.filter.dataBytes;
      truncated = size > this.maxEventBytes;
    } else {
      size = utf8ByteLength(data);
      if (size > this.maxEventBytes) {
        data = truncateUtf8(data, this.maxEventBytes);
        truncated = true;
      }
    }
    // The parser leaves `event` undefined for a block without (or with an empty) event field.
    this.sink.onEvent(message.event || 'message', data, message.id, size, truncated);
  }
}

/** `ignoreBOM: true`: the parser strips the one BOM the spec allows; a decoder would strip another. */
function newDecoder(): TextDecoder {
  return new TextDecoder('utf-8', { ignoreBOM: true });
}
