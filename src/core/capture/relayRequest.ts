/**
 * One proxied exchange over a raw connection (rawUpstream.ts), for an http:// target: the
 * request head is written upstream with the proxy's changes (Host, X-Forwarded-*), its body
 * streamed after it; the response's bytes go back to the client's socket exactly as they came
 * (head, chunk framing, trailers), with only the hop-by-hop Connection/Keep-Alive lines
 * replaced by the client hop's own. responseReader.ts reads just enough to know where the
 * response ends and to hand an event stream's payload to the inspector.
 *
 * The client side stays node:http's server (request parsing, keep-alive, pipelining order);
 * once the response head is known, the exchange writes to the socket itself and tells the
 * ServerResponse its head went out (takeOver below), so the server then carries on as after any
 * response. captureProxy.ts uses this only where it is safe (the response owns the socket,
 * HTTP/1.1 client, http target) and forwardRequest.ts otherwise.
 *
 * Failures as forwardRequest.ts: before the response, a 502 with a one-line reason; after it
 * started, the client's connection is cut; the client going away destroys the upstream
 * connection at once. A kept-alive connection the upstream closed meanwhile is retried once on a
 * new one when the request has no body (node:http's Agent would fail it as "socket hang up").
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { answerUpstreamFailure, type ExchangeContext } from './forwardRequest';
import type { InspectorHandle } from './inspectorThread';
import { maskHeaders, maskRawHeaders } from './maskHeaders';
import type { RawConnection, RawOwner, RawUpstream } from './rawUpstream';
import { ResponseFramingError, ResponseReader, type ResponseHead, type ResponseSink } from './responseReader';
import { forwardHeaders, upstreamPath, upstreamUrl } from './target';
import { isEventStreamType } from '../connectionError';

/** What a relayed exchange needs beyond forwardRequest's context. */
export interface RelayContext extends ExchangeContext {
  raw: RawUpstream;
  /** The client hop's keep-alive timeout, as node:http's server announces it. */
  keepAliveSeconds: number;
}

const CUT = 'The upstream connection broke mid-response: the client connection was cut.';
/** Response header lines about the upstream hop only: replaced by the client hop's. */
const HOP_LINES = new Set(['connection', 'keep-alive', 'proxy-connection']);

export function relayRequest(req: IncomingMessage, res: ServerResponse, context: RelayContext): void {
  const { target, stream, emit } = context;
  const client = res.socket as Socket;
  const method = req.method ?? 'GET';
  const path = req.url ?? '/';
  const url = upstreamUrl(target, path);
  const headers = forwardHeaders(req.rawHeaders, { target, clientAddress: client.remoteAddress ?? '', upgrade: false });
  const chunkedBody = req.headers['transfer-encoding'] !== undefined && req.headers['content-length'] === undefined;
  const hasBody = chunkedBody || (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');
  let head = `${method} ${upstreamPath(target, path)} HTTP/1.1\r\n`;
  for (let i = 0; i + 1 < headers.length; i += 2) head += `${headers[i]}: ${headers[i + 1]}\r\n`;
  head += `${chunkedBody ? 'Transfer-Encoding: chunked\r\n' : ''}Connection: keep-alive\r\n\r\n`;

  const reader = new ResponseReader(method === 'HEAD');
  let inspector: InspectorHandle | undefined;
  let settled = false;
  let responded = false;
  let retried = false;
  /** The read being handled: the sink's offsets point into it. */
  let current: Buffer = Buffer.alloc(0);
  /** Where the response ended in `current`, once it has. */
  let endedAt = -1;
  /**
   * Body writes to the client not yet flushed to the kernel: until they are, the client's socket
   * still holds the read buffer. Their callbacks say when, not 'drain' (which only comes after
   * a write that went over the socket's high-water mark).
   */
  let unflushed = 0;
  let whenFlushed: (() => void) | undefined;
  const flushedOne = () => {
    if (--unflushed > 0 || !whenFlushed) return;
    const then = whenFlushed;
    whenFlushed = undefined;
    then();
  };
  /** The upstream said it closes after this response: its connection cannot carry another. */
  let upstreamCloses = false;
  /** The request's body went up whole: until then the connection cannot carry another request. */
  let requestSent = !hasBody;

  const sink: ResponseSink = {
    head: (response) => {
      responded = true;
      startResponse(response);
    },
    body: (start, end) => {
      unflushed++;
      client.write(current.subarray(start, end), flushedOne);
    },
    payload: (start, end) => inspector?.write(current.subarray(start, end)),
    end: (offset) => (endedAt = offset),
  };

  const onResponse: RawOwner = {
    data: (bytes) => {
      if (settled) return;
      current = bytes;
      client.cork();
      try {
        reader.read(bytes, sink);
      } catch (error) {
        client.uncork();
        if (!(error instanceof ResponseFramingError)) throw error;
        upstreamFailed(error, `The upstream's response could not be read (${error.message}): the client connection was cut.`);
        return;
      }
      client.uncork();
      // Bytes after the response's end answer nothing that was asked: drop the connection.
      if (endedAt !== -1) {
        finish(endedAt < bytes.length);
        return;
      }
      // The client's socket still holds part of the read buffer: no next read until it let go.
      if (client.writableLength > 0 && unflushed > 0) {
        const up = connection.socket;
        up.pause();
        whenFlushed = () => !settled && up.resume();
      }
    },
    end: () => onResponse.closed(undefined),
    closed: (error) => {
      if (settled) return;
      if (reader.closed({ ...sink, end: () => undefined })) {
        finish(true);
        return;
      }
      if (!responded && reader.inHead && connection.reused && !retried && !hasBody && !current.length) {
        // A kept-alive connection the upstream had closed: once more, on a new connection.
        retried = true;
        connection = connect();
        return;
      }
      const reason = error ?? Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
      upstreamFailed(reason, CUT);
    },
  };

  /** Only the current connection speaks (a retried one's close comes after the retry). */
  let generation = 0;
  let connection = connect();
  if (hasBody) {
    req.on('data', (chunk: Buffer) => {
      const up = connection.socket;
      let ok: boolean;
      if (chunkedBody) {
        up.cork();
        up.write(`${chunk.length.toString(16)}\r\n`);
        up.write(chunk);
        ok = up.write('\r\n');
        up.uncork();
      } else ok = up.write(chunk);
      if (!ok) {
        req.pause();
        up.once('drain', () => req.resume());
      }
    });
    req.on('end', () => {
      requestSent = true;
      if (chunkedBody) connection.socket.write('0\r\n\r\n');
    });
  }

  // The client's socket closed: after the response (nothing to do), or the client went away.
  // (After the response, finish() and upstreamFailed() have dealt with the connection.)
  res.on('close', () => {
    if (settled) return;
    settled = true;
    if (inspector) inspector.end('stopped', 'The client disconnected: the upstream request was aborted.');
    else if (!responded) emit({ kind: 'error', stream, time: Date.now(), message: 'The client disconnected before the response: the upstream request was aborted.', code: 'CLIENT_GONE', willReconnect: false });
    connection.destroy();
  });

  function connect(): RawConnection {
    const mine = ++generation;
    const owner: RawOwner = {
      data: (bytes) => mine === generation && onResponse.data(bytes),
      end: () => mine === generation && onResponse.end(),
      closed: (error) => mine === generation && onResponse.closed(error),
    };
    const made = context.raw.acquire(owner);
    made.socket.write(head, 'latin1');
    return made;
  }

  function startResponse(response: ResponseHead): void {
    const contentType = headerText(response.headers['content-type']);
    const shown = maskHeaders(response.headers);
    emit({ kind: 'capture', stream, time: Date.now(), method, url, status: response.status, contentType, requestHeaders: maskRawHeaders(headers), headers: shown });
    if (isEventStreamType(contentType)) {
      emit({ kind: 'open', stream, time: Date.now(), url, status: response.status, statusText: response.reason, headers: shown, redirected: false });
      inspector = context.inspect(headerText(response.headers['content-encoding']).trim().toLowerCase());
    }
    // A body that ends only when the upstream closes ends the client's connection too.
    const close = !res.shouldKeepAlive || response.framing === 'close';
    upstreamCloses = response.closes;
    const named = new Set(headerText(response.headers.connection).split(',').map((t) => t.trim().toLowerCase()));
    let text = `${response.statusLine}\r\n`;
    response.lines.forEach((line, i) => {
      const name = response.rawHeaders[2 * i].toLowerCase();
      const framing = name === 'transfer-encoding' || name === 'content-length';
      if (!HOP_LINES.has(name) && (framing || !named.has(name))) text += `${line}\r\n`;
    });
    text += close ? 'Connection: close\r\n\r\n' : `Connection: keep-alive\r\nKeep-Alive: timeout=${context.keepAliveSeconds}\r\n\r\n`;
    takeOver(res, text, close);
    client.write(text, 'latin1');
  }

  /** The response ended: the client's part is out (or queued); the connection goes back unless it cannot. */
  function finish(dropConnection: boolean): void {
    settled = true;
    inspector?.end('ended', 'The upstream ended the response.');
    const up = connection;
    if (dropConnection || upstreamCloses || !requestSent || reader.untilClose) up.destroy();
    else if (unflushed > 0) {
      // Reuse only once the client's socket let go of the read buffer (or went away: a
      // destroyed socket calls back its writes with an error).
      up.socket.pause();
      whenFlushed = () => (client.destroyed ? up.destroy() : up.release());
    } else up.release();
    res.end();
  }

  function upstreamFailed(error: Error, cutMessage: string): void {
    if (settled) return;
    settled = true;
    connection.destroy();
    if (responded) {
      inspector?.end('failed', cutMessage);
      res.destroy();
      return;
    }
    answerUpstreamFailure(error, res, context);
  }
}

/** ServerResponse's own fields that takeOver sets (node:http's, stable since Node 0.x). */
interface ResponseState {
  _header: string | null;
  _headerSent: boolean;
  _hasBody: boolean;
  chunkedEncoding: boolean;
  _last: boolean;
  shouldKeepAlive: boolean;
}

/**
 * Whether this Node's ServerResponse has the fields takeOver sets, with their types. They are
 * node:http's internals: on a Node that renamed them, end() would write a second head into the
 * relayed bytes, so the proxy then forwards through node:http instead (forwardRequest.ts).
 */
export function canTakeOver(res: ServerResponse): boolean {
  const state = res as unknown as Record<keyof ResponseState, unknown>;
  return (
    '_header' in state &&
    typeof state._headerSent === 'boolean' &&
    typeof state._hasBody === 'boolean' &&
    typeof state.chunkedEncoding === 'boolean' &&
    typeof state._last === 'boolean' &&
    typeof state.shouldKeepAlive === 'boolean'
  );
}

/**
 * Tells node:http's ServerResponse that its head was written (the exchange writes head and
 * body to the socket itself), so end() writes nothing and the server then handles the socket
 * as after any response: the next request's response, or the close `close` asks for.
 */
function takeOver(res: ServerResponse, head: string, close: boolean): void {
  const state = res as unknown as ResponseState;
  state._header = head;
  state._headerSent = true;
  state._hasBody = false;
  state.chunkedEncoding = false;
  if (close) {
    state._last = true;
    state.shouldKeepAlive = false;
  }
}

function headerText(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
}
