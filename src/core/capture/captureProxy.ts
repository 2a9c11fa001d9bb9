/**
 * The capture proxy: a local HTTP server that forwards every request to one target and
 * reports what passes as records (see records.ts: a `capture` record per request, and the
 * usual stream records for each event-stream response). Plain Node (node:http/https, never
 * fetch: the bytes must pass as they are), shared by `sse-inspector proxy` and the extension.
 */
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { forwardRequest, type ExchangeContext } from './forwardRequest';
import { forwardUpgrade } from './forwardUpgrade';
import { InspectorThread, type InspectorThreadOptions } from './inspectorThread';
import { RawUpstream } from './rawUpstream';
import { canTakeOver, relayRequest } from './relayRequest';
import type { UnnumberedRecord } from './streamInspector';
import { parseTarget } from './target';
import { createUpstream, type Upstream } from './upstream';
import type { CaptureFileRecord } from '../../shared/records';

export interface CaptureProxyOptions {
  /** The server to forward to: an http(s) URL, optionally with a path prefix. */
  target: string;
  /** Address to listen on; loopback unless the user says otherwise. Default 127.0.0.1. */
  host?: string;
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Skip TLS certificate checks towards an https target. */
  insecureTls?: boolean;
  /** Data beyond this many UTF-8 bytes per event is cut in the records (not in what is forwarded). */
  maxEventBytes?: number;
  /**
   * The inspector's thread: parses and formats in a thread of its own, which hands back NDJSON
   * lines, so the forwarding thread never waits for the inspector (see inspectorThread.ts for
   * what happens when the inspector falls behind). Every capture runs it.
   */
  thread: Omit<InspectorThreadOptions, 'onLines'> & Partial<Pick<InspectorThreadOptions, 'onLines'>>;
  /**
   * Records, read back from the thread's lines, in order, for a caller that shows them (the
   * extension) rather than writes them (the CLI takes `thread.onLines`).
   */
  onRecord?(record: CaptureFileRecord): void;
}

/** Why the proxy could not start, with a code for programs and a message for people. */
export class CaptureStartError extends Error {
  constructor(
    readonly code: 'BAD_TARGET' | 'BAD_LISTEN' | 'EADDRINUSE' | 'LISTEN_FAILED',
    message: string,
  ) {
    super(message);
    this.name = 'CaptureStartError';
  }
}

/** Addresses that only this machine can reach: listening elsewhere deserves a warning. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare);
}

export class CaptureProxy {
  private streams = 0;
  private closing: Promise<void> | undefined;
  /** Upgraded sockets: the server no longer tracks them, so close() ends them itself. */
  private readonly rawSockets = new Set<Socket>();
  /** The inspector's own thread. */
  private thread: InspectorThread | undefined;
  /** Raw connections for the relay (http:// targets; an https one goes through node:https). */
  private readonly raw: RawUpstream | undefined;

  private constructor(
    private readonly server: http.Server,
    private readonly upstream: Upstream,
    /** The target, parsed. */
    readonly target: URL,
    /** Where clients connect: `http://127.0.0.1:PORT`. */
    readonly address: string,
    readonly port: number,
  ) {
    if (target.protocol === 'http:') this.raw = new RawUpstream(target.hostname.replace(/^\[(.*)\]$/, '$1'), Number(target.port || 80));
  }

  /** Listens and resolves once ready; rejects with a CaptureStartError. */
  static async start(options: CaptureProxyOptions): Promise<CaptureProxy> {
    const parsed = parseTarget(options.target);
    if (!parsed.ok) throw new CaptureStartError('BAD_TARGET', parsed.message);
    const host = options.host ?? '127.0.0.1';
    const port = options.port ?? 0;
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new CaptureStartError('BAD_LISTEN', `The port must be a whole number from 0 to 65535 (got ${port}).`);
    }
    const upstream = createUpstream(parsed.url, options.insecureTls === true);
    // No timeouts: an event stream may stay open and quiet for hours, as it would without the proxy.
    const server = http.createServer({ noDelay: true, requestTimeout: 0, headersTimeout: 0, keepAliveTimeout: 5000 });
    server.timeout = 0;
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve();
        });
      });
    } catch (error) {
      upstream.destroy();
      const code = (error as { code?: string }).code;
      const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
      if (code === 'EADDRINUSE') throw new CaptureStartError('EADDRINUSE', `${where} is already in use by another program: choose another port (0 picks a free one).`);
      if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
        throw new CaptureStartError('BAD_LISTEN', `Cannot listen on ${host}: it is not an address of this machine.`);
      }
      if (code === 'EACCES') throw new CaptureStartError('LISTEN_FAILED', `Not allowed to listen on ${where}: ports below 1024 need privileges; choose a higher one.`);
      throw new CaptureStartError('LISTEN_FAILED', `Cannot listen on ${where}: ${(error as Error).message}`);
    }
    const info = server.address() as AddressInfo;
    const shownHost = info.family === 'IPv6' ? `[${info.address}]` : info.address;
    const proxy = new CaptureProxy(server, upstream, parsed.url, `http://${shownHost}:${info.port}`, info.port);
    proxy.listen(options);
    return proxy;
  }

  /** Requests numbered so far (every request gets the next number). */
  get requestCount(): number {
    return this.streams;
  }

  /**
   * Resolves once the records of everything forwarded so far are out (given to onRecord or
   * onLines); records of a compressed stream still being decoded may follow.
   */
  settled(): Promise<void> {
    return this.thread?.settled() ?? Promise.resolve();
  }

  /** Stops listening, cuts every open connection (client and upstream) and resolves when all are gone. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
      for (const socket of this.rawSockets) socket.destroy();
      this.upstream.destroy();
      this.raw?.destroy();
    }).then(async () => {
      // The exchanges' last records (closed, after the chunks queued for the inspector) first.
      await new Promise((r) => setImmediate(r));
      await this.thread?.close();
    });
    return this.closing;
  }

  private listen(options: CaptureProxyOptions): void {
    const { onRecord } = options;
    const onLines = onRecord
      ? (bytes: Buffer) => {
          // Whole lines only (the worker never splits one across messages).
          for (const line of bytes.toString('utf8').split('\n')) if (line !== '') onRecord(JSON.parse(line) as CaptureFileRecord);
        }
      : (options.thread.onLines ?? (() => undefined));
    const thread = new InspectorThread({ ...options.thread, onLines });
    this.thread = thread;
    const emit = (record: UnnumberedRecord) => thread.record(record);
    const context = (): ExchangeContext => {
      const stream = ++this.streams;
      return { target: this.target, upstream: this.upstream, stream, emit, inspect: (encoding) => thread.open(stream, encoding, options.maxEventBytes) };
    };
    const keepAliveSeconds = Math.floor(this.server.keepAliveTimeout / 1000);
    this.server.on('request', (req, res) => {
      // The raw relay where it is safe: this response owns the client's socket now (not one
      // waiting behind a pipelined request's), the client reads HTTP/1.1 framing, and this
      // Node's ServerResponse can be told its head went out.
      const raw = this.raw && res.socket !== null && req.httpVersion === '1.1' && canTakeOver(res) ? this.raw : undefined;
      if (raw) relayRequest(req, res, { ...context(), raw, keepAliveSeconds });
      else forwardRequest(req, res, context());
    });
    this.server.on('upgrade', (req: http.IncomingMessage, socket: Socket, head: Buffer) => {
      this.rawSockets.add(socket);
      socket.once('close', () => this.rawSockets.delete(socket));
      forwardUpgrade(req, socket, head, context());
    });
    // A client that sends garbage gets the usual 400 and does not disturb anyone else.
    this.server.on('clientError', (_error, socket: Socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      else socket.destroy();
    });
  }
}
