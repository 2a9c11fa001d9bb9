/**
 * Finds the unknown-field lines that eventsource-parser drops without a word. The parser reports
 * an unknown field through `onError` when it sees the whole line, but a line cut by a chunk
 * boundary is thrown away unseen as soon as its start cannot be `data`, `event`, `id`, `retry` or
 * a comment (it need not buffer it). This watcher applies that same test to the bytes at each
 * chunk boundary, so such a line is still reported, quoted up to QUOTED_LINE_MAX bytes.
 *
 * Cost: O(1) for a chunk that ends with a line terminator (nearly all of them); otherwise two
 * native searches for the last CR and LF.
 */
import { QUOTED_LINE_MAX } from './codes';
import { firstTerminator, lastTerminator } from './byteSearch';

const LF = 10;
const CR = 13;
const COLON = 58;
const FIELDS = ['data', 'event', 'id', 'retry'].map((f) => Array.from(f, (c) => c.charCodeAt(0)));
const BOM = [0xef, 0xbb, 0xbf];

export class SplitLines {
  /** The previous chunk ended inside a line: its first bytes (bounded). */
  private head: number[] | undefined;
  /** The parser has thrown the current partial line away. */
  private dropped = false;
  /** No line has ended yet in this body: a leading BOM is not part of the first line. */
  private atBodyStart = true;

  reset(): void {
    this.head = undefined;
    this.dropped = false;
    this.atBodyStart = true;
  }

  /** Reads one chunk; returns a dropped unknown-field line that ended in it, if any. */
  chunk(bytes: Uint8Array): string | undefined {
    if (bytes.length === 0) return undefined;
    let found: string | undefined;
    let tailFrom = 0;
    if (this.head !== undefined) {
      const end = firstTerminator(bytes);
      this.append(bytes, 0, end === -1 ? bytes.length : end);
      if (end === -1) {
        this.decide();
        return undefined;
      }
      if (this.dropped) found = this.lineText();
      this.head = undefined;
      this.dropped = false;
      this.atBodyStart = false;
      tailFrom = end + 1;
    }
    const lastByte = bytes[bytes.length - 1];
    if (lastByte === LF || lastByte === CR) {
      if (tailFrom < bytes.length) this.atBodyStart = false;
      return found;
    }
    const last = lastTerminator(bytes);
    const start = Math.max(last + 1, tailFrom);
    if (last !== -1) this.atBodyStart = false;
    this.head = [];
    this.append(bytes, start, bytes.length);
    this.decide();
    return found;
  }

  private append(bytes: Uint8Array, from: number, to: number): void {
    const head = this.head!;
    for (let i = from; i < to && head.length < QUOTED_LINE_MAX + 3; i++) head.push(bytes[i]);
  }

  /** What the parser does at a chunk boundary: keep a line that may still be a field or comment, drop any other. */
  private decide(): void {
    if (this.dropped) return;
    let head = this.head!;
    if (this.atBodyStart) {
      // Still possibly the BOM the parser strips: wait for more bytes.
      if (head.length < 3 && head.every((b, i) => b === BOM[i])) return;
      if (head[0] === BOM[0] && head[1] === BOM[1] && head[2] === BOM[2]) head = head.slice(3);
    }
    if (head.length === 0 || head[0] === COLON) return;
    if (FIELDS.some((field) => potentialField(head, field))) return;
    this.dropped = true;
  }

  private lineText(): string {
    let head = this.head!;
    if (this.atBodyStart && head[0] === BOM[0] && head[1] === BOM[1] && head[2] === BOM[2]) head = head.slice(3);
    return Buffer.from(head.slice(0, QUOTED_LINE_MAX)).toString('utf8');
  }
}

/** eventsource-parser's test: `line` is a prefix of `field`, or `field` followed by a colon. */
function potentialField(line: readonly number[], field: readonly number[]): boolean {
  for (let i = 0; i < line.length && i < field.length; i++) if (line[i] !== field[i]) return false;
  return line.length <= field.length || line[field.length] === COLON;
}
