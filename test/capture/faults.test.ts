/**
 * What goes wrong around the proxy: a client that leaves mid-stream (the upstream request is
 * aborted within a second), an upstream that refuses or resets (502 with a reason; cut when
 * the response had started), a slow upstream (each chunk reaches the client before the next is
 * sent: the proxy adds no buffering), many streams at once, and WebSocket upgrades.
 */
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import * as http from 'node:http';
import * as net from 'node:net';
import { WebSocket } from 'undici';
import { delay, rawRequest, sha256, startProxy, startUpstream, streamEvents, type RunningProxy, type Upstream } from './support/harness';

describe('capture proxy: faults', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  async function pair(handler: http.RequestListener): Promise<{ upstream: Upstream; proxy: RunningProxy }> {
    const upstream = await startUpstream(handler);
    cleanups.push(() => upstream.close());
    const proxy = await startProxy(upstream.origin);
    cleanups.push(() => proxy.close());
    return { upstream, proxy };
  }

  it('client disconnects mid-stream: the upstream request is aborted within a second', async () => {
    let upstreamClosedAt = 0;
    let timer: NodeJS.Timeout | undefined;
    const { proxy } = await pair((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      timer = setInterval(() => res.write('data: tick\n\n'), 20);
      res.on('close', () => {
        clearInterval(timer);
        upstreamClosedAt = Date.now();
      });
    });
    const leftAt = await new Promise<number>((resolve, reject) => {
      const req = http.get(`${proxy.proxy.address}/events`, { agent: false }, (res) => {
        let seen = 0;
        res.on('data', () => {
          if (++seen === 3) {
            req.destroy();
            resolve(Date.now());
          }
        });
      });
      req.on('error', () => undefined);
      setTimeout(() => reject(new Error('no data')), 5000);
    });
    while (upstreamClosedAt === 0 && Date.now() - leftAt < 3000) await delay(10);
    assert.ok(upstreamClosedAt > 0, 'the upstream response was never closed');
    assert.ok(upstreamClosedAt - leftAt < 1000, `upstream closed ${upstreamClosedAt - leftAt} ms after the client left`);
    await proxy.until((records) => records.some((r) => r.kind === 'closed'));
    const closed = proxy.records.find((r) => r.kind === 'closed');
    assert.ok(closed && closed.kind === 'closed' && closed.reason === 'stopped', JSON.stringify(closed));
  });

  it('upstream refuses the connection: 502 with a one-line plain-text reason, and an error record', async () => {
    // A port that was just free: nothing listens there.
    const free = net.createServer();
    await new Promise<void>((resolve) => free.listen(0, '127.0.0.1', resolve));
    const port = (free.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => free.close(() => resolve()));
    const proxy = await startProxy(`http://127.0.0.1:${port}`);
    cleanups.push(() => proxy.close());
    const response = await rawRequest(`${proxy.proxy.address}/events`);
    assert.equal(response.status, 502);
    assert.match(String(response.headers['content-type']), /^text\/plain/);
    const text = response.body.toString('utf8');
    assert.match(text, /refused/);
    assert.equal(text.trimEnd().split('\n').length, 1, 'one line');
    await proxy.settled();
    const error = proxy.records.find((r) => r.kind === 'error');
    assert.ok(error && error.kind === 'error' && error.code === 'ECONNREFUSED' && error.stream === 1);
  });

  it('upstream resets before responding: 502 with the reason', async () => {
    const { proxy } = await pair((req) => req.socket.resetAndDestroy());
    const response = await rawRequest(`${proxy.proxy.address}/x`);
    assert.equal(response.status, 502);
    assert.match(response.body.toString(), /reset|closed|socket hang up/i);
  });

  it('upstream resets after the response started: the client connection is cut, the stream record says failed', async () => {
    const { proxy } = await pair((req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.write('data: one\n\n');
      setTimeout(() => req.socket.resetAndDestroy(), 100);
    });
    const outcome = await new Promise<string>((resolve) => {
      http.get(`${proxy.proxy.address}/x`, { agent: false }, (res) => {
        res.on('data', () => undefined);
        res.on('end', () => resolve('ended cleanly'));
        res.on('error', (error) => resolve(`error: ${error.message}`));
        res.on('aborted', () => resolve('aborted'));
      }).on('error', (error) => resolve(`error: ${error.message}`));
    });
    assert.notEqual(outcome, 'ended cleanly', 'a broken upstream must not look like a normal end to the client');
    await proxy.until((records) => records.some((r) => r.kind === 'closed'));
    const closed = proxy.records.find((r) => r.kind === 'closed');
    assert.ok(closed && closed.kind === 'closed' && closed.reason === 'failed', JSON.stringify(closed));
    assert.deepEqual(streamEvents(proxy.records), [{ type: 'message', data: 'one' }]);
  });

  it('slow upstream: each chunk reaches the client before the upstream sends the next (no added buffering)', async () => {
    // Lock step: the upstream writes chunk i only once the client has received chunk i-1.
    // A proxy that held chunks back (for size or time) would stall this forever.
    let sendNext: (() => void) | undefined;
    const { proxy } = await pair(async (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      for (let i = 0; i < 20; i++) {
        const received = new Promise<void>((resolve) => (sendNext = resolve));
        res.write(`data: ${i}\n\n`);
        await received;
      }
      res.end();
    });
    const got: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`stalled after ${got.length} chunks: the proxy held a chunk back`)), 10000);
      http.get(`${proxy.proxy.address}/slow`, { agent: false }, (res) => {
        res.on('data', (chunk: Buffer) => {
          got.push(chunk.toString());
          sendNext?.();
        });
        res.on('end', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    });
    assert.equal(got.join(''), Array.from({ length: 20 }, (_v, i) => `data: ${i}\n\n`).join(''));
    await proxy.until((records) => records.some((r) => r.kind === 'closed'));
    assert.equal(streamEvents(proxy.records).length, 20);
  });

  it('a stream that starts quiet: headers reach the client before any body byte', async () => {
    const { proxy } = await pair((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.flushHeaders();
      // Nothing else until the client closes.
    });
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.get(`${proxy.proxy.address}/quiet`, { agent: false }, (res) => {
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', () => undefined);
      setTimeout(() => reject(new Error('no headers')), 5000);
    });
    assert.equal(status, 200);
  });

  it('many concurrent streams: each client gets its own bytes, each stream its own records', async () => {
    const COUNT = 60;
    const { proxy } = await pair(async (req, res) => {
      const n = new URL(req.url!, 'http://x').searchParams.get('n');
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      for (let i = 0; i < 30; i++) {
        res.write(`id: ${n}-${i}\ndata: stream ${n} event ${i}\n\n`);
        await delay(1 + (i % 3));
      }
      res.end();
    });
    const bodies = await Promise.all(Array.from({ length: COUNT }, (_v, n) => rawRequest(`${proxy.proxy.address}/s?n=${n}`)));
    for (let n = 0; n < COUNT; n++) {
      const expected = Array.from({ length: 30 }, (_v, i) => `id: ${n}-${i}\ndata: stream ${n} event ${i}\n\n`).join('');
      assert.equal(sha256(bodies[n].body), sha256(expected), `stream n=${n}`);
    }
    await proxy.until((records) => records.filter((r) => r.kind === 'closed').length === COUNT);
    for (let stream = 1; stream <= COUNT; stream++) {
      const capture = proxy.capture(stream)!;
      const n = new URL(capture.url).searchParams.get('n');
      const events = streamEvents(proxy.stream(stream));
      assert.deepEqual(events.map((e) => e.data), Array.from({ length: 30 }, (_v, i) => `stream ${n} event ${i}`));
    }
  });

  it('WebSocket upgrade: the handshake passes and frames flow both ways on the raw sockets', async () => {
    const upstream = await startUpstream((_req, res) => res.end('not a websocket'));
    cleanups.push(() => upstream.close());
    const seenByServer: Buffer[] = [];
    upstream.server.on('upgrade', (req: http.IncomingMessage, socket: net.Socket) => {
      const accept = createHash('sha1').update(`${req.headers['sec-websocket-key']}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
      socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
      // One unmasked text frame from the server.
      socket.write(Buffer.from([0x81, 5, ...Buffer.from('hello')]));
      socket.on('data', (chunk: Buffer) => seenByServer.push(chunk));
    });
    const proxy = await startProxy(upstream.origin);
    cleanups.push(() => proxy.close());
    const ws = new WebSocket(`${proxy.proxy.address.replace('http', 'ws')}/hmr`);
    const message = await new Promise<string>((resolve, reject) => {
      ws.addEventListener('message', (event) => resolve(String(event.data)));
      ws.addEventListener('error', () => reject(new Error('websocket error')));
    });
    assert.equal(message, 'hello');
    ws.send('from client');
    while (Buffer.concat(seenByServer).length < 2 + 4 + 11) await delay(10);
    // The client's frame is masked: unmask it to read it.
    const frame = Buffer.concat(seenByServer);
    const mask = frame.subarray(2, 6);
    const text = Buffer.from(frame.subarray(6, 6 + 11).map((b, i) => b ^ mask[i % 4])).toString();
    assert.equal(text, 'from client');
    ws.close();
    await proxy.settled();
    const capture = proxy.capture(1);
    assert.equal(capture?.status, 101);
  });

  it('close() ends open streams, upgraded sockets and the port', async () => {
    const { proxy } = await pair((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.write(': open\n\n');
    });
    const ended = new Promise<void>((resolve) => {
      http.get(`${proxy.proxy.address}/x`, { agent: false }, (res) => {
        res.on('data', () => undefined);
        res.on('close', () => resolve());
      });
    });
    await proxy.until((records) => records.some((r) => r.kind === 'comment'));
    await proxy.close();
    await ended;
    await assert.rejects(rawRequest(`${proxy.proxy.address}/x`), /ECONNREFUSED/);
  });
});
