/**
 * Routes for SseTestServer that misbehave the way real servers do: endless or huge streams
 * written as fast as TCP takes them, raw bytes cut anywhere, drips, silences, compressed bodies.
 * Every writer honours backpressure itself, so the test process's memory says nothing about
 * the client's, and a client that stops reading really does slow the server down.
 */
import type { ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { RouteHandler } from '../../support/sseServer';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Writes `data`, waiting for drain when the socket is full; false once the client is gone. */
export async function writeFlowing(res: ServerResponse, data: string | Uint8Array): Promise<boolean> {
  if (res.destroyed) return false;
  if (res.write(data)) return true;
  await new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
  return !res.destroyed;
}

function streamHead(res: ServerResponse, headers: Record<string, string> = {}): void {
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', ...headers });
  res.flushHeaders();
}

/** What `pump` tells its caller when the response is over. */
export interface PumpStats {
  bytes: number;
  /** The client went away before the end. */
  aborted: boolean;
}

/**
 * Streams `unit` repeated `count` times (in writes of about `writeBytes`), between `head` and
 * `tail`, then ends the response. `onDone` gets what was written.
 */
export function pump(options: {
  unit: string;
  count: number;
  head?: string;
  tail?: string;
  writeBytes?: number;
  /** Kept up to date while the stream goes: bytes written so far (TCP accepted them). */
  progress?: PumpStats;
  onDone?: (stats: PumpStats) => void;
}): RouteHandler {
  return async (_req, res) => {
    streamHead(res);
    const perWrite = Math.max(1, Math.floor((options.writeBytes ?? 64 * 1024) / options.unit.length));
    const block = options.unit.repeat(perWrite);
    const stats = options.progress ?? { bytes: 0, aborted: false };
    const send = async (text: string) => {
      const ok = await writeFlowing(res, text);
      // Counted once accepted: a write that waited for drain was taken by TCP only then.
      if (ok) stats.bytes += text.length;
      return ok;
    };
    let ok = options.head === undefined || (await send(options.head));
    for (let left = options.count; ok && left > 0; left -= perWrite) {
      ok = await send(left >= perWrite ? block : options.unit.repeat(left));
    }
    if (ok && options.tail !== undefined) ok = await send(options.tail);
    if (ok) res.end();
    stats.aborted = !ok;
    options.onDone?.(stats);
  };
}

/** Writes the body one byte at a time, `delayMs` apart (0: each on its own turn of the loop). */
export function drip(body: Uint8Array, delayMs = 0): RouteHandler {
  return async (_req, res) => {
    streamHead(res);
    for (let i = 0; i < body.length && !res.destroyed; i++) {
      res.write(body.subarray(i, i + 1));
      await sleep(delayMs);
    }
    res.end();
  };
}

/** Writes `body` (text or bytes) then kills the socket without ending the response. */
export function cutAfter(body: string | Uint8Array): RouteHandler {
  return async (_req, res) => {
    streamHead(res);
    await writeFlowing(res, body);
    // Let the bytes leave before the reset, as a crashing server's would.
    await sleep(5);
    res.socket?.destroy();
  };
}

/** One write of the whole body, then the end: a burst of everything at once. */
export function burst(body: string | Uint8Array): RouteHandler {
  return (_req, res) => {
    streamHead(res);
    res.end(body);
  };
}

/** The body gzip-compressed, sent in `pieces` writes (Content-Encoding: gzip). */
export function gzipped(body: string, pieces = 7): RouteHandler {
  return async (_req, res) => {
    const packed = gzipSync(Buffer.from(body, 'utf8'));
    streamHead(res, { 'Content-Encoding': 'gzip' });
    const size = Math.ceil(packed.length / pieces);
    for (let at = 0; at < packed.length && !res.destroyed; at += size) {
      res.write(packed.subarray(at, at + size));
      await sleep(5);
    }
    res.end();
  };
}

/** Accepts the request and never answers (headers never come). */
export function silent(): RouteHandler {
  return () => new Promise<void>(() => undefined);
}

/** Answers 200 text/event-stream, then sends nothing, ever. */
export function mute(): RouteHandler {
  return (_req, res) => {
    streamHead(res);
  };
}

/** An error page as frameworks send them: a status, HTML, a long body. */
export function errorPage(status: number, title: string): RouteHandler {
  return (_req, res) => {
    res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'X-Powered-By': 'fault-server' });
    res.end(`<!doctype html><html><head><title>${title}</title></head><body><h1>${title}</h1>${'<p>stack trace line</p>'.repeat(2000)}</body></html>`);
  };
}

/** Redirects to itself with a growing query, forever. */
export function redirectLoop(path: string): RouteHandler {
  return (req, res) => {
    const hop = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('hop') ?? 0) + 1;
    res.writeHead(302, { Location: `${path}?hop=${hop}` });
    res.end();
  };
}
