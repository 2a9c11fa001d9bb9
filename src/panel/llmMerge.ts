/**
 * The panel's LLM merge: feeds every record of the session to a SessionMerger (O(1) each) and
 * updates the Message view at most every POST_INTERVAL_MS (longer for long answers), and at once
 * when the answer ends. The webview paints it at most once per frame. A format picked in the
 * panel re-merges what the log holds.
 *
 * In the panel the live updates ride on the view's frames (`requestFrame` + `take`), which go
 * only once the webview acknowledged the previous one: on a busy machine a separate message per
 * update queued up in the workbench's relay, hundreds of milliseconds deep (bench:live --llm),
 * while a frame always carries the newest state. Without `requestFrame` updates are posted.
 */
import { StreamMerger, type MergeOptions } from '../core/llm/merger';
import { SessionMerger } from '../core/llm/sessionMerger';
import { GAP_BUCKETS } from '../core/llm/timing';
import type { LlmFormatChoice, LlmMessageView, LlmUpdate, LlmViewDelta, TextPieces } from '../shared/protocol';
import type { MergedRecord, StreamRecord } from '../shared/records';
import type { ChoiceState, TextChannel } from '../core/llm/builder';

const POST_INTERVAL_MS = 25;
/**
 * A long answer is posted less often: 1 ms more per 8,000 characters, up to a second. Posts carry
 * only what is new and the Markdown renders incrementally, but the raw view and the reasoning
 * still render whole.
 */
const MAX_POST_INTERVAL_MS = 1000;

export class PanelLlmMerge {
  private merger: SessionMerger;
  /** The last connection that merged (kept when a reconnect starts a stream that is no LLM stream). */
  private shown?: { stream: StreamMerger; ended?: MergedRecord };
  private timer: ReturnType<typeof setTimeout> | undefined;
  private dirty = false;
  /** An update is due and waits for the next frame to `take` it. */
  private due = false;
  /** When the last update was taken by a frame (performance.now()). */
  private takenAt = Number.NEGATIVE_INFINITY;
  /** What the webview has of the shown answer: later posts carry only what is new (LlmMessageView.delta). */
  private sent?: LlmViewDelta & { stream: StreamMerger; choice?: ChoiceState };

  constructor(
    private choice: LlmFormatChoice,
    private readonly post: (view: LlmMessageView | null, choice: LlmFormatChoice) => void,
    /** Asks for a frame soon (the panel's LiveView.tick), which will `take` the update. */
    private readonly requestFrame?: () => void,
  ) {
    this.merger = this.create();
  }

  get format(): LlmFormatChoice {
    return this.choice;
  }

  /** The current connection's LLM stream said it is over (see StreamMerger.finished). */
  get finished(): boolean {
    return this.choice !== 'off' && this.merger.stream.finished;
  }

  push(record: StreamRecord): void {
    if (this.choice === 'off') return;
    this.feed(record);
    if (this.shown) this.schedule();
  }

  private feed(record: StreamRecord): void {
    this.merger.push(record);
    if (this.merger.stream.format !== undefined && this.shown?.stream !== this.merger.stream) this.shown = { stream: this.merger.stream };
  }

  /** Merges `records` again, e.g. after the user picked another format. */
  reset(records: readonly StreamRecord[], choice = this.choice): void {
    this.choice = choice;
    this.shown = undefined;
    this.merger = this.create();
    if (choice !== 'off') for (const record of records) this.feed(record);
    this.flush();
  }

  /** The merged record of the last LLM connection, for exports. */
  mergedRecord(): MergedRecord | undefined {
    return this.shown?.ended ?? this.shown?.stream.toRecord();
  }

  /**
   * Posts now (the answer ended, or the webview just loaded: `whole`, since a new webview has
   * nothing a delta could build on).
   */
  flush(whole = false): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.dirty = false;
    this.due = false;
    if (whole) this.sent = undefined;
    this.post(this.view(), this.choice);
  }

  /** The update due, for the frame about to go (undefined when none is due). */
  take(): LlmUpdate | undefined {
    if (!this.due) return undefined;
    this.due = false;
    this.dirty = false;
    this.takenAt = performance.now();
    return { view: this.view(), choice: this.choice };
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private create(): SessionMerger {
    // The Message view links each piece of text to the event that delivered it.
    const options: MergeOptions = { pieces: true, ...(this.choice === 'auto' || this.choice === 'off' ? {} : { format: this.choice }) };
    return new SessionMerger(options, (record) => {
      if (this.shown) this.shown.ended = record;
      this.flush();
    });
  }

  private schedule(): void {
    this.dirty = true;
    if (this.timer !== undefined || this.due) return;
    const chars = this.shown?.stream.builder?.chars ?? 0;
    const interval = Math.min(MAX_POST_INTERVAL_MS, Math.max(POST_INTERVAL_MS, chars / 8000));
    // Riding on frames, an update an interval after the last one goes with the next frame: no
    // timer's wait on top of the frame's.
    const wait = this.takenAt + interval - performance.now();
    if (this.requestFrame && wait <= 0) {
      this.due = true;
      this.requestFrame();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.dirty) return;
      if (!this.requestFrame) return this.flush();
      this.due = true;
      this.requestFrame();
    }, this.requestFrame ? wait : interval);
  }

  private view(): LlmMessageView | null {
    const shown = this.shown;
    let before = this.sent?.stream === shown?.stream ? this.sent : undefined;
    this.sent = undefined;
    if (!shown || this.choice === 'off') return null;
    const merged = shown.ended ?? shown.stream.toRecord();
    const builder = shown.stream.builder;
    if (!merged || !builder) return null;
    const choice = builder.choices()[0];
    const text = merged.text ?? '';
    const reasoning = merged.reasoning ?? '';
    // The first choice's text only grows; a lower choice index showing up later starts over.
    if (before && (before.choice !== choice || text.length < before.text || reasoning.length < before.reasoning)) before = undefined;
    this.sent = { stream: shown.stream, choice, text: text.length, textPieces: count(choice?.text), reasoning: reasoning.length, reasoningPieces: count(choice?.reasoning) };
    const view: LlmMessageView = {
      merged,
      textPieces: pieces(choice?.text, before?.textPieces),
      reasoningPieces: pieces(choice?.reasoning, before?.reasoningPieces),
      gapHistogram: shown.stream.timing.histogram(),
      gapBuckets: GAP_BUCKETS,
      streaming: shown.ended === undefined,
      choice: this.choice,
    };
    if (before) {
      // Only what is new: the text and reasoning after what was sent (both only ever grow).
      const delta: LlmViewDelta = { text: before.text, textPieces: before.textPieces, reasoning: before.reasoning, reasoningPieces: before.reasoningPieces };
      const rest = { ...merged };
      delete rest.text;
      delete rest.reasoning;
      if (text.length > before.text) rest.text = text.slice(before.text);
      if (reasoning.length > before.reasoning) rest.reasoning = reasoning.slice(before.reasoning);
      return { ...view, merged: rest, delta };
    }
    return view;
  }
}

function pieces(channel: TextChannel | undefined, from = 0): TextPieces {
  return channel ? channel.pieces(from) : { seqs: [], ends: [] };
}

function count(channel: TextChannel | undefined): number {
  return channel?.pieceCount ?? 0;
}
