/**
 * A WebSocket (or any `Upgrade`) handshake passed through: the request goes upstream with its
 * Connection/Upgrade headers; on 101 the upstream's answer is written to the client's socket
 * as is, and from then on the two sockets are piped both ways, untouched. A refusal (any other
 * status) is passed back as a plain response; an unreachable upstream gets the usual 502.
 */
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { maskHeaders, maskRawHeaders } from './maskHeaders';
import { forwardHeaders, responseHeaders, upstreamPath, upstreamUrl } from './target';
import { describeUpstreamError } from './upstream';
import type { ExchangeContext } from './forwardRequest';

export function forwardUpgrade(req: IncomingMessage, socket: Socket, head: Buffer, context: ExchangeContext): void {
  const { target, stream, emit } = context;
  const method = req.method ?? 'GET';
  const path = req.url ?? '/';
  const url = upstreamUrl(target, path);
  const headers = forwardHeaders(req.rawHeaders, { target, clientAddress: socket.remoteAddress ?? '', upgrade: true });
  // A keep-alive agent would pool the socket after the handshake: take a fresh one.
  const upReq = context.upstream.request({ method, path: upstreamPath(target, path), headers, agent: false });
  socket.setNoDelay(true);
  socket.on('error', () => upReq.destroy());
  socket.on('close', () => upReq.destroy());

  const record = (status: number, parsed: IncomingMessage['headers']) =>
    emit({
      kind: 'capture', stream, time: Date.now(), method, url, status, contentType: String(parsed['content-type'] ?? ''),
      requestHeaders: maskRawHeaders(headers), headers: maskHeaders(parsed),
    });

  upReq.on('upgrade', (upRes, upSocket, upHead) => {
    record(upRes.statusCode ?? 101, upRes.headers);
    upSocket.setNoDelay(true);
    socket.write(statusBlock(upRes.statusCode ?? 101, upRes.statusMessage ?? 'Switching Protocols', responseHeaders(upRes.rawHeaders, true)));
    if (upHead.length > 0) socket.write(upHead);
    if (head.length > 0) upSocket.write(head);
    upSocket.on('error', () => socket.destroy());
    socket.on('error', () => upSocket.destroy());
    upSocket.on('close', () => socket.destroy());
    socket.on('close', () => upSocket.destroy());
    upSocket.pipe(socket);
    socket.pipe(upSocket);
  });

  upReq.on('response', (upRes) => {
    // The upstream declined the upgrade: its answer goes back as a plain response.
    record(upRes.statusCode ?? 0, upRes.headers);
    socket.write(statusBlock(upRes.statusCode ?? 502, upRes.statusMessage ?? '', [...responseHeaders(upRes.rawHeaders), 'Connection', 'close']));
    upRes.pipe(socket);
  });

  upReq.on('error', (error) => {
    if (socket.destroyed) return;
    const { code, message } = describeUpstreamError(error, target);
    emit({ kind: 'error', stream, time: Date.now(), message, code, willReconnect: false });
    const body = `${message}\n`;
    socket.end(statusBlock(502, 'Bad Gateway', ['Content-Type', 'text/plain; charset=utf-8', 'Content-Length', String(Buffer.byteLength(body)), 'Connection', 'close']) + body);
  });

  upReq.end();
}

/** A status line and headers, as they go on the wire before the raw socket takes over. */
function statusBlock(status: number, statusText: string, raw: readonly string[]): string {
  let text = `HTTP/1.1 ${status} ${statusText}\r\n`;
  for (let i = 0; i + 1 < raw.length; i += 2) text += `${raw[i]}: ${raw[i + 1]}\r\n`;
  return `${text}\r\n`;
}
