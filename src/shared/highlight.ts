/**
 * Splitting text into plain and matched pieces for search highlighting. Pure: the DOM side
 * turns each piece into a text node (matches wrapped in a <mark>), never into HTML.
 */

/** A half-open range `[start, end)` of UTF-16 code units. */
export type Range = readonly [start: number, end: number];

/** One piece of highlighted text. */
export interface Segment {
  text: string;
  match: boolean;
}

/**
 * Cuts `text` at the given ranges. Ranges may come unsorted, overlap or run past the end:
 * they are clipped and merged, so the segments always concatenate back to `text`.
 */
export function segment(text: string, ranges: readonly Range[]): Segment[] {
  const clipped = ranges
    .map(([s, e]): [number, number] => [Math.max(0, s), Math.min(text.length, e)])
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
  const out: Segment[] = [];
  let pos = 0;
  for (const [s, e] of clipped) {
    if (e <= pos) continue; // wholly inside a range already emitted
    const start = Math.max(s, pos);
    const last = out[out.length - 1];
    if (start > pos) out.push({ text: text.slice(pos, start), match: false });
    else if (last?.match) {
      // Overlapping or touching ranges become one highlight.
      last.text += text.slice(start, e);
      pos = e;
      continue;
    }
    out.push({ text: text.slice(start, e), match: true });
    pos = e;
  }
  if (pos < text.length || out.length === 0) out.push({ text: text.slice(pos), match: false });
  return out;
}
