/**
 * Knows, at every chunk boundary, where the current event block of an event stream began, so
 * the reader can bound what one block may hold (see eventStreamReader.ts). It only looks for
 * blank lines: field parsing stays with eventsource-parser.
 *
 * Line terminators are CR, LF or CRLF (WHATWG HTML, "Parsing an event stream"); a CRLF may be
 * split across chunks, so a CR at the very end of a chunk leaves it open whether a leading LF of
 * the next chunk is the rest of that terminator (it is, and is not a blank line).
 */

const LF = 10;
const CR = 13;

/** What the previous text ended with. */
export const enum LineEnd {
  /** Mid-line: the last character was not a line terminator. */
  Mid = 0,
  /** At the start of a line (after LF or CRLF, or at the start of the stream). */
  Lf = 1,
  /** After a lone CR: at the start of a line, and a leading LF is the rest of a CRLF. */
  Cr = 2,
}

export class BlockTracker {
  /** The pieces of text of the current, not yet finished block, oldest first. */
  parts: string[] = [];
  /** Sum of the lengths of `parts` (UTF-16 code units). */
  chars = 0;
  /** True while the current block starts at the very beginning of the stream (its BOM, if any, is in `parts`). */
  atStreamStart = true;
  /** How the text seen so far ended. */
  end: LineEnd = LineEnd.Lf;
  /** No text seen yet: a leading U+FEFF is the stream's BOM, which the parser strips, not line content. */
  private bomPossible = true;

  reset(): void {
    this.parts = [];
    this.chars = 0;
    this.atStreamStart = true;
    this.end = LineEnd.Lf;
    this.bomPossible = true;
  }

  /** Where line content starts in `text`: after the stream's BOM, if this is the first text and it has one. */
  private contentStart(text: string): number {
    return this.bomPossible && text.charCodeAt(0) === 0xfeff ? 1 : 0;
  }

  /**
   * Index in `text` just past the terminator of its last blank line, -1 when `text` has none.
   * Does not change state (see `advance`).
   */
  lastBlockEnd(text: string): number {
    if (text.length === 0) return -1;
    const start = this.contentStart(text);
    const swallowLf = this.end === LineEnd.Cr && text.charCodeAt(0) === LF;
    let last = -1;
    if (text.indexOf('\r') === -1) {
      // Fast path (nearly every real stream): LF only. Any LF right after a terminator is a
      // blank line, whether the first LF ended a CRLF or not.
      const pair = text.lastIndexOf('\n\n');
      if (pair !== -1) last = pair + 2;
      else if (text.charCodeAt(start) === LF && this.end === LineEnd.Lf) last = start + 1;
    } else {
      last = this.scanWithCr(text, swallowLf ? 1 : start);
    }
    // The LF that completes a CRLF blank line from the previous chunk still belongs to that line.
    if (last === -1 && swallowLf && this.chars === 0) last = 1;
    return last;
  }

  /** Records that `text` was read; `blockEnd` is what `lastBlockEnd(text)` returned. */
  advance(text: string, blockEnd: number): void {
    if (text.length === 0) return;
    const onlyBom = text.length === 1 && this.contentStart(text) === 1;
    this.bomPossible = false;
    if (blockEnd !== -1) {
      this.parts = blockEnd < text.length ? [text.slice(blockEnd)] : [];
      this.chars = text.length - blockEnd;
      this.atStreamStart = false;
    } else {
      this.parts.push(text);
      this.chars += text.length;
    }
    if (!onlyBom) this.end = endOf(text, this.end);
  }

  /** The general scan, for text that contains a CR. */
  private scanWithCr(text: string, from: number): number {
    let pos = from;
    let atLineStart = this.end !== LineEnd.Mid;
    let last = -1;
    let cr = text.indexOf('\r', pos);
    let lf = text.indexOf('\n', pos);
    while (cr !== -1 || lf !== -1) {
      const t = cr === -1 ? lf : lf === -1 ? cr : Math.min(cr, lf);
      let next = t + 1;
      if (text.charCodeAt(t) === CR && text.charCodeAt(next) === LF) next++;
      if (t === pos && atLineStart) last = next;
      pos = next;
      atLineStart = true;
      if (cr !== -1 && cr < pos) cr = text.indexOf('\r', pos);
      if (lf !== -1 && lf < pos) lf = text.indexOf('\n', pos);
    }
    return last;
  }
}

/** How `text` ends, given how the text before it ended (needed when `text` is a lone LF). */
export function endOf(text: string, before: LineEnd): LineEnd {
  if (text.length === 0) return before;
  const lastChar = text.charCodeAt(text.length - 1);
  if (lastChar === CR) return LineEnd.Cr;
  if (lastChar === LF) return LineEnd.Lf;
  return LineEnd.Mid;
}
