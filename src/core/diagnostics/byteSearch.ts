/**
 * Native byte searches (memchr) on any Uint8Array. Buffer's indexOf accepts a plain Uint8Array
 * as `this`, so a chunk needs no Buffer view made for it (a view per chunk cost as much as a
 * search through the whole chunk), and a Uint8Array's own indexOf, a loop, is 10 to 20 times
 * slower on a 64 KiB chunk.
 */
const LF = 10;
const CR = 13;
const bufferIndexOf = Buffer.prototype.indexOf;
const bufferLastIndexOf = Buffer.prototype.lastIndexOf;

/** The first `byte` at or after `from` (0 ≤ from), or -1. */
export function indexOfByte(bytes: Uint8Array, byte: number, from = 0): number {
  return from >= bytes.length ? -1 : bufferIndexOf.call(bytes as Buffer, byte, from);
}

/** The last `byte` in `bytes`, or -1. */
export function lastIndexOfByte(bytes: Uint8Array, byte: number): number {
  return bufferLastIndexOf.call(bytes as Buffer, byte);
}

/** The first CR or LF, or -1: the first LF, or a CR before it (a search for CR alone would cross the whole chunk). */
export function firstTerminator(bytes: Uint8Array): number {
  const lf = indexOfByte(bytes, LF);
  if (lf === -1) return indexOfByte(bytes, CR);
  for (let i = 0; i < lf; i++) if (bytes[i] === CR) return i;
  return lf;
}

/** The last CR or LF, or -1: the last LF, or a CR after it (lines are short). */
export function lastTerminator(bytes: Uint8Array): number {
  const lf = lastIndexOfByte(bytes, LF);
  for (let i = bytes.length - 1; i > lf; i--) if (bytes[i] === CR) return i;
  return lf;
}
