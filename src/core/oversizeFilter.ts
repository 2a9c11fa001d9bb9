/**
 * Reads one event block that has grown too large to buffer whole, line by line, and passes it on
 * to the parser with its data cut at the size limit, while counting how big the data really is.
 *
 * eventsource-parser's own `maxBufferSize` cannot do this: on overflow it drops the event and
 * stops parsing. An inspector must instead show the event, cut, with its real size. So while a
 * block is oversized this filter sits in front of the parser: it keeps at most one bounded line
 * head, feeds the parser normalised lines (`\n`-terminated, data cut at the limit, other lines
 * cut at the line bound), and leaves every field rule to the parser.
 */
import { cutUnits, truncateUtf8, utf8ByteLength } from './utf8';

const LF = 10;
const CR = 13;
const SPACE = 32;
const BOM = 0xfeff;

export class OversizeFilter {
  /** Real size in UTF-8 bytes of the current block's data so far (lines joined by `\n`). */
  dataBytes = 0;
  private fedDataBytes = 0;
  private dataLines = 0;
  /** Set once data was cut: later data lines are counted but not fed. */
  private dataFull = false;
  /** The current line, at most `maxLineUnits` long. */
  private line = '';
  private lineCut = false;
  /** UTF-8 bytes of the current line beyond `line`. */
  private lineOverflowBytes = 0;
  private swallowLf = false;
  private stripBom = false;
  /** True while re-reading text the parser has already seen (see `replay`). */
  private replaying = false;
  /**
   * What one `push` hands on, fed to the parser in one call when it returns: one feed per line
   * cost four times the parse itself on a long run of heartbeat comments.
   */
  private out: string[] = [];

  /** True once the current block had a data line. */
  get hasData(): boolean {
    return this.dataLines > 0;
  }
  /** Set when the block's blank line was a CR that ended the text: a leading LF of the next text completes it. */
  endedWithCr = false;

  /**
   * @param maxDataBytes the event size limit: data beyond this many UTF-8 bytes is not fed
   * @param maxLineUnits how much of any one line is kept (UTF-16 units); must exceed maxDataBytes
   *   plus the `data: ` prefix so a cut data line still yields `maxDataBytes` of data
   * @param feed hands normalised text to the parser
   */
  constructor(
    private readonly maxDataBytes: number,
    private readonly maxLineUnits: number,
    private readonly feed: (text: string) => void,
  ) {}

  /** Starts a block. `atStreamStart`: the block begins the stream, so one leading BOM is dropped. */
  begin(atStreamStart: boolean): void {
    this.dataBytes = 0;
    this.fedDataBytes = 0;
    this.dataLines = 0;
    this.dataFull = false;
    this.line = '';
    this.lineCut = false;
    this.lineOverflowBytes = 0;
    this.swallowLf = false;
    this.stripBom = atStreamStart;
    this.endedWithCr = false;
  }

  /**
   * Re-reads text of this block that the parser already read before the filter took over (the
   * parser was reset). Its finished lines only rebuild the block's state: comments and retry
   * fields were reported the first time and are not fed again.
   */
  replay(text: string): void {
    this.replaying = true;
    try {
      this.push(text);
    } finally {
      this.replaying = false;
    }
  }

  /** Reads `text`; returns the index just past the blank line that ended the block, or -1 when it goes on. */
  push(text: string): number {
    try {
      return this.read(text);
    } finally {
      if (this.out.length > 0) {
        const out = this.out.length === 1 ? this.out[0] : this.out.join('');
        this.out = [];
        this.feed(out);
      }
    }
  }

  private read(text: string): number {
    let pos = 0;
    if (this.swallowLf && text.length > 0) {
      this.swallowLf = false;
      if (text.charCodeAt(0) === LF) pos = 1;
    }
    if (this.stripBom && pos < text.length) {
      this.stripBom = false;
      if (text.charCodeAt(pos) === BOM) pos++;
    }
    // Searches are reused until passed, so a text with many lines is scanned once, not once per line.
    let cr = text.indexOf('\r', pos);
    if (cr === -1) return this.readLfOnly(text, pos);
    let lf = text.indexOf('\n', pos);
    while (pos < text.length) {
      if (cr !== -1 && cr < pos) cr = text.indexOf('\r', pos);
      if (lf !== -1 && lf < pos) lf = text.indexOf('\n', pos);
      const t = cr === -1 ? lf : lf === -1 ? cr : Math.min(cr, lf);
      if (t === -1) {
        this.append(text.slice(pos));
        return -1;
      }
      if (t > pos) this.append(text.slice(pos, t));
      let next = t + 1;
      if (text.charCodeAt(t) === CR) {
        if (next < text.length) {
          if (text.charCodeAt(next) === LF) next++;
        } else {
          this.swallowLf = true;
        }
      }
      if (this.endLine()) {
        this.endedWithCr = this.swallowLf;
        this.swallowLf = false;
        return next;
      }
      pos = next;
    }
    return -1;
  }

  /**
   * `read` for a text without CR, the usual case, in a loop of its own: with the CR branches in
   * the same loop, V8 sometimes settled on code for it that ran 6x slower (a run of heartbeat
   * comments past the limit: 44 ms or 280 ms for 8 MiB in the same build, by the JIT's luck).
   */
  private readLfOnly(text: string, pos: number): number {
    while (pos < text.length) {
      const lf = text.indexOf('\n', pos);
      if (lf === -1) {
        this.append(text.slice(pos));
        return -1;
      }
      if (lf > pos) this.append(text.slice(pos, lf));
      pos = lf + 1;
      if (this.endLine()) {
        this.endedWithCr = false;
        return pos;
      }
    }
    return -1;
  }

  private append(piece: string): void {
    if (this.lineCut) {
      this.lineOverflowBytes += utf8ByteLength(piece);
      return;
    }
    const room = this.maxLineUnits - this.line.length;
    if (piece.length <= room) {
      this.line += piece;
      return;
    }
    const head = cutUnits(piece, room);
    this.line += head;
    this.lineCut = true;
    this.lineOverflowBytes += utf8ByteLength(piece.slice(head.length));
  }

  /** Hands the finished line on; true when it was the blank line that ends the block. */
  private endLine(): boolean {
    const line = this.line;
    const cut = this.lineCut;
    const overflow = this.lineOverflowBytes;
    this.line = '';
    this.lineCut = false;
    this.lineOverflowBytes = 0;
    if (line.length === 0) {
      this.out.push('\n');
      return true;
    }
    if (line === 'data' || line.startsWith('data:')) {
      this.dataLine(line, cut, overflow);
    } else if (this.replaying && !isStateField(line)) {
      // Reported when the parser first read it.
    } else {
      // Comments, event, id, retry, unknown fields: the parser applies the rules. Only a line
      // longer than the bound is cut (an id that long is kept cut: memory stays bounded).
      this.out.push(line + '\n');
    }
    return false;
  }

  private dataLine(line: string, cut: boolean, overflow: number): void {
    const value = line.length === 4 ? '' : line.slice(line.charCodeAt(5) === SPACE ? 6 : 5);
    const separator = this.dataLines > 0 ? 1 : 0;
    this.dataLines++;
    this.dataBytes += separator + utf8ByteLength(value) + overflow;
    if (this.dataFull) return;
    const room = this.maxDataBytes - this.fedDataBytes - separator;
    if (room < 0) {
      this.dataFull = true;
      return;
    }
    const fed = truncateUtf8(value, room);
    if (fed.length < value.length || cut) this.dataFull = true;
    this.fedDataBytes += separator + utf8ByteLength(fed);
    // Always `data: ` + value: the parser strips exactly that one space, so a value that itself
    // starts with a space keeps it.
    this.out.push('data: ' + fed + '\n');
  }
}

/** `event` and `id` lines: they only set block state, reported when the block ends. */
function isStateField(line: string): boolean {
  return line === 'id' || line.startsWith('id:') || line === 'event' || line.startsWith('event:');
}
