/**
 * The mutable state one LLM stream builds up, and the only ways formats change it. Every append
 * is O(1) amortised (TextChannel), so the live panel can feed it event by event.
 */
import type { LlmFormat, MergedUsage } from '../../shared/records';

/** Pieces appended before they are joined into one flat block (see TextChannel). */
const FOLD = 256;
/** Pieces per block of the piece table (a seq and an end offset each). */
const BLOCK = 2048;

/**
 * Text with, when asked for, the seq of the event that delivered every piece of it (the panel's
 * link from the text to the table; `record` and the checks only write the text). Appending is O(1)
 * and allocates little: pieces wait in a short list and are joined into one flat string every
 * FOLD pieces, so they die young instead of each surviving (with a rope node, and with the whole
 * decoded network chunk a sliced piece points into) for as long as the answer is kept. The piece
 * table lives in fixed-size typed blocks: no element objects, no copying as it grows.
 */
export class TextChannel {
  private flat = '';
  /**
   * The pieces not yet folded: the first `held` slots of an array of FOLD slots, allocated whole
   * (grown push by push it cost as much as the rest of an append). A fresh one per fold rather
   * than one reused: a reused array soon lives in V8's old generation, where storing each new
   * piece into it goes through the write barrier, and it had to be emptied after each fold so
   * that no piece outlived it (together about 75 instructions a chunk, bench:merge --instructions).
   */
  private recent: string[] = new Array<string>(FOLD);
  private held = 0;
  private chars = 0;
  private count = 0;
  /** Piece i: blocks[i / BLOCK] holds its seq at 2k and its end offset at 2k + 1 (k = i % BLOCK). */
  private readonly blocks: Float64Array[] = [];
  /** The last piece's seq and where its end offset sits (in `block`): appends touch no lookup. */
  private lastSeq = Number.NaN;
  private block: Float64Array | undefined;
  private endAt = 0;

  constructor(private readonly tracksPieces = true) {}

  /** The text so far. */
  get text(): string {
    if (this.held > 0) this.fold();
    return this.flat;
  }

  /** Its length, without joining. */
  get length(): number {
    return this.chars;
  }

  /** How many pieces (events) delivered it; 0 when pieces are not tracked. */
  get pieceCount(): number {
    return this.count;
  }

  append(text: string, seq: number): void {
    if (text === '') return;
    this.recent[this.held++] = text;
    if (this.held === FOLD) this.fold();
    this.chars += text.length;
    if (!this.tracksPieces) return;
    // Consecutive appends from one event (several parts in one chunk) stay one piece.
    if (seq === this.lastSeq) {
      this.block![this.endAt] = this.chars;
      return;
    }
    const k = this.count % BLOCK;
    if (k === 0) this.blocks.push((this.block = new Float64Array(BLOCK * 2)));
    const block = this.block!;
    block[k * 2] = seq;
    block[(this.endAt = k * 2 + 1)] = this.chars;
    this.lastSeq = seq;
    this.count++;
  }

  /** Pieces `from` .. the last: their seqs and end offsets, as plain arrays (for a message). */
  pieces(from = 0): { seqs: number[]; ends: number[] } {
    const seqs: number[] = [];
    const ends: number[] = [];
    for (let i = Math.max(0, from); i < this.count; i++) {
      seqs.push(this.seqOf(i));
      ends.push(this.endOf(i));
    }
    return { seqs, ends };
  }

  /** The seq of the event that delivered the character at `offset` (binary search). */
  seqAt(offset: number): number | undefined {
    let lo = 0;
    let hi = this.count - 1;
    if (hi < 0 || offset < 0 || offset >= this.chars) return undefined;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.endOf(mid) > offset) hi = mid;
      else lo = mid + 1;
    }
    return this.seqOf(lo);
  }

  private seqOf(i: number): number {
    return this.blocks[Math.floor(i / BLOCK)][(i % BLOCK) * 2];
  }

  private endOf(i: number): number {
    return this.blocks[Math.floor(i / BLOCK)][(i % BLOCK) * 2 + 1];
  }

  private fold(): void {
    // join copies the pieces into one flat string: the pieces (and what they point into) can go.
    this.flat += this.held === FOLD ? this.recent.join('') : this.recent.slice(0, this.held).join('');
    this.recent = new Array<string>(FOLD);
    this.held = 0;
  }
}

/** One tool call being assembled. */
export interface ToolCallState {
  id?: string;
  name?: string;
  arguments: string;
  /** Seq of the event that started it. */
  seq: number;
  /** Set when the provider sent the finished arguments whole (they replace the fragments). */
  done?: boolean;
}

/** One choice (candidate); most streams have only index 0. */
export class ChoiceState {
  readonly text: TextChannel;
  readonly reasoning: TextChannel;
  readonly refusal: TextChannel;
  readonly toolCalls: ToolCallState[] = [];
  private readonly toolsByKey = new Map<string | number, ToolCallState>();
  finishReason?: string;

  constructor(
    readonly index: number,
    tracksPieces: boolean,
  ) {
    this.text = new TextChannel(tracksPieces);
    this.reasoning = new TextChannel(tracksPieces);
    this.refusal = new TextChannel(tracksPieces);
  }

  /** The tool call under `key` (index, item id, block index...), created at `seq` when new. */
  toolCall(key: string | number, seq: number): ToolCallState {
    let call = this.toolsByKey.get(key);
    if (!call) {
      call = { arguments: '', seq };
      this.toolsByKey.set(key, call);
      this.toolCalls.push(call);
    }
    return call;
  }

  /** The tool call under `key`, if there is one. */
  peekToolCall(key: string | number): ToolCallState | undefined {
    return this.toolsByKey.get(key);
  }

  /** A tool call that is never continued (Gemini sends each call whole). */
  newToolCall(seq: number): ToolCallState {
    const call: ToolCallState = { arguments: '', seq };
    this.toolCalls.push(call);
    return call;
  }
}

/** A provider error event. */
export interface ProviderError {
  message: string;
  type?: string;
  code?: string;
  seq: number;
}

/** What a stream has told so far; formats write it through the methods below. */
export class MessageBuilder {
  private readonly choiceList: ChoiceState[] = [];
  model?: string;
  status?: string;
  usage?: MergedUsage;
  error?: ProviderError;
  /** The stream sent its terminal event. */
  terminal = false;
  /** The terminal event said the answer is whole (not an error). */
  complete = false;
  /** Seqs of events that could not be read. */
  readonly gaps: number[] = [];
  /** Set by every append of text, reasoning or tool arguments; the merger resets it per event. */
  added = false;
  /** Characters of text, reasoning, refusal and tool arguments so far. */
  chars = 0;

  /** `tracksPieces`: keep which event delivered each piece of text (see TextChannel). */
  constructor(
    readonly format: LlmFormat,
    private readonly tracksPieces = false,
  ) {}

  choice(index = 0): ChoiceState {
    let choice = this.choiceList[index];
    if (!choice) {
      choice = new ChoiceState(index, this.tracksPieces);
      this.choiceList[index] = choice;
    }
    return choice;
  }

  /** The choices that exist, by index. */
  choices(): ChoiceState[] {
    return this.choiceList.filter((c) => c !== undefined);
  }

  appendText(channel: 'text' | 'reasoning' | 'refusal', text: unknown, seq: number, choice = 0): void {
    if (typeof text !== 'string' || text === '') return;
    this.choice(choice)[channel].append(text, seq);
    this.added = true;
    this.chars += text.length;
  }

  /** appendText for a channel the caller already holds (the openai-chat shortcut), non-empty text only. */
  appendTo(channel: TextChannel, text: string, seq: number): void {
    if (text === '') return;
    channel.append(text, seq);
    this.added = true;
    this.chars += text.length;
  }

  appendArguments(call: ToolCallState, fragment: unknown): void {
    if (typeof fragment !== 'string' || fragment === '') return;
    call.arguments += fragment;
    this.added = true;
    this.chars += fragment.length;
  }

  /** A tool call's name or id is news too (ttft counts the first event that starts a call). */
  touched(): void {
    this.added = true;
  }

  setUsage(usage: MergedUsage): void {
    const clean: MergedUsage = {};
    for (const key of ['inputTokens', 'outputTokens', 'reasoningTokens'] as const) {
      const value = usage[key];
      if (typeof value === 'number' && Number.isFinite(value)) clean[key] = value;
    }
    if (Object.keys(clean).length > 0) this.usage = { ...this.usage, ...clean };
  }

  setError(error: unknown, seq: number): void {
    const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as Record<string, unknown>;
    const message = typeof e.message === 'string' ? e.message : JSON.stringify(error);
    const type = typeof e.type === 'string' ? e.type : typeof e.status === 'string' ? e.status : undefined;
    const code = typeof e.code === 'string' || typeof e.code === 'number' ? String(e.code) : undefined;
    this.error = { message, seq, ...(type !== undefined ? { type } : {}), ...(code !== undefined ? { code } : {}) };
  }

  /** The stream's terminal event arrived; `complete` says whether the answer is whole. */
  end(complete: boolean): void {
    this.terminal = true;
    this.complete = complete;
  }

  gap(seq: number): void {
    this.gaps.push(seq);
  }
}

/** Reads one event of a format into the builder. One instance per stream (it may keep state). */
export interface FormatReader {
  /** `json` is the event's data parsed (`data` the text it came from); `type` its SSE event type. */
  read(builder: MessageBuilder, json: unknown, type: string, seq: number, data?: string): void;
  /**
   * A cheap read of the raw data, tried before the JSON parse; true when it fully read the
   * event. Formats without a shortcut leave it out.
   */
  readRaw?(builder: MessageBuilder, data: string, seq: number): boolean;
  /** `data: [DONE]` (OpenAI chat, AI SDK); formats without it leave it out. */
  done?(builder: MessageBuilder): void;
}

/** Small helpers formats share. */
export function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
