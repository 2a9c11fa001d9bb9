/**
 * The Message view beside the table: the merged answer of an LLM stream (Markdown or raw text),
 * reasoning (collapsed), tool calls, finish reason, model, usage and a timing strip, updated live
 * (at most once per frame: `update` only stores, `paint` builds). Every piece of text leads back to
 * the event that delivered it: a click selects that event in the table.
 */
import type { LlmFormatChoice, LlmMessageView } from '../../shared/protocol';
import type { MergedToolCall } from '../../shared/records';
import { h } from '../dom';
import { isOpenableUrl, lineOffset } from './markdown';
import { MarkdownStream } from './markdownStream';
import { applyViewDelta } from './viewDelta';
import { seqAtOffset, textOfSeq } from './pieces';
import { timingStrip } from './timingStrip';

const CHOICES: LlmFormatChoice[] = ['auto', 'off', 'openai-chat', 'openai-responses', 'anthropic', 'gemini', 'ai-sdk', 'json-rpc'];
/** Raw view: one span per piece up to this many, the rest as one text node (long streams). */
const MAX_PIECE_SPANS = 4000;
/** Within this many pixels of the end counts as at the end (a line of text). */
const FOLLOW_SLACK_PX = 24;

export interface MessageViewEvents {
  selectSeq(seq: number): void;
  openLink(url: string): void;
  chooseFormat(choice: LlmFormatChoice): void;
}

export class MessageView {
  readonly element = h('section', 'sse-message');
  private readonly picker = h('select', 'sse-msg-picker');
  private readonly rawToggle = h('button', 'sse-button sse-msg-raw', 'Raw');
  private readonly body = h('div', 'sse-msg-body');
  /** The Markdown text, kept across paints: while the answer streams only its last block is rendered again. */
  private readonly markdown = new MarkdownStream();
  private view: LlmMessageView | null = null;
  private raw = false;
  private dirty = false;
  private reasoningOpen = false;

  constructor(private readonly events: MessageViewEvents) {
    this.element.setAttribute('aria-label', 'Message');
    for (const choice of CHOICES) {
      const option = h('option', undefined, choice === 'auto' ? 'Format: detect' : choice === 'off' ? 'Format: off' : `Format: ${choice}`);
      option.value = choice;
      this.picker.append(option);
    }
    this.picker.title = 'How this panel reads LLM streams';
    this.picker.addEventListener('change', () => this.events.chooseFormat(this.picker.value as LlmFormatChoice));
    this.rawToggle.title = 'Show the merged text as raw text instead of Markdown';
    this.rawToggle.setAttribute('aria-pressed', 'false');
    this.rawToggle.addEventListener('click', () => {
      this.raw = !this.raw;
      this.rawToggle.setAttribute('aria-pressed', String(this.raw));
      this.dirty = true;
      this.paint();
    });
    const bar = h('div', 'sse-msg-bar-top');
    bar.append(h('span', 'sse-msg-title', 'Message'), this.picker, this.rawToggle);
    this.element.append(bar, this.body);
    this.body.addEventListener('click', (e) => this.onClick(e));
    this.element.hidden = true;
  }

  /** Stores the latest view; the next `paint` shows it. */
  update(view: LlmMessageView | null, choice: LlmFormatChoice): void {
    this.view = view && applyViewDelta(this.view, view);
    this.picker.value = choice;
    this.dirty = true;
  }

  get visible(): boolean {
    return this.view !== null || this.picker.value !== 'auto';
  }

  /** What event `seq` added to the answer, for the detail pane (undefined when nothing). */
  contribution(seq: number): { text?: string; reasoning?: string } | undefined {
    const v = this.view;
    if (!v) return undefined;
    const text = textOfSeq(v.textPieces, v.merged.text ?? '', seq);
    const reasoning = textOfSeq(v.reasoningPieces, v.merged.reasoning ?? '', seq);
    if (!text && !reasoning) return undefined;
    return { ...(text ? { text } : {}), ...(reasoning ? { reasoning } : {}) };
  }

  paint(): void {
    if (!this.dirty) return;
    this.dirty = false;
    this.element.hidden = !this.visible;
    const v = this.view;
    const details = this.body.querySelector('details');
    if (details) this.reasoningOpen = details.open;
    if (!v) {
      this.body.textContent = '';
      this.markdown.reset();
      this.body.append(h('p', 'sse-msg-empty', this.picker.value === 'off' ? 'Merging is off for this panel.' : 'No LLM stream recognised in this format.'));
      return;
    }
    const m = v.merged;
    // A reader at the end follows the answer as it streams, as in a chat; one who scrolled up stays.
    const body = this.body;
    const following = body.scrollHeight - body.scrollTop - body.clientHeight <= FOLLOW_SLACK_PX;
    // Built around the Markdown text, which stays in the document between paints: taking it out
    // and back in would lay the whole answer out again on every frame.
    const head: Node[] = [];
    const tail: Node[] = [];
    let markdown = false;
    const add = (...nodes: Node[]): void => void (markdown ? tail : head).push(...nodes);
    if (m.error) {
      const box = h('div', 'sse-msg-error');
      box.setAttribute('role', 'alert');
      box.append(h('strong', undefined, `Provider error${m.error.type ? ` (${m.error.type})` : ''}${m.error.code ? ` ${m.error.code}` : ''}: `), document.createTextNode(m.error.message));
      add(box);
    }
    add(this.badges(v));
    if (m.reasoning) {
      const details = h('details', 'sse-msg-reasoning');
      details.open = this.reasoningOpen;
      details.append(h('summary', undefined, `Reasoning (${m.reasoning.length.toLocaleString('en-US')} characters)`), this.rawText(m.reasoning, v.reasoningPieces));
      add(details);
    }
    if (m.refusal) add(h('div', 'sse-msg-refusal', `Refusal: ${m.refusal}`));
    if (m.text && !this.raw) {
      this.markdown.update(m.text, v.streaming);
      markdown = true;
    } else {
      this.markdown.reset();
      const text = h('div', 'sse-msg-text');
      if (m.text) text.append(this.rawText(m.text, v.textPieces));
      add(text);
    }
    for (const call of m.toolCalls ?? []) add(toolCall(call, v.streaming));
    for (const choice of (m.choices ?? []).slice(1)) {
      const other = h('div', 'sse-msg-choice');
      other.append(h('div', 'sse-msg-choice-title', `Choice ${choice.index}${choice.finishReason ? ` · ${choice.finishReason}` : ''}`), h('div', 'sse-msg-rawtext', choice.text));
      add(other);
    }
    for (const msg of m.rpc ?? []) {
      const line = h('div', 'sse-msg-rpc', `#${msg.seq} ${msg.kind}${msg.method ? ` ${msg.method}` : ''}${msg.id !== undefined ? ` id ${msg.id}` : ''}${msg.pairedSeq !== undefined ? ` ↔ #${msg.pairedSeq}` : ''}`);
      line.dataset.seq = String(msg.seq);
      add(line);
    }
    if (m.gaps && m.gaps.length > 0) {
      const gaps = h('div', 'sse-msg-gaps', `${m.gaps.length} event${m.gaps.length === 1 ? '' : 's'} could not be read (merging went on): `);
      for (const seq of m.gaps.slice(0, 20)) {
        const link = h('span', 'sse-msg-seq', `#${seq}`);
        link.dataset.seq = String(seq);
        gaps.append(link, document.createTextNode(' '));
      }
      add(gaps);
    }
    add(timingStrip(v));
    const keep = markdown ? this.markdown.element : undefined;
    for (const child of Array.from(this.body.childNodes)) if (child !== keep) child.remove();
    if (!keep) this.body.append(...head);
    else {
      if (keep.parentNode !== this.body) this.body.append(keep);
      keep.before(...head);
      keep.after(...tail);
    }
    if (following && v.streaming) body.scrollTop = body.scrollHeight;
  }

  private badges(v: LlmMessageView): HTMLElement {
    const m = v.merged;
    const row = h('div', 'sse-msg-badges');
    const badge = (text: string, cls = '', title = ''): void => {
      const el = h('span', `sse-msg-badge ${cls}`.trim(), text);
      if (title) el.title = title;
      row.append(el);
    };
    badge(m.format, '', 'Format');
    if (m.model) badge(m.model, '', 'Model');
    if (m.finishReason) badge(`finish: ${m.finishReason}`);
    if (m.status) badge(`status: ${m.status}`);
    if (v.streaming) badge('streaming…', 'is-streaming');
    else if (!m.complete) badge('incomplete', 'is-incomplete', 'The stream ended without its terminal event');
    if (m.usage) {
      const u = m.usage;
      badge(`tokens: ${u.inputTokens ?? '–'} in / ${u.outputTokens ?? '–'} out${u.reasoningTokens !== undefined ? ` (${u.reasoningTokens} reasoning)` : ''}`, '', 'Usage as the stream reported it; reasoning is counted inside output tokens');
    }
    return row;
  }

  /** Raw text with one span per piece (each knows its event), bounded for long streams. */
  private rawText(text: string, pieces: LlmMessageView['textPieces']): HTMLElement {
    const el = h('div', 'sse-msg-rawtext');
    const n = Math.min(pieces.seqs.length, MAX_PIECE_SPANS);
    let start = 0;
    for (let i = 0; i < n; i++) {
      const span = h('span', 'sse-msg-piece', text.slice(start, pieces.ends[i]));
      span.dataset.seq = String(pieces.seqs[i]);
      el.append(span);
      start = pieces.ends[i];
    }
    if (start < text.length) el.append(document.createTextNode(text.slice(start)));
    return el;
  }

  private onClick(e: MouseEvent): void {
    const target = e.target instanceof Element ? e.target : null;
    if (!target) return;
    const link = target.closest('a[data-href]');
    if (link instanceof HTMLElement && link.dataset.href && isOpenableUrl(link.dataset.href)) {
      e.preventDefault();
      this.events.openLink(link.dataset.href);
      return;
    }
    const seqEl = target.closest('[data-seq]');
    if (seqEl instanceof HTMLElement) {
      this.events.selectSeq(Number(seqEl.dataset.seq));
      return;
    }
    const block = target.closest('[data-line]');
    const v = this.view;
    if (block instanceof HTMLElement && v?.merged.text) {
      const seq = seqAtOffset(v.textPieces, lineOffset(v.merged.text, Number(block.dataset.line)));
      if (seq !== undefined) this.events.selectSeq(seq);
    }
  }
}

function toolCall(call: MergedToolCall, streaming: boolean): HTMLElement {
  const box = h('div', 'sse-msg-tool');
  box.append(h('div', 'sse-msg-tool-name', `Tool call: ${call.name ?? '(no name yet)'}${call.id ? ` · ${call.id}` : ''}`));
  let shown = call.arguments;
  let parsed = false;
  try {
    shown = JSON.stringify(JSON.parse(call.arguments), null, 2);
    parsed = true;
  } catch {
    // Still streaming, or not JSON: shown as sent.
  }
  const pre = h('pre', 'sse-msg-tool-args', shown);
  if (!parsed) pre.title = streaming ? 'Arguments still streaming (raw)' : 'Arguments are not valid JSON (raw)';
  box.append(pre);
  return box;
}
