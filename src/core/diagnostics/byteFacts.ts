/**
 * Facts about the bytes of one response body that the decoder and parser hide: a leading BOM
 * (one or two), CR-only line endings, invalid UTF-8, and `id` lines holding U+0000. Works on raw
 * bytes, chunk by chunk, so it needs neither the decoded text nor a second decoder.
 *
 * Cost: every check is a native scan on the chunk (`isUtf8`; CR and NUL with byteSearch's memchr:
 * about 3 times faster than making a Latin-1 string to search); JavaScript loops run only around
 * the bytes those scans find, a fact already reported is not looked for again (see `wanted`), and
 * a chunk with nothing to report allocates nothing.
 */
import { isUtf8 } from 'node:buffer';
import { indexOfByte, lastTerminator } from './byteSearch';

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

/** What a chunk with nothing to report gives (shared: no allocation per chunk). */
const NOTHING: ByteFindings = Object.freeze({});

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
    if (bytes.length === 0) return NOTHING;
    const wanted = this.wanted;
    const bom = this.head !== undefined ? this.readHead(bytes) : undefined;
    const crOnly = wanted.crOnly && this.hasCrOnly(bytes);
    const invalidUtf8 = wanted.invalidUtf8 && !this.validUtf8(bytes);
    let idWithNull: string | undefined;
    if (wanted.idWithNull) {
      idWithNull = this.idWithNull(bytes);
      this.trackLineHead(bytes);
    }
    if (bom === undefined && !crOnly && !invalidUtf8 && idWithNull === undefined) return NOTHING;
    return { bom: wanted.bom ? bom : undefined, crOnly, invalidUtf8, idWithNull };
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

  /** Reads the body's first bytes: 1 or 2 once the leading BOMs are known, else undefined. */
  private readHead(bytes: Uint8Array): 1 | 2 | undefined {
    const head = this.head!;
    for (let i = 0; i < bytes.length && head.length < 6; i++) head.push(bytes[i]);
    for (let i = 0; i < head.length && i < 3; i++) {
      if (head[i] !== BOM[i]) {
        this.head = undefined;
        return undefined;
      }
    }
    if (head.length < 3) return undefined;
    // One BOM for sure; a second needs 6 bytes (or proof that they differ).
    for (let i = 3; i < head.length; i++) {
      if (head[i] !== BOM[i - 3]) {
        this.head = undefined;
        return 1;
      }
    }
    if (head.length < 6) return undefined;
    this.head = undefined;
    return 2;
  }

  /** Remembers how the line the chunk ends in begins (for an `id` line cut by a chunk boundary). */
  private trackLineHead(bytes: Uint8Array): void {
    const lastByte = bytes[bytes.length - 1];
    if (lastByte === LF || lastByte === CR) {
      if (this.lineHead.length > 0) this.lineHead = [];
      return;
    }
    const last = lastTerminator(bytes);
    if (last !== -1) this.lineHead = [];
    for (let i = last + 1; i < bytes.length && this.lineHead.length < 3; i++) this.lineHead.push(bytes[i]);
  }

  private hasCrOnly(bytes: Uint8Array): boolean {
    if (this.pendingCr) {
      this.pendingCr = false;
      if (bytes[0] !== LF) return true;
    }
    let at = indexOfByte(bytes, CR);
    while (at !== -1) {
      if (at === bytes.length - 1) {
        this.pendingCr = true;
        return false;
      }
      if (bytes[at + 1] !== LF) return true;
      at = indexOfByte(bytes, CR, at + 2);
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
  private idWithNull(bytes: Uint8Array): string | undefined {
    let at = indexOfByte(bytes, 0);
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
      at = indexOfByte(bytes, 0, at + 1);
    }
    return undefined;
  }
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
