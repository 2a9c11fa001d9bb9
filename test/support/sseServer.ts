/**
 * A real, configurable HTTP server for tests that need an SSE endpoint: listens on 127.0.0.1 on
 * a random port, serves scripted routes, records every request it receives (headers and body)
 * and counts its open sockets, so tests can check what a client sent and what it left open.
 *
 *   const server = await SseTestServer.start();
 *   server.route('/events', sse(['retry: 50\n', 'id: 1\ndata: hi\n\n'], { end: 'close' }));
 *   ... connect to server.url('/events') ...
 *   assert.equal(server.requests('/events')[1].headers['last-event-id'], '1');
 *   await server.close();
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request as the server received it. */
export interface RecordedRequest {
  method: string;
  /** Path with query string, as sent. */
  url: string;
  /** Header names are lower case (Node's parsing). */
  headers: IncomingHttpHeaders;
  body: string;
}

/** What a route handler gets besides the request and response. */
export interface RouteContext {
  /** The whole request body (already read). */
  body: string;
  /** 1 for the first request to this route, 2 for the second, ... (reconnects). */
  hit: number;
}

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, context: RouteContext) => void | Promise<void>;

/** A piece of a scripted stream: text or bytes to write, or a pause. */
export type StreamStep = string | Uint8Array | { delayMs: number };

/** How a scripted stream ends once its steps are written. */
export type StreamEnd =
  /** End the response properly (a normal end of stream for the client). */
  | 'close'
  /** Keep it open until the client goes away or the server closes. */
  | 'hang'
  /** Destroy the socket without ending the response (a network error for the client). */
  | 'destroy';

export interface SseOptions {
  status?: number;
  /** Default `text/event-stream`. */
  contentType?: string;
  headers?: Record<string, string>;
  /** Default 'close'. */
  end?: StreamEnd;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A route that answers with a scripted event stream. */
export function sse(steps: readonly StreamStep[], options: SseOptions = {}): RouteHandler {
  return async (_req, res) => {
    res.writeHead(options.status ?? 200, {
      'Content-Type': options.contentType ?? 'text/event-stream',
      'Cache-Control': 'no-cache',
      ...options.headers,
    });
    res.flushHeaders();
    for (const step of steps) {
      if (res.destroyed) return;
      if (typeof step === 'object' && 'delayMs' in step) await sleep(step.delayMs);
      else res.write(step);
    }
    const end = options.end ?? 'close';
    if (end === 'close') res.end();
    // Let the written bytes leave before the socket goes, so "mid-event" means just that.
    else if (end === 'destroy') setTimeout(() => res.socket?.destroy(), 20);
  };
}

/** A route that answers a fixed status, headers and body. */
export function reply(status: number, body = '', headers: Record<string, string> = {}): RouteHandler {
  return (_req, res) => {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
    res.end(body);
  };
}

/** A route that redirects to `location` (absolute or a path on this server). */
export function redirect(status: number, location: string): RouteHandler {
  return (_req, res) => {
    res.writeHead(status, { Location: location });
    res.end();
  };
}

/** The first request gets handlers[0], the second handlers[1], ...; the last one repeats. */
export function sequence(...handlers: RouteHandler[]): RouteHandler {
  return (req, res, context) => handlers[Math.min(context.hit, handlers.length) - 1](req, res, context);
}

export class SseTestServer {
  private readonly routes = new Map<string, RouteHandler>();
  private readonly hits = new Map<string, number>();
  private readonly received: Array<RecordedRequest & { path: string }> = [];
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    /** e.g. http://127.0.0.1:41234 */
    readonly origin: string,
  ) {}

  /** Starts a server on 127.0.0.1, on a random free port. */
  static async start(): Promise<SseTestServer> {
    // The handler needs the instance, which needs the bound port: a holder breaks the cycle.
    const holder: { instance?: SseTestServer } = {};
    const server = createServer((req, res) => void holder.instance!.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    const { port } = server.address() as AddressInfo;
    const instance = new SseTestServer(server, `http://127.0.0.1:${port}`);
    holder.instance = instance;
    server.on('connection', (socket) => {
      instance.sockets.add(socket);
      socket.once('close', () => instance.sockets.delete(socket));
    });
    return instance;
  }

  /** Absolute URL of `path` on this server. */
  url(path: string): string {
    return this.origin + path;
  }

  /** Serves `path` (without query string) with `handler`; replaces an earlier route. */
  route(path: string, handler: RouteHandler): this {
    this.routes.set(path, handler);
    this.hits.set(path, 0);
    return this;
  }

  /** Requests received for `path` (all requests when omitted), oldest first. */
  requests(path?: string): RecordedRequest[] {
    return this.received.filter((r) => path === undefined || r.path === path);
  }

  /** Sockets currently open on the server side (any client). */
  get openSockets(): number {
    return this.sockets.size;
  }

  /** Resolves once `path` has received `count` requests; rejects after `timeoutMs`. */
  async waitForRequests(path: string, count: number, timeoutMs = 5000): Promise<RecordedRequest[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.requests(path).length < count) {
      if (Date.now() > deadline) throw new Error(`${path} got ${this.requests(path).length} of ${count} expected requests in ${timeoutMs} ms`);
      await sleep(5);
    }
    return this.requests(path);
  }

  /** Resolves once no socket is open; rejects with the count after `timeoutMs`. */
  async waitForNoSockets(timeoutMs = 2000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.sockets.size > 0) {
      if (Date.now() > deadline) throw new Error(`${this.sockets.size} socket(s) still open after ${timeoutMs} ms`);
      await sleep(5);
    }
  }

  /** Stops listening and destroys every open connection. */
  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const path = (req.url ?? '/').split('?')[0];
    this.received.push({ method: req.method ?? 'GET', url: req.url ?? '/', path, headers: req.headers, body });
    const handler = this.routes.get(path);
    if (!handler) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end(`no route for ${path}`);
      return;
    }
    const hit = (this.hits.get(path) ?? 0) + 1;
    this.hits.set(path, hit);
    try {
      await handler(req, res, { body, hit });
    } catch (error) {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(String(error));
    }
  }
}
