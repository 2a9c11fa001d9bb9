/**
 * Real servers and clients around the capture proxy: an upstream on 127.0.0.1 with a handler
 * per test, the proxy in-process (its inspector in the shipped worker, dist/captureWorker.js:
 * run `node scripts/build.mjs` first) with its records collected, and a raw HTTP GET that keeps
 * the body's bytes exactly as they came (no decompression), so tests can hash them.
 */
import { createHash } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { resolve } from 'node:path';
import { CaptureProxy, type CaptureProxyOptions } from '../../../src/core/capture/captureProxy';
import { EventStreamReader } from '../../../src/core/eventStreamReader';
import type { CaptureFileRecord, CaptureRecord, StreamRecord } from '../../../src/shared/records';

export interface Upstream {
  origin: string;
  server: http.Server;
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 with `handler`; close() also cuts its open sockets. */
export async function startUpstream(handler: http.RequestListener): Promise<Upstream> {
  const server = http.createServer(handler);
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The inspector's worker as shipped (the tests are bundled with this file into out/test/capture/). */
export const WORKER_SCRIPT = resolve(__dirname, '../../../dist/captureWorker.js');

export interface RunningProxy {
  proxy: CaptureProxy;
  records: CaptureFileRecord[];
  /** The records of one stream, in order. */
  stream(n: number): CaptureFileRecord[];
  /** The capture record of one stream. */
  capture(n: number): CaptureRecord | undefined;
  /** Resolves once the records of everything forwarded so far are in `records` (they come from the inspector's thread). */
  settled(): Promise<void>;
  /** Resolves once `predicate` holds for the records (checked on each record). */
  until(predicate: (records: CaptureFileRecord[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startProxy(target: string, options: Partial<CaptureProxyOptions> = {}): Promise<RunningProxy> {
  const records: CaptureFileRecord[] = [];
  const waiters: Array<() => void> = [];
  const proxy = await CaptureProxy.start({
    target,
    thread: {
      script: WORKER_SCRIPT,
      onError: (message) => {
        throw new Error(message);
      },
    },
    ...options,
    onRecord: (record) => {
      records.push(record);
      for (const check of [...waiters]) check();
    },
  });
  return {
    proxy,
    records,
    stream: (n) => records.filter((r) => r.stream === n),
    capture: (n) => records.find((r): r is CaptureRecord => r.kind === 'capture' && r.stream === n),
    settled: () => proxy.settled(),
    until: (predicate, timeoutMs = 10000) =>
      new Promise<void>((resolve, reject) => {
        if (predicate(records)) return resolve();
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(check), 1);
          reject(new Error(`records never matched; got ${records.length}: ${JSON.stringify(records.slice(-5))}`));
        }, timeoutMs);
        const check = () => {
          if (!predicate(records)) return;
          clearTimeout(timer);
          waiters.splice(waiters.indexOf(check), 1);
          resolve();
        };
        waiters.push(check);
      }),
    close: () => proxy.close(),
  };
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  rawHeaders: string[];
  body: Buffer;
}

/** A request whose response body is kept byte for byte (never decompressed). */
export function rawRequest(url: string, options: http.RequestOptions = {}, body?: Buffer | string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { agent: false, ...options }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The stream records (no capture records) of one stream, `stream` and `seq` left out, to compare with a client's. */
export function streamEvents(records: readonly CaptureFileRecord[]): Array<{ type: string; data: string; id?: string }> {
  return records
    .filter((r): r is Extract<StreamRecord, { kind: 'event' }> => r.kind === 'event')
    .map((r) => (r.id === undefined ? { type: r.type, data: r.data } : { type: r.type, data: r.data, id: r.id }));
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** What the client-side parser makes of a whole body: the oracle records are compared with. */
export function parseAll(text: string | Buffer): Array<{ type: string; data: string; id?: string }> {
  const events: Array<{ type: string; data: string; id?: string }> = [];
  const reader = new EventStreamReader({
    onEvent: (type, data, id) => events.push(id === undefined ? { type, data } : { type, data, id }),
    onId: () => undefined,
    onComment: () => undefined,
    onRetry: () => undefined,
  });
  reader.write(typeof text === 'string' ? Buffer.from(text) : text);
  return events;
}
