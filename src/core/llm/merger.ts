/**
 * Merges the events of one LLM stream (one connection) into the answer: detects the format from
 * the first events unless one is forced, feeds every event to that format's reader, and keeps
 * the timing. O(1) amortised per event; `toRecord()` builds the `merged` record on demand.
 */
import type { EventRecord, LlmFormat, MergedChoice, MergedRecord, MergedToolCall } from '../../shared/records';
import { MessageBuilder, type ChoiceState, type FormatReader, type ToolCallState } from './builder';
import { detectFormat } from './detect';
import type { CustomRule } from './formats/custom';
import { JsonRpcReader } from './formats/jsonRpc';
import { createReader } from './readers';
import { StreamTiming } from './timing';

/** How to merge: a forced format, or auto-detection (the default). */
export interface MergeOptions {
  format?: LlmFormat | 'auto';
  /** The rule for the `custom` format (forcing `custom` needs one). */
  custom?: CustomRule;
  /**
   * Keep, for every piece of text, the seq of the event that delivered it (TextChannel.pieces):
   * the panel's link from the text to the table. Off by default: the rest only needs the text.
   */
  pieces?: boolean;
}

/** Events looked at for detection before the stream is taken for not an LLM stream. */
const DETECT_WINDOW = 20;

export class StreamMerger {
  readonly timing = new StreamTiming();
  private reader?: FormatReader;
  private state?: MessageBuilder;
  /** Events seen before the format was known (bounded by DETECT_WINDOW). */
  private pending: EventRecord[] = [];
  private undetectable = false;
  private lastSeq = 0;
  private lastTime = 0;

  constructor(private readonly options: MergeOptions = {}, requestTime?: number) {
    this.timing.requestTime = requestTime;
    if (options.format && options.format !== 'auto') this.start(options.format);
  }

  /** The format being merged, once known. */
  get format(): LlmFormat | undefined {
    return this.state?.format;
  }

  /** The state so far, once the format is known. */
  get builder(): MessageBuilder | undefined {
    return this.state;
  }

  /** True once the stream's terminal event (or provider error) arrived. */
  get terminal(): boolean {
    return this.state?.terminal ?? false;
  }

  /**
   * True once the stream said it is over: its terminal event or a provider error, or for Gemini,
   * which has no terminal event, a finish reason on its answer.
   */
  get finished(): boolean {
    return this.terminal || (this.state?.format === 'gemini' && this.state.complete);
  }

  /** Feeds one event; returns true when it belonged to the merge (the format is known). */
  push(event: EventRecord): boolean {
    // Not an LLM stream: nothing more to keep (the panel feeds every event of every stream here).
    if (this.undetectable) return false;
    this.timing.event(event.time);
    this.lastSeq = event.seq;
    this.lastTime = event.time;
    if (this.state) {
      this.apply(event);
      return true;
    }
    return this.detect(event);
  }

  /** Buffers `event` until the format is known, then merges what was buffered. */
  private detect(event: EventRecord): boolean {
    const format = detectFormat(event.type, parseData(event.data));
    this.pending.push(event);
    if (format === undefined) {
      if (this.pending.length >= DETECT_WINDOW) {
        this.undetectable = true;
        this.pending = [];
      }
      return false;
    }
    this.start(format);
    const buffered = this.pending;
    this.pending = [];
    for (const e of buffered) this.apply(e);
    return true;
  }

  private start(format: LlmFormat): void {
    this.state = new MessageBuilder(format, this.options.pieces === true);
    this.reader = createReader(format, this.options.custom);
  }

  private apply(event: EventRecord): void {
    const b = this.state!;
    const reader = this.reader!;
    b.added = false;
    if (reader.readRaw !== undefined && !event.truncated && reader.readRaw(b, event.data, event.seq)) {
      if (b.added) this.timing.content(event.time);
      return;
    }
    const data = event.data.trim();
    const end = this.options.custom?.endMarker;
    if (b.format === 'custom' && end !== undefined && data === end) b.end(true);
    else if (data === '[DONE]') {
      if (reader.done) reader.done(b);
    } else if (event.truncated) b.gap(event.seq);
    else {
      const json = parseData(data);
      if (json === undefined) b.gap(event.seq);
      else {
        // A reader's surprise at odd data is a gap, never the end of merging.
        try {
          reader.read(b, json, event.type, event.seq, data);
        } catch {
          b.gap(event.seq);
        }
      }
    }
    if (b.added) this.timing.content(event.time);
  }

  /** The `merged` record for what arrived so far, or undefined when no format was detected. */
  toRecord(endTime?: number): MergedRecord | undefined {
    const b = this.state;
    // A forced format with no events yet is no answer (e.g. before the first connection).
    if (!b || this.timing.chunks === 0) return undefined;
    const rec: MergedRecord = { kind: 'merged', seq: this.lastSeq, time: endTime ?? this.lastTime, format: b.format, complete: b.terminal ? b.complete : b.complete && b.format === 'gemini', timing: this.timing.summary(b.chars, b.usage?.outputTokens, endTime) };
    if (b.model) rec.model = b.model;
    const choices = b.choices();
    const first = choices[0];
    if (first) {
      if (first.text.text) rec.text = first.text.text;
      if (first.refusal.text) rec.refusal = first.refusal.text;
      if (first.reasoning.text) rec.reasoning = first.reasoning.text;
      if (first.toolCalls.length > 0) rec.toolCalls = first.toolCalls.map(toolCallOut);
      if (first.finishReason) rec.finishReason = first.finishReason;
    }
    if (b.status) rec.status = b.status;
    if (b.usage) rec.usage = { ...b.usage };
    if (b.error) rec.error = { message: b.error.message, ...(b.error.type ? { type: b.error.type } : {}), ...(b.error.code ? { code: b.error.code } : {}) };
    if (choices.length > 1) rec.choices = choices.map(choiceOut);
    if (b.gaps.length > 0) rec.gaps = b.gaps.slice(0, 1000);
    if (this.reader instanceof JsonRpcReader) rec.rpc = this.reader.messages.map((m) => ({ ...m }));
    // Reorder so that the record reads like the README's example.
    const { timing, complete, ...rest } = rec;
    return { ...rest, complete, timing };
  }
}

function toolCallOut(call: ToolCallState): MergedToolCall {
  return { ...(call.id ? { id: call.id } : {}), ...(call.name ? { name: call.name } : {}), arguments: call.arguments };
}

function choiceOut(choice: ChoiceState): MergedChoice {
  const out: MergedChoice = { index: choice.index, text: choice.text.text };
  if (choice.toolCalls.length > 0) out.toolCalls = choice.toolCalls.map(toolCallOut);
  if (choice.finishReason) out.finishReason = choice.finishReason;
  return out;
}

/** The event's data as JSON, or undefined when it is not JSON. */
function parseData(data: string): unknown {
  const c = data.charCodeAt(0);
  // Only objects and arrays are chunks; this also skips `[DONE]` and plain text cheaply.
  if (c !== 0x7b && c !== 0x5b) {
    const t = data.trimStart();
    if (!t.startsWith('{') && !t.startsWith('[')) return undefined;
  }
  try {
    return JSON.parse(data);
  } catch {
    return undefined;
  }
}
