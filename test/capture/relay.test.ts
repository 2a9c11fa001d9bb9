/**
 * The raw relay (relayRequest.ts) against an upstream that writes exact bytes (a plain TCP
 * server), read by a client that keeps exact bytes (a plain TCP socket): the response's body
 * framing (chunk sizes, extensions, trailers) reaches the client as sent, responses end where
 * their framing says (Content-Length, chunked, close, HEAD, 204, 304, 1xx), connections are
 * reused both sides, and what the relay leaves to node:http (pipelined requests, HTTP/1.0
 * clients) still arrives intact.
 */
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import * as http from 'node:http';
import * as net from 'node:net';
import { delay, startProxy, startUpstream, streamEvents, type RunningProxy } from './support/harness';

/** An upstream answering each request (head only, bodies ignored) with `answer(path, method)`'s bytes. */
async function rawUpstream(answer: (path: string, method: string, socket: net.Socket) => string | undefined): Promise<{ origin: string; connections: () => number; requests: string[]; close(): Promise<void> }> {
  let connections = 0;
  const requests: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let pending = '';
    socket.on('data', (chunk) => {
      pending += chunk.toString('latin1');
      let end: number;
      while ((end = pending.indexOf('\r\n\r\n')) !== -1) {
        const head = pending.slice(0, end);
        pending = pending.slice(end + 4);
        const length = /\r\ncontent-length: *(\d+)/i.exec(head);
        if (length) pending = pending.slice(Number(length[1]));
        requests.push(head);
        const [method, path] = head.split(' ');
        const reply = answer(path, method, socket);
        if (reply !== undefined) socket.write(reply, 'latin1');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    connections: () => connections,
    requests,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

/** A client socket that sends `text` and collects every byte that comes back until `done(bytes)` or close. */
function exchange(socket: net.Socket, text: string, done: (received: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    let received = '';
    const onData = (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (done(received)) finish();
    };
    const finish = () => {
      socket.off('data', onData);
      socket.off('close', finish);
      resolve(received);
    };
    socket.on('data', onData);
    socket.once('close', finish);
    socket.once('error', reject);
    socket.write(text, 'latin1');
  });
}

function connect(address: string): Promise<net.Socket> {
  const { hostname, port } = new URL(address);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => resolve(socket));
    socket.once('error', reject);
  });
}

const SSE_BODY = '1c;ext=1\r\ndata: one\n\ndata: two\nid: 7\n\n\r\na;a="b"\r\n: comment\n\r\n0\r\nX-Checksum: abc\r\n\r\n';
const SSE_RESPONSE = `HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nX-Case: KeepMe\r\nConnection: keep-alive, X-Hop\r\nX-Hop: drop\r\nKeep-Alive: timeout=99\r\nTransfer-Encoding: chunked\r\n\r\n${SSE_BODY}`;

describe('capture proxy: the raw relay', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  async function pair(answer: Parameters<typeof rawUpstream>[0]): Promise<{ upstream: Awaited<ReturnType<typeof rawUpstream>>; proxy: RunningProxy }> {
    const upstream = await rawUpstream(answer);
    cleanups.push(() => upstream.close());
    const proxy = await startProxy(upstream.origin);
    cleanups.push(() => proxy.close());
    return { upstream, proxy };
  }
  async function client(proxy: RunningProxy): Promise<net.Socket> {
    const socket = await connect(proxy.proxy.address);
    cleanups.push(() => void socket.destroy());
    return socket;
  }

  it('chunk sizes, extensions and trailers reach the client as sent; hop headers are the client hop\'s; both connections are reused', async () => {
    const { upstream, proxy } = await pair(() => SSE_RESPONSE);
    const socket = await client(proxy);
    for (let round = 1; round <= 2; round++) {
      const text = await exchange(socket, 'GET /events HTTP/1.1\r\nHost: x\r\n\r\n', (r) => r.endsWith('X-Checksum: abc\r\n\r\n'));
      const [head, body] = [text.slice(0, text.indexOf('\r\n\r\n')), text.slice(text.indexOf('\r\n\r\n') + 4)];
      assert.equal(body, SSE_BODY, `round ${round}: body bytes as the upstream sent them`);
      assert.match(head, /^HTTP\/1\.1 200 OK\r\n/);
      assert.match(head, /\r\nX-Case: KeepMe\r\n/);
      assert.match(head, /\r\nTransfer-Encoding: chunked\r\n/);
      assert.match(head, /\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5$/);
      assert.doesNotMatch(head, /X-Hop|timeout=99/);
    }
    assert.equal(upstream.connections(), 1, 'one upstream connection for both requests');
    await proxy.until((records) => records.filter((r) => r.kind === 'closed').length === 2);
    assert.deepEqual(streamEvents(proxy.stream(1)), [{ type: 'message', data: 'one' }, { type: 'message', data: 'two', id: '7' }]);
    assert.equal(proxy.capture(1)?.headers['x-hop'], 'drop', 'the record shows the upstream\'s headers as sent');
  });

  it('HEAD, 204, 304 and Content-Length: 0 end with their head; the connection carries the next request', async () => {
    const { proxy } = await pair((path) => {
      if (path === '/head') return 'HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n';
      if (path === '/204') return 'HTTP/1.1 204 No Content\r\n\r\n';
      if (path === '/304') return 'HTTP/1.1 304 Not Modified\r\nETag: "x"\r\n\r\n';
      if (path === '/empty') return 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n';
      return 'HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nlast';
    });
    const socket = await client(proxy);
    for (const [method, path, status] of [['HEAD', '/head', '200'], ['GET', '/204', '204'], ['GET', '/304', '304'], ['GET', '/empty', '200']]) {
      const text = await exchange(socket, `${method} ${path} HTTP/1.1\r\nHost: x\r\n\r\n`, (r) => r.includes('\r\n\r\n'));
      assert.match(text, new RegExp(`^HTTP/1.1 ${status} `), path);
      assert.ok(text.endsWith('\r\n\r\n'), `${path}: nothing after the head`);
      if (method === 'HEAD') assert.match(text, /\r\nContent-Length: 1234\r\n/);
    }
    const last = await exchange(socket, 'GET /last HTTP/1.1\r\nHost: x\r\n\r\n', (r) => r.endsWith('last'));
    assert.ok(last.endsWith('\r\n\r\nlast'));
  });

  it('a body delimited by the upstream\'s close ends the client\'s connection after the same bytes', async () => {
    const { proxy } = await pair((_path, _method, socket) => {
      socket.end('HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\ndata: until close\n\n');
      return undefined;
    });
    const socket = await client(proxy);
    const text = await exchange(socket, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n', () => false);
    assert.match(text, /\r\nConnection: close\r\n\r\ndata: until close\n\n$/);
    await proxy.until((records) => records.some((r) => r.kind === 'closed'));
    assert.deepEqual(streamEvents(proxy.stream(1)), [{ type: 'message', data: 'until close' }]);
    assert.equal(proxy.stream(1).find((r) => r.kind === 'closed')?.kind === 'closed' && (proxy.stream(1).find((r) => r.kind === 'closed') as { reason: string }).reason, 'ended');
  });

  it('Expect: 100-continue: the client is told to go on, the upstream\'s interim 100 is not passed twice', async () => {
    const upstream = await startUpstream((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => res.end(`got ${Buffer.concat(chunks).toString()}`));
    });
    cleanups.push(() => upstream.close());
    const proxy = await startProxy(upstream.origin);
    cleanups.push(() => proxy.close());
    const body = await new Promise<string>((resolve, reject) => {
      const req = http.request(`${proxy.proxy.address}/upload`, { method: 'POST', agent: false, headers: { Expect: '100-continue', 'Content-Length': 5 } });
      req.on('continue', () => req.end('hello'));
      req.on('response', (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve(text));
      });
      req.on('error', reject);
    });
    assert.equal(body, 'got hello');
  });

  it('pipelined requests: answered in order, each intact (the second waits for the first)', async () => {
    const { proxy } = await pair((path) => `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${(path.length + 6).toString(16)}\r\nreply ${path}\r\n0\r\n\r\n`);
    const socket = await client(proxy);
    const text = await exchange(socket, 'GET /one HTTP/1.1\r\nHost: x\r\n\r\nGET /two HTTP/1.1\r\nHost: x\r\n\r\nGET /three HTTP/1.1\r\nHost: x\r\n\r\n', (r) => r.includes('reply /three'));
    const replies = [...text.matchAll(/reply (\/\w+)/g)].map((m) => m[1]);
    assert.deepEqual(replies, ['/one', '/two', '/three']);
  });

  it('an HTTP/1.0 client gets the body through node:http (it cannot read chunked framing)', async () => {
    const { proxy } = await pair(() => SSE_RESPONSE);
    const socket = await client(proxy);
    const text = await exchange(socket, 'GET / HTTP/1.0\r\n\r\n', () => false);
    assert.ok(text.endsWith('\r\nConnection: close\r\n\r\ndata: one\n\ndata: two\nid: 7\n\n: comment\n'), JSON.stringify(text.slice(-80)));
  });

  it('a response that could be read two ways: 502 saying why, the upstream connection dropped', async () => {
    const { proxy, upstream } = await pair((path) =>
      path === '/bad' ? 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n' : 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
    const socket = await client(proxy);
    const text = await exchange(socket, 'GET /bad HTTP/1.1\r\nHost: x\r\n\r\n', (r) => r.includes('\n', r.indexOf('\r\n\r\n') + 4));
    assert.match(text, /^HTTP\/1\.1 502 /);
    assert.match(text, /both Transfer-Encoding and Content-Length/);
    const next = await exchange(socket, 'GET /good HTTP/1.1\r\nHost: x\r\n\r\n', (r) => r.endsWith('ok'));
    assert.ok(next.endsWith('ok'));
    assert.equal(upstream.connections(), 2, 'the connection that sent it is not reused');
    await proxy.until((records) => records.some((r) => r.kind === 'error' && r.stream === 1));
  });

  it('a kept-alive connection the upstream closes as the next request arrives: that request is retried on a new one', async () => {
    const served = new WeakMap<net.Socket, number>();
    const { proxy, upstream } = await pair((_path, _method, socket) => {
      // The race every keep-alive pool meets: the server gave up on the idle connection just
      // as the request went out (here: it drops the second request on each connection unanswered).
      const count = (served.get(socket) ?? 0) + 1;
      served.set(socket, count);
      if (count === 1) return 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok';
      socket.destroy();
      return undefined;
    });
    const socket = await client(proxy);
    for (let round = 0; round < 3; round++) {
      const text = await exchange(socket, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n', (r) => r.endsWith('ok') || r.includes('502'));
      assert.match(text, /^HTTP\/1\.1 200 OK/, `round ${round}`);
      await delay(20);
    }
    assert.equal(upstream.connections(), 3);
  });
  it('a client that reads slowly: every byte arrives, the upstream waits rather than the proxy buffering, then the connection is reused', async () => {
    const upstream = await startUpstream(async (_req, res) => {
      // Small writes: some are left partly unsent in the proxy's socket below its high-water mark.
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
      for (let i = 0; i < 1024; i++) {
        if (!res.write(Buffer.alloc(7 * 1024 + (i % 13), i % 251))) await new Promise((r) => res.once('drain', r));
        // One small write per turn: the proxy reads them one by one.
        await new Promise((r) => setImmediate(r));
      }
      res.end();
    });
    cleanups.push(() => upstream.close());
    const proxy = await startProxy(upstream.origin);
    cleanups.push(() => proxy.close());
    const expected = createHash('sha256');
    for (let i = 0; i < 1024; i++) expected.update(Buffer.alloc(7 * 1024 + (i % 13), i % 251));
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    cleanups.push(() => agent.destroy());
    for (let round = 0; round < 2; round++) {
      const hash = await new Promise<string>((resolve, reject) => {
        http.get(`${proxy.proxy.address}/slow`, { agent }, (res) => {
          const got = createHash('sha256');
          // Read a little, then nothing for a moment, over and over: the sockets stay nearly
          // full, so the proxy's small writes are often taken only in part.
          res.on('data', (chunk: Buffer) => {
            got.update(chunk);
            res.pause();
            setTimeout(() => res.resume(), 2);
          });
          res.on('end', () => resolve(got.digest('hex')));
        }).on('error', reject);
      });
      assert.equal(hash, expected.copy().digest('hex'), `round ${round}`);
    }
  });
});
