/** Which event delivered which part of a merged text (see TextPieces in the protocol). */
import type { TextPieces } from '../../shared/protocol';

/** The seq of the event that delivered the character at `offset`, or undefined. */
export function seqAtOffset(pieces: TextPieces, offset: number): number | undefined {
  const { seqs, ends } = pieces;
  let lo = 0;
  let hi = ends.length - 1;
  if (hi < 0 || offset < 0 || offset >= ends[hi]) return undefined;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ends[mid] > offset) hi = mid;
    else lo = mid + 1;
  }
  return seqs[lo];
}

/** The text event `seq` added: its pieces joined (usually one). Seqs ascend, so a binary search finds them. */
export function textOfSeq(pieces: TextPieces, text: string, seq: number): string {
  const { seqs, ends } = pieces;
  let lo = 0;
  let hi = seqs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (seqs[mid] < seq) lo = mid + 1;
    else hi = mid;
  }
  let out = '';
  for (let i = lo; i < seqs.length && seqs[i] === seq; i++) out += text.slice(i > 0 ? ends[i - 1] : 0, ends[i]);
  return out;
}
