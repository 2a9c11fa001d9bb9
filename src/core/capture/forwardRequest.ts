/**
 * One proxied HTTP exchange: the client's request piped to the target, the target's response
 * piped back. Bytes are never touched (a compressed body stays compressed) and never held:
 * `pipe` moves each chunk as it comes and pauses the side that is ahead (backpressure), so
 * memory stays bounded by the socket buffers whatever the body's size.
 *
 * Failures follow what the client would see without the proxy: before the response, a 502
 * with a one-line reason; after it started, the client's connection is cut. When the client
 * goes away, the upstream request is destroyed at once.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { maskHeaders, maskRawHeaders } from './maskHeaders';
import type { InspectorHandle } from './inspectorThread';
import type { UnnumberedRecord } from './streamInspector';
import { forwardHeaders, responseHeaders, upstreamPath, upstreamUrl } from './target';
import { describeUpstreamError, type Upstream } from './upstream';
import { isEventStreamType } from '../connectionError';

/** What one exchange needs from its proxy. */
export interface ExchangeContext {
  target: URL;
  upstream: Upstream;
  /** This request's number. */
  stream: number;
  emit(record: UnnumberedRecord): void;
  /** Starts the inspector's copy of this event-stream response (`encoding`: its Content-Encoding, lowercased). */
  inspect(encoding: string): InspectorHandle;
}

/**
 * The upstream failed before the response started: an `error` record, and the client gets a 502
 * with the one-line reason (unless it went away already).
 */
export function answerUpstreamFailure(error: unknown, res: ServerResponse, { target, stream, emit }: ExchangeContext): void {
  const { code, message } = describeUpstreamError(error, target);
  emit({ kind: 'error', stream, time: Date.now(), message, code, willReconnect: false });
  if (res.destroyed) return;
  const body = `${message}\n`;
  res.writeHead(502, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

export function forwardRequest(req: IncomingMessage, res: ServerResponse, context: ExchangeContext): void {
  const { target, stream, emit } = context;
  const method = req.method ?? 'GET';
  const path = req.url ?? '/';
  const url = upstreamUrl(target, path);
  const headers = forwardHeaders(req.rawHeaders, { target, clientAddress: req.socket.remoteAddress ?? '', upgrade: false });
  // A chunked body stays chunked: Node chunks GET/DELETE/OPTIONS bodies only when told to.
  if (req.headers['transfer-encoding'] !== undefined && req.headers['content-length'] === undefined) headers.push('Transfer-Encoding', 'chunked');
  const upReq = context.upstream.request({ method, path: upstreamPath(target, path), headers });
  let inspector: InspectorHandle | undefined;
  let settled = false;
  let responded = false;

  upReq.on('response', (upRes) => {
    responded = true;
    const contentType = headerText(upRes.headers['content-type']);
    emit({
      kind: 'capture', stream, time: Date.now(), method, url, status: upRes.statusCode ?? 0, contentType,
      requestHeaders: maskRawHeaders(headers), headers: maskHeaders(upRes.headers),
    });
    if (isEventStreamType(contentType)) {
      emit({
        kind: 'open', stream, time: Date.now(), url, status: upRes.statusCode ?? 0, statusText: upRes.statusMessage ?? '',
        headers: maskHeaders(upRes.headers), redirected: false,
      });
      inspector = context.inspect(headerText(upRes.headers['content-encoding']).trim().toLowerCase());
    }
    // Upstream's own Date (or none), not one Node would add.
    res.sendDate = false;
    res.writeHead(upRes.statusCode ?? 502, upRes.statusMessage, responseHeaders(upRes.rawHeaders));
    // Headers out now, not with the first body chunk: a stream that starts quiet is still open.
    res.flushHeaders();
    upRes.pipe(res);
    // After the pipe: each chunk goes to the client's socket first; the inspector's thread
    // gets its copy at the end of the turn (see inspectorThread.ts).
    if (inspector) upRes.on('data', (chunk: Buffer) => inspector!.write(chunk));
    upRes.on('end', () => {
      settled = true;
      endInspector('ended', 'The upstream ended the response.');
    });
    upRes.on('error', () => fail('The upstream connection broke mid-response: the client connection was cut.'));
    upRes.on('aborted', () => fail('The upstream connection broke mid-response: the client connection was cut.'));
  });

  upReq.on('error', (error) => {
    if (settled) return;
    if (res.headersSent) {
      fail('The upstream connection broke mid-response: the client connection was cut.');
      return;
    }
    settled = true;
    answerUpstreamFailure(error, res, context);
  });

  // The response to the client closed: finished normally, or the client went away.
  res.on('close', () => {
    if (res.writableFinished) return;
    if (!settled) {
      settled = true;
      if (inspector) endInspector('stopped', 'The client disconnected: the upstream request was aborted.');
      else if (!responded) emit({ kind: 'error', stream, time: Date.now(), message: 'The client disconnected before the response: the upstream request was aborted.', code: 'CLIENT_GONE', willReconnect: false });
    }
    upReq.destroy();
  });

  /** The inspector's queue keeps the order: this comes after the stream's last chunk. */
  function endInspector(reason: 'ended' | 'stopped' | 'failed', message: string): void {
    inspector?.end(reason, message);
  }

  function fail(message: string): void {
    if (settled) return;
    settled = true;
    endInspector('failed', message);
    res.destroy();
    upReq.destroy();
  }

  req.pipe(upReq);
}

function headerText(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
}
