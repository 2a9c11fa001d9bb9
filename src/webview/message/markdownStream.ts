/**
 * The merged text as Markdown while it streams, rendered incrementally: blocks that a later block
 * has already followed (markdown-it started a new top-level block after them) are frozen and
 * never rendered again; each update re-renders only the text from the last frozen block on. So a
 * paint costs the length of the last block, not of the whole answer (at 200 chunks/s a long
 * answer re-rendered whole every frame fell seconds behind: bench:live --llm). When the stream
 * ends, or the text is not a continuation of what was shown, the whole text is rendered again
 * from scratch, so the final view is exactly renderMarkdown's (e.g. a reference link defined
 * after its use resolves then).
 *
 * Frozen blocks go into groups of FROZEN_GROUP_BLOCKS, and a full group is skipped by the browser
 * while off screen (`content-visibility: auto`): what each frame's layout, paint and intersection
 * checks walk is a group per 32 blocks, not every block of the answer (per block, a 90,000-character
 * answer's update cost a third more than a short one's in plain Chromium, and kept growing).
 *
 * The last block can itself grow long (a paragraph that never ends, a large code block or JSON in
 * a fence): rendering it again on every update would cost its whole length each time. Past
 * PACED_TAIL_CHARS it is rendered again at most every tailLength / PACE_CHARS_PER_MS ms, and the
 * text that arrived in between shows at once, as plain text after it (`.sse-md-pending`); a
 * blank line in that text (a new block) renders at once.
 */
import { h } from '../dom';
import { appendMarkdown, lineOffset, renderMarkdown } from './markdown';

/** A last block shorter than this is rendered again on every update. */
const PACED_TAIL_CHARS = 4000;
/** Past it, the wait between two renders of the last block: 1 ms per this many characters of it. */
const PACE_CHARS_PER_MS = 100;
/** The longest wait, whatever the block's length. */
const MAX_PACE_MS = 1000;
/** Frozen blocks per group (see above). */
export const FROZEN_GROUP_BLOCKS = 32;

export class MarkdownStream {
  readonly element = h('div', 'sse-msg-text sse-markdown');
  /** The text whose blocks are frozen (a prefix of every later text while streaming). */
  private frozen = '';
  private frozenLines = 0;
  /** Nodes of the blocks after the frozen ones (replaced on each update). */
  private tail: HTMLElement[] = [];
  /** The last text shown, and whether that render was whole (not streaming). */
  private shown: string | undefined;
  private whole = false;
  /** How much of `shown` is rendered as Markdown; the rest is in `pending`, as plain text. */
  private renderedLength = 0;
  private pending: HTMLElement | undefined;
  /** When the last block was last rendered (performance.now()). */
  private renderedAt = Number.NEGATIVE_INFINITY;
  /** The group frozen blocks go into until it holds FROZEN_GROUP_BLOCKS, and how many it holds. */
  private openGroup: HTMLElement | undefined;
  private openGroupBlocks = 0;

  /** Shows `text`; `streaming` false renders it whole. */
  update(text: string, streaming: boolean): void {
    if (text === this.shown && (streaming || this.whole)) return;
    // A whole render's blocks are not tracked as frozen and tail: a streaming text after it (the
    // next stream, its first paint) starts from scratch, whatever it begins with.
    if (!streaming || this.whole || !text.startsWith(this.frozen)) this.reset();
    if (streaming && this.waitsToRender(text)) {
      this.showPending(text.slice(this.renderedLength));
      this.shown = text;
      return;
    }
    this.shown = text;
    this.whole = !streaming;
    this.renderedLength = text.length;
    this.renderedAt = performance.now();
    this.pending?.remove();
    this.pending = undefined;
    if (!streaming) {
      renderMarkdown(this.element, text);
      return;
    }
    for (const node of this.tail) node.remove();
    const rest = text.slice(this.frozen.length);
    const blocks = appendMarkdown(this.element, rest, this.frozenLines);
    // Everything before the last top-level block is followed by another block: it is done.
    const last = blocks.length >= 2 ? blocks[blocks.length - 1] : undefined;
    // Line numbers are markdown-it's, which also breaks lines at a lone \r: no freezing then.
    if (last && last.line > 0 && rest.indexOf('\r') === -1) {
      this.frozen += rest.slice(0, lineOffset(rest, last.line));
      this.frozenLines += last.line;
      const at = blocks.indexOf(last);
      this.freeze(blocks.slice(0, at).map((b) => b.node));
      this.tail = blocks.slice(at).map((b) => b.node);
    } else this.tail = blocks.map((b) => b.node);
  }

  /** Forgets what was rendered (another stream, the raw view, no text). */
  reset(): void {
    this.element.textContent = '';
    this.frozen = '';
    this.frozenLines = 0;
    this.tail = [];
    this.shown = undefined;
    this.whole = false;
    this.renderedLength = 0;
    this.pending = undefined;
    this.renderedAt = Number.NEGATIVE_INFINITY;
    this.openGroup = undefined;
    this.openGroupBlocks = 0;
  }

  /**
   * Moves blocks that are done into the open group (they come right after it), and seals a full
   * group: from then on the browser skips it while it is off screen. A sealed group is new to the
   * browser's size memory, so its height is measured first and stands in for it; else it would
   * count as its placeholder size until seen, and the answer would shrink under a reader who
   * follows its end. The group is its own formatting context from the start (panel.css), so
   * moving a block in or sealing the group moves nothing on screen.
   */
  private freeze(nodes: HTMLElement[]): void {
    for (const node of nodes) {
      if (!this.openGroup) {
        this.openGroup = h('div', 'sse-md-group');
        node.before(this.openGroup);
      }
      this.openGroup.append(node);
      if (++this.openGroupBlocks < FROZEN_GROUP_BLOCKS) continue;
      const group = this.openGroup;
      group.style.containIntrinsicSize = `auto ${group.offsetHeight}px`;
      group.classList.add('sse-md-frozen');
      this.openGroup = undefined;
      this.openGroupBlocks = 0;
    }
  }

  /**
   * Whether `text` (a continuation of what is shown) may wait for the last block's next render:
   * that block is long, rendered lately, and no new block began since.
   */
  private waitsToRender(text: string): boolean {
    if (this.shown === undefined || !text.startsWith(this.shown)) return false;
    const tailLength = this.renderedLength - this.frozen.length;
    if (tailLength < PACED_TAIL_CHARS) return false;
    if (text.indexOf('\n\n', Math.max(this.renderedLength - 1, 0)) !== -1) return false;
    return performance.now() - this.renderedAt < Math.min(MAX_PACE_MS, tailLength / PACE_CHARS_PER_MS);
  }

  /** Shows text not rendered yet as plain text after the rendered blocks (its own block, so the long one is not laid out again). */
  private showPending(text: string): void {
    if (!this.pending) {
      this.pending = h('div', 'sse-md-pending');
      this.element.append(this.pending);
    }
    this.pending.textContent = text;
  }
}
