/**
 * Facts about the bytes of one response body that the decoder and parser hide: a leading BOM
 * (one or two), CR-only line endings, invalid UTF-8, and `id` lines holding U+0000. Works on raw
 * bytes, chunk by chunk, so it needs neither the decoded text nor a second decoder.
 *
 * Cost: every check is a native scan on the chunk (`isUtf8`; CR and NUL through a Buffer view of
 * the bytes, whose `indexOf(byte)` is a native memchr: about 3 times faster than making a Latin-1
 * string to search, and 10 times faster than a Uint8Array's `indexOf`); JavaScript loops run only
 * around the bytes those scans find, and a fact already reported is not looked for again (see
 * `wanted`).
 */
import { isUtf8 } from 'node:buffer';

const LF = 10;
const CR = 13;
const BOM = [0xef, 0xbb, 0xbf];

/** What one call found (each at most once per call). */
export interface ByteFindings {
  /** 1 for one leading BOM, 2 for two (the second breaks the first field). */
  bom?: 1 | 2;
  crOnly?: boolean;
  invalidUtf8?: boolean;
  idWithNull?: string;
}

/** Which facts are still worth looking for (the engine clears those it has reported). */
export interface WantedFacts {
  bom: boolean;
  crOnly: boolean;
  invalidUtf8: boolean;
  idWithNull: boolean;
}

export class ByteFacts {
  /** The first bytes of the body, until the BOM question is settled (at most 6). */
  private head: number[] | undefined = [];
  /** The previous chunk ended with CR: its meaning depends on the next byte. */
  private pendingCr = false;
  /** An incomplete UTF-8 sequence at the end of the previous chunk. */
  private carry: Uint8Array | undefined;
  /** The first bytes (at most 3) of the line the previous chunk ended in; empty at a line start. */
  private lineHead: number[] = [];

  constructor(readonly wanted: WantedFacts) {}

  /** A new response body starts. */
  reset(): void {
    this.head = [];
    this.pendingCr = false;
    this.carry = undefined;
    this.lineHead = [];
  }

  chunk(bytes: Uint8Array): ByteFindings {
    const found: ByteFindings = {};
    if (bytes.length === 0) return found;
    if (this.head !== undefined) this.readHead(bytes, found);
    // A view, not a copy (the reader's chunks may be plain Uint8Arrays): for Buffer's native indexOf.
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (this.wanted.crOnly && this.hasCrOnly(buf)) found.crOnly = true;
    if (this.wanted.invalidUtf8 && !this.validUtf8(bytes)) found.invalidUtf8 = true;
    if (this.wanted.idWithNull) {
      const id = this.idWithNull(buf);
      if (id !== undefined) found.idWithNull = id;
      this.trackLineHead(buf);
    }
    return found;
  }

  /** The body ended: a CR at its very end was a CR-only line ending; a cut character is invalid. */
  end(): ByteFindings {
    const found: ByteFindings = {};
    if (this.pendingCr && this.wanted.crOnly) found.crOnly = true;
    if (this.carry !== undefined && this.wanted.invalidUtf8) found.invalidUtf8 = true;
    if (this.head !== undefined && this.wanted.bom && startsWith(this.head, BOM)) found.bom = 1;
    this.reset();
    return found;
  }

  private readHead(bytes: Uint8Array, found: ByteFindings): void {
    const head = this.head!;
    for (let i = 0; i < bytes.length && head.length < 6; i++) head.push(bytes[i]);
    for (let i = 0; i < head.length && i < 3; i++) {
      if (head[i] !== BOM[i]) {
        this.head = undefined;
        return;
      }
    }
    if (head.length < 3) return;
    // One BOM for sure; a second needs 6 bytes (or proof that they differ).
    for (let i = 3; i < head.length; i++) {
      if (head[i] !== BOM[i - 3]) {
        if (this.wanted.bom) found.bom = 1;
        this.head = undefined;
        return;
      }
    }
    if (head.length < 6) return;
    if (this.wanted.bom) found.bom = 2;
    this.head = undefined;
  }

  /** Remembers how the line the chunk ends in begins (for an `id` line cut by a chunk boundary). */
  private trackLineHead(bytes: Buffer): void {
    const lastByte = bytes[bytes.length - 1];
    if (lastByte === LF || lastByte === CR) {
      if (this.lineHead.length > 0) this.lineHead = [];
      return;
    }
    const last = lastTerminator(bytes);
    if (last !== -1) this.lineHead = [];
    for (let i = last + 1; i < bytes.length && this.lineHead.length < 3; i++) this.lineHead.push(bytes[i]);
  }

  private hasCrOnly(bytes: Buffer): boolean {
    if (this.pendingCr) {
      this.pendingCr = false;
      if (bytes[0] !== LF) return true;
    }
    let at = bytes.indexOf(CR);
    while (at !== -1) {
      if (at === bytes.length - 1) {
        this.pendingCr = true;
        return false;
      }
      if (bytes[at + 1] !== LF) return true;
      at = bytes.indexOf(CR, at + 2);
    }
    return false;
  }

  /** False when the bytes (with the previous chunk's cut character) hold an invalid sequence. */
  private validUtf8(bytes: Uint8Array): boolean {
    let data = bytes;
    if (this.carry !== undefined) {
      data = new Uint8Array(this.carry.length + bytes.length);
      data.set(this.carry);
      data.set(bytes, this.carry.length);
      this.carry = undefined;
    }
    if (isUtf8(data)) return true;
    // A character cut at the chunk's end is not an error: keep its bytes for the next chunk.
    const cut = incompleteTail(data);
    if (cut > 0 && isUtf8(data.subarray(0, data.length - cut))) {
      this.carry = new Uint8Array(data.subarray(data.length - cut));
      return true;
    }
    return false;
  }

  /** The value of an `id` line in these bytes that holds a NUL, if any (as text, for the message). */
  private idWithNull(bytes: Buffer): string | undefined {
    let at = bytes.indexOf(0);
    while (at !== -1) {
      const start = lineStart(bytes, at);
      let prefix: number[];
      if (start !== -1) {
        prefix = Array.from(bytes.subarray(start, Math.min(start + 3, bytes.length)));
      } else {
        // The line began in an earlier chunk.
        prefix = this.lineHead.slice();
        for (let i = 0; prefix.length < 3 && i < bytes.length; i++) prefix.push(bytes[i]);
      }
      // `id:` exactly (the field name is compared literally; `id` alone has no value).
      if (prefix[0] === 0x69 && prefix[1] === 0x64 && prefix[2] === 0x3a) {
        const end = lineEnd(bytes, at);
        const from = start === -1 ? 0 : start;
        return Buffer.from(bytes.buffer, bytes.byteOffset + from, end - from).toString('utf8');
      }
      at = bytes.indexOf(0, at + 1);
    }
    return undefined;
  }
}

/** Index of the last CR or LF in `bytes`, -1 when none: the last LF, then any CR after it (lines are short). */
export function lastTerminator(bytes: Buffer): number {
  const lf = bytes.lastIndexOf(LF);
  let last = lf;
  for (let cr = bytes.indexOf(CR, lf + 1); cr !== -1; cr = bytes.indexOf(CR, cr + 1)) last = cr;
  return last;
}

/** Index just after the last CR or LF before `pos`, or -1 when there is none (the line began earlier). */
function lineStart(bytes: Uint8Array, pos: number): number {
  for (let i = pos - 1; i >= 0; i--) {
    if (bytes[i] === LF || bytes[i] === CR) return i + 1;
  }
  return -1;
}

function lineEnd(bytes: Uint8Array, pos: number): number {
  for (let i = pos; i < bytes.length; i++) {
    if (bytes[i] === LF || bytes[i] === CR) return i;
  }
  return bytes.length;
}

function startsWith(bytes: readonly number[], prefix: readonly number[]): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}

/** How many bytes at the end of `data` start a UTF-8 character that is not complete (0-3). */
export function incompleteTail(data: Uint8Array): number {
  for (let back = 1; back <= 3 && back <= data.length; back++) {
    const b = data[data.length - back];
    if ((b & 0xc0) === 0x80) continue; // continuation byte: look further back
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}
