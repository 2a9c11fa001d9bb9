/**
 * A chunk's wire text (ChunkRecord.text, see src/core/diagnostics/wireText.ts) cut into what the
 * Wire view shows: runs of plain text, and markers for each line ending (CR, LF, CRLF), BOM,
 * NUL and each byte that is not valid UTF-8 (escaped as U+DC80 + byte). A byte of a character
 * that a chunk boundary split in two is marked `split` rather than invalid.
 */

export type WireSegment =
  | { kind: 'text'; text: string }
  | { kind: 'cr' | 'lf' | 'crlf' | 'bom' | 'nul' }
  | { kind: 'byte'; byte: number; split: boolean };

const ESCAPE_LOW = 0xdc80;
const ESCAPE_HIGH = 0xdcff;

export function wireSegments(text: string): WireSegment[] {
  const out: WireSegment[] = [];
  let run = 0;
  const flush = (i: number) => {
    if (i > run) out.push({ kind: 'text', text: text.slice(run, i) });
  };
  const { leadingSplit, trailingSplit } = splitBytes(text);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let segment: WireSegment | undefined;
    let width = 1;
    if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) {
        segment = { kind: 'crlf' };
        width = 2;
      } else segment = { kind: 'cr' };
    } else if (c === 10) segment = { kind: 'lf' };
    else if (c === 0xfeff) segment = { kind: 'bom' };
    else if (c === 0) segment = { kind: 'nul' };
    else if (c >= ESCAPE_LOW && c <= ESCAPE_HIGH) {
      segment = { kind: 'byte', byte: c - 0xdc00, split: i < leadingSplit || i >= text.length - trailingSplit };
    }
    if (segment === undefined) continue;
    flush(i);
    out.push(segment);
    i += width - 1;
    run = i + 1;
  }
  flush(text.length);
  return out;
}

/** How many escaped bytes at the start continue a character from the previous chunk, and at the end begin one. */
function splitBytes(text: string): { leadingSplit: number; trailingSplit: number } {
  const byteAt = (i: number) => {
    const c = text.charCodeAt(i);
    return c >= ESCAPE_LOW && c <= ESCAPE_HIGH ? c - 0xdc00 : -1;
  };
  let leadingSplit = 0;
  while (leadingSplit < 3 && leadingSplit < text.length && (byteAt(leadingSplit) & 0xc0) === 0x80 && byteAt(leadingSplit) !== -1) leadingSplit++;
  let trailingSplit = 0;
  for (let back = 1; back <= 3 && back <= text.length; back++) {
    const b = byteAt(text.length - back);
    if (b === -1) break;
    if ((b & 0xc0) === 0x80) continue;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 ? 2 : 1;
    if (need > back) trailingSplit = back;
    break;
  }
  return { leadingSplit, trailingSplit };
}

/** The index of the chunk that completed the record `seq`: the last chunk whose seq is below it; -1 when none. */
export function chunkIndexForSeq(chunkSeqs: readonly number[], seq: number): number {
  let lo = 0;
  let hi = chunkSeqs.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (chunkSeqs[mid] < seq) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
