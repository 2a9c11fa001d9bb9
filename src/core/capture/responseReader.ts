/**
 * Where an HTTP/1.1 response starts and ends in the bytes of its connection, read as they
 * come, without copying or re-framing them: the relay (relayRequest.ts) forwards the body's
 * bytes to the client exactly as received (chunk sizes, extensions and trailers included) and
 * needs only the head (status, headers, framing), the body's payload for the inspector's copy
 * (de-chunked, as offsets into the chunk just read) and the byte where the response ends, so
 * the connection can carry the next one.
 *
 * Framing follows RFC 9112 §6.3: no body for a HEAD request, 1xx, 204 and 304; then
 * `Transfer-Encoding` (chunked last: chunked; otherwise until close); then `Content-Length`;
 * otherwise until the connection closes. Both headers together, or differing lengths, are
 * refused as Node's parser refuses them (a response that could be read two ways is how
 * smuggling starts). Interim 1xx responses are read and dropped, as node:http's client does.
 */

/** A response head as read, with the header lines' bytes kept exactly. */
export interface ResponseHead {
  status: number;
  /** The reason phrase as sent (may be empty). */
  reason: string;
  /** `HTTP/1.1` or `HTTP/1.0`, as sent. */
  version: string;
  /** The status line as sent, without its line end. */
  statusLine: string;
  /** [name, value, name, value, …] in order, names as sent, values trimmed (Node's rawHeaders). */
  rawHeaders: string[];
  /** Each header line as sent (latin1, no line end), index i matching rawHeaders[2i]. */
  lines: string[];
  /** Lowercase names to values as node:http joins them (see parsedHeaders). */
  headers: Record<string, string | string[]>;
  /** The body's length when framing is `length`. */
  length: number;
  /** How the body is delimited. */
  framing: 'none' | 'length' | 'chunked' | 'close';
  /** The upstream asked to close the connection after this response (or is HTTP/1.0 without keep-alive). */
  closes: boolean;
}

/** What the reader found, as offsets into the buffer passed to read(). */
export interface ResponseSink {
  /** The final (non-1xx) head is complete; body bytes follow. */
  head(head: ResponseHead): void;
  /** Bytes [start, end) of the buffer belong to this response's body as framed (relay them as is). */
  body(start: number, end: number): void;
  /** Bytes [start, end) are payload (chunk framing removed). Always within a range given to body(). */
  payload(start: number, end: number): void;
  /** The response ended at `offset` of the buffer; bytes after it belong to the next response. */
  end(offset: number): void;
}

/** A response that cannot be read: the connection cannot carry anything after it. */
export class ResponseFramingError extends Error {
  readonly code = 'HPE_INVALID_RESPONSE';
}

/** Node's maxHeaderSize default: a head larger than this is refused. */
const MAX_HEAD_BYTES = 16 * 1024;
/** A chunk-size line (with extensions) larger than this is refused. */
const MAX_SIZE_LINE = 4096;

/** Headers of which node:http keeps only the first (IncomingMessage#headers). */
const FIRST_ONLY = new Set([
  'age', 'authorization', 'content-length', 'content-type', 'etag', 'expires', 'from', 'host', 'if-modified-since',
  'if-unmodified-since', 'last-modified', 'location', 'max-forwards', 'proxy-authorization', 'referer', 'retry-after',
  'server', 'user-agent',
]);

/** Raw headers as node:http's `headers` object: first-only names, `set-cookie` an array, `cookie` with "; ", others ", ". */
export function parsedHeaders(raw: readonly string[]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    const value = raw[i + 1];
    const had = out[name];
    if (name === 'set-cookie') out[name] = Array.isArray(had) ? [...had, value] : [value];
    else if (had === undefined) out[name] = value;
    else if (!FIRST_ONLY.has(name)) out[name] = `${had as string}${name === 'cookie' ? '; ' : ', '}${value}`;
  }
  return out;
}

type State = 'head' | 'length' | 'size' | 'data' | 'dataEnd' | 'trailer' | 'close' | 'done';

export class ResponseReader {
  private state: State = 'head';
  /** Head bytes gathered so far (a head may span reads). */
  private headParts: Buffer[] = [];
  private headBytes = 0;
  /** Bytes of body (Content-Length) or of the current chunk's data still to come. */
  private remaining = 0;
  /** The chunk-size or trailer line read so far. */
  private line = '';
  /** Seen the CR of a chunk's closing CRLF. */
  private sawCr = false;

  /** `noBody`: the request was HEAD, so no response to it has a body whatever its headers say. */
  constructor(private readonly noBody: boolean) {}

  /** True once end() was reported. */
  get done(): boolean {
    return this.state === 'done';
  }

  /** True while no final head has been read. */
  get inHead(): boolean {
    return this.state === 'head';
  }

  /** True when only the connection's close can end this response. */
  get untilClose(): boolean {
    return this.state === 'close';
  }

  /** Reads `buffer`; reports to `sink` synchronously. Throws ResponseFramingError. Nothing is read after end(). */
  read(buffer: Buffer, sink: ResponseSink): void {
    let at = 0;
    while (at < buffer.length && this.state !== 'done') {
      if (this.state === 'head') {
        at = this.readHead(buffer, at, sink);
        continue;
      }
      const start = at;
      at = this.readBody(buffer, at, sink);
      if (at > start) sink.body(start, at);
      if ((this.state as State) === 'done') sink.end(at);
    }
  }

  /** The connection ended: the end of a close-delimited body; anything else was cut short. */
  closed(sink: ResponseSink): boolean {
    if (this.state === 'close') {
      this.state = 'done';
      sink.end(0);
      return true;
    }
    return this.state === 'done';
  }

  private readHead(buffer: Buffer, from: number, sink: ResponseSink): number {
    const end = headEnd(buffer, from, this.headParts.length > 0 ? this.headParts[this.headParts.length - 1] : undefined);
    const take = end === -1 ? buffer.length : end;
    this.headBytes += take - from;
    if (this.headBytes > MAX_HEAD_BYTES) throw new ResponseFramingError(`the response head is larger than ${MAX_HEAD_BYTES} bytes`);
    this.headParts.push(buffer.subarray(from, take));
    if (end === -1) {
      // The next read may reuse this memory: keep a copy of the part gathered so far.
      this.headParts = [Buffer.concat(this.headParts)];
      return buffer.length;
    }
    const text = Buffer.concat(this.headParts).toString('latin1');
    this.headParts = [];
    this.headBytes = 0;
    const head = parseHead(text, this.noBody);
    if (head.status >= 100 && head.status < 200) {
      if (head.status === 101) throw new ResponseFramingError('the upstream switched protocols (101) for a request that did not ask to');
      return end;
    }
    this.state = head.framing === 'none' ? 'done' : head.framing === 'chunked' ? 'size' : head.framing;
    if (head.framing === 'length') {
      this.remaining = head.length;
      if (this.remaining === 0) this.state = 'done';
    }
    sink.head(head);
    if (this.state === 'done') sink.end(end);
    return end;
  }

  private readBody(buffer: Buffer, at: number, sink: ResponseSink): number {
    while (at < buffer.length) {
      switch (this.state) {
        case 'close': {
          sink.payload(at, buffer.length);
          return buffer.length;
        }
        case 'length':
        case 'data': {
          const stop = Math.min(buffer.length, at + this.remaining);
          if (stop > at) sink.payload(at, stop);
          this.remaining -= stop - at;
          at = stop;
          if (this.remaining > 0) break;
          if (this.state === 'length') {
            this.state = 'done';
            return at;
          }
          this.state = 'dataEnd';
          this.sawCr = false;
          break;
        }
        case 'dataEnd': {
          const byte = buffer[at++];
          if (byte === 13 && !this.sawCr) this.sawCr = true;
          else if (byte === 10) this.state = 'size';
          else throw new ResponseFramingError('a chunk is longer than its size says');
          break;
        }
        case 'size':
        case 'trailer': {
          const lf = buffer.indexOf(10, at);
          const stop = lf === -1 ? buffer.length : lf;
          this.line += buffer.toString('latin1', at, stop);
          if (this.line.length > MAX_SIZE_LINE) throw new ResponseFramingError('a chunk-size or trailer line is too long');
          at = stop;
          if (lf === -1) return at;
          at++;
          const line = this.line.endsWith('\r') ? this.line.slice(0, -1) : this.line;
          this.line = '';
          if (this.state === 'trailer') {
            if (line === '') {
              this.state = 'done';
              return at;
            }
            break;
          }
          const size = /^([0-9a-fA-F]{1,15})[ \t]*(;.*)?$/.exec(line);
          if (!size) throw new ResponseFramingError(`"${line.slice(0, 40)}" is not a chunk size`);
          this.remaining = parseInt(size[1], 16);
          this.state = this.remaining === 0 ? 'trailer' : 'data';
          break;
        }
        default:
          return at;
      }
    }
    return at;
  }
}

/**
 * Where the head ends (the offset after its blank line) in `buffer` from `from`, or -1.
 * `previous` is the head's part read before, whose last bytes a blank line may start in.
 */
function headEnd(buffer: Buffer, from: number, previous: Buffer | undefined): number {
  // Bytes before `from` are the previous part's last ones.
  const byteAt = (i: number) => (i >= from ? buffer[i] : previous && previous.length + i - from >= 0 ? previous[previous.length + i - from] : -1);
  for (let lf = buffer.indexOf(10, from); lf !== -1; lf = buffer.indexOf(10, lf + 1)) {
    if (byteAt(lf - 1) === 10 || (byteAt(lf - 1) === 13 && byteAt(lf - 2) === 10)) return lf + 1;
  }
  return -1;
}

function parseHead(text: string, noBody: boolean): ResponseHead {
  const all = text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  // The blank line(s) closing the head.
  while (all.length > 0 && all[all.length - 1] === '') all.pop();
  const statusLine = all[0] ?? '';
  const status = /^(HTTP\/1\.[01]) (\d{3})(?: (.*))?$/.exec(statusLine);
  if (!status) throw new ResponseFramingError(`"${statusLine.slice(0, 40)}" is not an HTTP/1.x status line`);
  const rawHeaders: string[] = [];
  const lines: string[] = [];
  for (const line of all.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0 || /[\s]/.test(line[0]) || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(line.slice(0, colon))) {
      throw new ResponseFramingError(`"${line.slice(0, 40)}" is not a header line`);
    }
    rawHeaders.push(line.slice(0, colon), line.slice(colon + 1).trim());
    lines.push(line);
  }
  const headers = parsedHeaders(rawHeaders);
  const code = Number(status[2]);
  const version = status[1];
  const connection = rawHeaders.filter((_, i) => i % 2 === 1 && rawHeaders[i - 1].toLowerCase() === 'connection').join(',').toLowerCase();
  const tokens = connection.split(',').map((t) => t.trim());
  const closes = tokens.includes('close') || (version === 'HTTP/1.0' && !tokens.includes('keep-alive'));
  const { framing, length } = framingOf(code, rawHeaders, noBody);
  return { status: code, reason: status[3] ?? '', version, statusLine, rawHeaders, lines, headers, framing, length, closes };
}

function framingOf(status: number, raw: readonly string[], noBody: boolean): { framing: ResponseHead['framing']; length: number } {
  if (noBody || status < 200 || status === 204 || status === 304) return { framing: 'none', length: 0 };
  const transfer: string[] = [];
  const lengths = new Set<string>();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    if (name === 'transfer-encoding') transfer.push(...raw[i + 1].split(',').map((t) => t.trim().toLowerCase()).filter(Boolean));
    if (name === 'content-length') for (const value of raw[i + 1].split(',')) lengths.add(value.trim());
  }
  if (transfer.length > 0 && lengths.size > 0) throw new ResponseFramingError('the response has both Transfer-Encoding and Content-Length');
  if (transfer.length > 0) return { framing: transfer[transfer.length - 1] === 'chunked' ? 'chunked' : 'close', length: 0 };
  if (lengths.size > 1) throw new ResponseFramingError('the response has differing Content-Length values');
  if (lengths.size === 1) {
    const [length] = lengths;
    if (!/^\d{1,15}$/.test(length)) throw new ResponseFramingError(`"${length.slice(0, 20)}" is not a Content-Length`);
    return { framing: 'length', length: Number(length) };
  }
  return { framing: 'close', length: 0 };
}
