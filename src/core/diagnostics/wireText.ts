/**
 * A chunk's bytes as text that loses nothing (ChunkRecord.text): valid UTF-8 becomes its
 * characters, and every byte that is not part of a valid sequence within the chunk becomes the
 * lone surrogate U+DC80 + byte ("surrogate escape", as Python's `surrogateescape`). Lone
 * surrogates never come out of a UTF-8 decoder, so the two cannot be confused, and
 * `wireTextToBytes` gives back the exact bytes. CR, LF, NUL and a BOM stay themselves (JSON
 * writes them as \r, \n, \u0000 and U+FEFF), so a viewer can mark each.
 */
import { isUtf8 } from 'node:buffer';

/** First of the 128 escape code points: U+DC80 + byte for bytes 0x80..0xFF. */
export const ESCAPE_BASE = 0xdc00;

export function bytesToWireText(bytes: Uint8Array): string {
  // Nearly every chunk is valid UTF-8 on its own: one native check, one native decode.
  if (isUtf8(bytes)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  let out = '';
  let i = 0;
  let runStart = 0;
  while (i < bytes.length) {
    const len = sequenceLength(bytes, i);
    if (len > 0) {
      i += len;
      continue;
    }
    if (i > runStart) out += Buffer.from(bytes.buffer, bytes.byteOffset + runStart, i - runStart).toString('utf8');
    out += String.fromCharCode(ESCAPE_BASE + bytes[i]);
    i++;
    runStart = i;
  }
  if (i > runStart) out += Buffer.from(bytes.buffer, bytes.byteOffset + runStart, i - runStart).toString('utf8');
  return out;
}

/** The exact bytes a wire text came from. */
export function wireTextToBytes(text: string): Uint8Array {
  const parts: Buffer[] = [];
  let runStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= ESCAPE_BASE + 0x80 && c <= ESCAPE_BASE + 0xff) {
      if (i > runStart) parts.push(Buffer.from(text.slice(runStart, i), 'utf8'));
      parts.push(Buffer.from([c - ESCAPE_BASE]));
      runStart = i + 1;
    }
  }
  if (runStart < text.length) parts.push(Buffer.from(text.slice(runStart), 'utf8'));
  return new Uint8Array(Buffer.concat(parts));
}

/** Length of the valid UTF-8 sequence starting at `i`, or 0 when the byte there starts none. */
function sequenceLength(b: Uint8Array, i: number): number {
  const c = b[i];
  if (c < 0x80) return 1;
  const cont = (k: number) => i + k < b.length && (b[i + k] & 0xc0) === 0x80;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    const c1 = b[i + 1];
    if (!cont(1) || !cont(2)) return 0;
    if (c === 0xe0 && c1 < 0xa0) return 0; // overlong
    if (c === 0xed && c1 >= 0xa0) return 0; // surrogates
    return 3;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    const c1 = b[i + 1];
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (c === 0xf0 && c1 < 0x90) return 0;
    if (c === 0xf4 && c1 >= 0x90) return 0;
    return 4;
  }
  return 0;
}
