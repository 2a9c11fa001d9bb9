/**
 * The replay server: recordings served as `text/event-stream` over plain node:http. One
 * recording answers at any path (unless a route narrows it); several each at their own route.
 * Any method, CORS for pages on other origins (preflight included), Last-Event-ID resume, and
 * the faults of faults.ts from the server's options or the request's query string.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { faultsFromQuery, FaultError, type Faults } from './faults';
import { play } from './player';
import { resumeIndex, type WirePlan } from './wirePlan';

/** One recording to serve. */
export interface ServedRoute {
  /** Path it answers at (`/events`); undefined: every path (one recording only). */
  route?: string;
  plan: WirePlan;
  /** Shown in the 404 listing and the status bar. */
  name: string;
}

export interface ReplayServerOptions {
  routes: ServedRoute[];
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  /** Default 1; 0 = as fast as possible. */
  speed?: number;
  loop?: boolean;
  /** Faults for every request; a request's query parameters add to or override them. */
  faults?: Faults;
}

/** Thrown by `start` when the server cannot listen (port in use, bad host). */
export class ListenError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

const DEFAULT_ALLOWED_HEADERS = 'Last-Event-ID, Content-Type, Authorization, Cache-Control, Accept';

function corsHeaders(req: IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  // Echoing the origin (instead of `*`) lets `new EventSource(url, { withCredentials: true })` work too.
  return origin ? { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' } : { 'Access-Control-Allow-Origin': '*' };
}

function htmlPage(status: number, detail: string): string {
  const title = `${status} replayed failure`;
  return `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${detail}</p></body></html>\n`;
}

/** A running replay server. */
export class ReplayServer {
  private readonly sockets = new Set<Socket>();
  private readonly streams = new Set<AbortController>();
  private readonly listeners = new Set<(clients: number) => void>();
  /** Requests seen per fail-first scope: the server's option, or one URL's query parameter. */
  private readonly failCounts = new Map<string, number>();
  private closed = false;

  private constructor(
    private readonly server: Server,
    private readonly options: ReplayServerOptions,
  ) {}

  /** Starts listening; rejects with ListenError when it cannot. */
  static async start(options: ReplayServerOptions): Promise<ReplayServer> {
    const server = createServer();
    const replay = new ReplayServer(server, options);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => replay.handle(req, res));
    server.on('connection', (socket: Socket) => {
      socket.setNoDelay(true);
      replay.sockets.add(socket);
      socket.once('close', () => replay.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) => {
        const where = `${options.host ?? '127.0.0.1'}:${options.port ?? 0}`;
        const why = error.code === 'EADDRINUSE' ? `port ${options.port} is already in use: choose another with --port, or 0 for a free one` : error.message;
        reject(new ListenError(`Cannot listen on ${where}: ${why}.`, error.code));
      });
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
    });
    return replay;
  }

  /** The port it listens on. */
  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** The URL of each route, in the order given (`/` for a recording at every path). */
  get urls(): string[] {
    const host = this.options.host ?? '127.0.0.1';
    const shown = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '[::1]' : host.includes(':') ? `[${host}]` : host;
    return this.options.routes.map((r) => `http://${shown}:${this.port}${r.route ?? '/'}`);
  }

  /** Streams being served right now. */
  get clients(): number {
    return this.streams.size;
  }

  /** Calls `listener` whenever the number of clients changes; returns how to stop. */
  onClients(listener: (clients: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops every stream and closes the port; resolves once nothing listens. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const stream of this.streams) stream.abort();
    const closing = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closing;
    this.listeners.clear();
  }

  private routeFor(pathname: string): ServedRoute | undefined {
    const { routes } = this.options;
    const trimmed = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
    return routes.find((r) => r.route === undefined || r.route === trimmed);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    req.resume();
    const cors = corsHeaders(req);
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        ...cors,
        'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
        'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? DEFAULT_ALLOWED_HEADERS,
        'Access-Control-Max-Age': '600',
        ...(req.headers['access-control-request-private-network'] ? { 'Access-Control-Allow-Private-Network': 'true' } : {}),
      });
      res.end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://replay.invalid');
    const route = this.routeFor(url.pathname);
    if (!route) {
      const known = this.options.routes.map((r) => `${r.route}  (${r.name})`).join('\n');
      res.writeHead(404, { ...cors, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`No recording at ${url.pathname}. Served here:\n${known}\n`);
      return;
    }
    let faults: Faults;
    try {
      faults = faultsFromQuery(this.options.faults ?? {}, url.searchParams);
    } catch (error) {
      if (!(error instanceof FaultError)) throw error;
      res.writeHead(400, { ...cors, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`${error.message}\n`);
      return;
    }
    if (faults.failFirst && this.failNow(url, faults.failFirst, res, cors)) return;
    this.stream(req, res, route, faults, cors);
  }

  /** Answers with the fail-first status while its count lasts; true when it did. */
  private failNow(url: URL, failFirst: { count: number; status: number }, res: ServerResponse, cors: Record<string, string>): boolean {
    // From the query, the count is per URL (so one server can serve several scenarios); else server-wide.
    const scope = url.searchParams.has('fail-first') ? `${url.pathname}?${url.searchParams.toString()}` : '';
    const seen = (this.failCounts.get(scope) ?? 0) + 1;
    this.failCounts.set(scope, seen);
    if (seen > failFirst.count) return false;
    const { status } = failFirst;
    if (status === 204 || status === 304) {
      res.writeHead(status, cors);
      res.end();
    } else {
      res.writeHead(status, { ...cors, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(htmlPage(status, `Failure ${seen} of ${failFirst.count} asked for with fail-first; the stream comes after that.`));
    }
    return true;
  }

  private stream(req: IncomingMessage, res: ServerResponse, route: ServedRoute, faults: Faults, cors: Record<string, string>): void {
    const header = req.headers['last-event-id'];
    const startIndex = resumeIndex(route.plan, Array.isArray(header) ? header[0] : header);
    res.writeHead(200, {
      ...cors,
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      // Tells nginx-like proxies in front of it not to buffer.
      'X-Accel-Buffering': 'no',
      ...(faults.gzip ? { 'Content-Encoding': 'gzip' } : {}),
    });
    res.flushHeaders();
    const controller = new AbortController();
    this.streams.add(controller);
    this.notify();
    res.once('close', () => controller.abort());
    const speed = this.options.speed ?? 1;
    void play(route.plan, res, { speed, loop: this.options.loop === true, faults, startIndex }, controller.signal)
      .catch(() => res.destroy())
      .finally(() => {
        this.streams.delete(controller);
        this.notify();
      });
  }

  private notify(): void {
    for (const listener of this.listeners) listener(this.streams.size);
  }
}
