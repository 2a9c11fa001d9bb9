/**
 * Bytes pass unchanged: what the client receives hashes equal to what the upstream sent, for
 * event streams (also compressed ones, which stay compressed for the client while the records
 * are decoded) and for other bodies, both ways; headers arrive as sent but for Host and the
 * added X-Forwarded-*.
 */
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { request, type IncomingMessage } from 'node:http';
import * as zlib from 'node:zlib';
import { parseAll, rawRequest, sha256, startProxy, startUpstream, streamEvents, type RunningProxy, type Upstream } from './support/harness';

/** A stream with every field kind, multi-byte text, CRLF and CR endings, split at odd places. */
function sampleStream(): string {
  let text = '\uFEFFretry: 1500\n: hello\r\n';
  for (let i = 0; i < 200; i++) {
    text += i % 3 === 0 ? `event: tick\r\nid: ${i}\r\ndata: ${'é€😀'.repeat(i % 7)} #${i}\r\n\r\n` : `data: {"n":${i}}\ndata: line two\r\r`;
  }
  return text;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

describe('capture proxy: bytes unchanged', () => {
  let upstream: Upstream;
  let proxy: RunningProxy;
  const sent = new Map<string, Buffer>();
  const received = new Map<string, { headers: string[]; body: Buffer; method: string; url: string }>();
  const plain = sampleStream();
  const binary = randomBytes(3 * 1024 * 1024 + 17);

  before(async () => {
    upstream = await startUpstream(async (req, res) => {
      const body = await readBody(req);
      received.set(req.url!, { headers: req.rawHeaders, body, method: req.method!, url: req.url! });
      const path = new URL(req.url!, 'http://x').pathname.replace(/^\/base/, '');
      const encoding = path.split('/')[2] ?? '';
      if (path.startsWith('/sse')) {
        const bytes =
          encoding === 'gzip' ? zlib.gzipSync(plain) : encoding === 'br' ? zlib.brotliCompressSync(plain) : encoding === 'deflate' ? zlib.deflateSync(plain) : encoding === 'rawdeflate' ? zlib.deflateRawSync(plain) : Buffer.from(plain);
        sent.set(req.url!, bytes);
        res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', ...(encoding ? { 'Content-Encoding': encoding === 'rawdeflate' ? 'deflate' : encoding } : {}) });
        // Split at odd sizes so compressed frames and UTF-8 sequences cross chunks.
        for (let at = 0; at < bytes.length; at += 97) res.write(bytes.subarray(at, at + 97));
        res.end();
      } else if (path === '/binary') {
        sent.set(req.url!, binary);
        res.writeHead(200, [['Content-Type', 'application/octet-stream'], ['Content-Length', String(binary.length)], ['Set-Cookie', 'a=1'], ['Set-Cookie', 'b=2'], ['X-Custom-Case', 'Kept']].flat());
        res.end(binary);
      } else {
        // Echo: the request body back, as JSON-less raw bytes, with the status asked for.
        sent.set(req.url!, body);
        res.writeHead(Number(new URL(req.url!, 'http://x').searchParams.get('status') ?? 200), { 'Content-Type': 'application/json' });
        res.end(body);
      }
    });
    proxy = await startProxy(`${upstream.origin}/base/`);
  });
  after(async () => {
    await proxy?.close();
    await upstream?.close();
  });

  for (const encoding of ['', 'gzip', 'br', 'deflate', 'rawdeflate']) {
    it(`an event stream${encoding ? ` (${encoding})` : ''}: client bytes hash equal, records equal the client parser's`, async () => {
      const path = `/sse/${encoding}?q=${encoding || 'none'}`;
      const response = await rawRequest(`${proxy.proxy.address}${path}`);
      assert.equal(response.status, 200);
      assert.equal(sha256(response.body), sha256(sent.get(`/base${path}`)!));
      if (encoding) assert.equal(response.headers['content-encoding'], encoding === 'rawdeflate' ? 'deflate' : encoding);
      await proxy.settled();
      const n = proxy.records.find((r) => r.kind === 'capture' && r.url.endsWith(path))!.stream!;
      await proxy.until(() => proxy.stream(n).some((r) => r.kind === 'closed'));
      const records = proxy.stream(n);
      assert.deepEqual(streamEvents(records), parseAll(plain));
      assert.deepEqual(records.map((r) => r.kind).filter((k, i, all) => all.indexOf(k) === i), ['capture', 'open', 'retry', 'comment', 'event', 'closed']);
      const closed = records.at(-1)!;
      assert.ok(closed.kind === 'closed' && closed.reason === 'ended', JSON.stringify(closed));
    });
  }

  it('a binary body with Content-Length: same bytes, same length header, duplicate Set-Cookie and header case kept', async () => {
    const response = await rawRequest(`${proxy.proxy.address}/binary`);
    assert.equal(sha256(response.body), sha256(binary));
    assert.equal(response.headers['content-length'], String(binary.length));
    assert.deepEqual(response.headers['set-cookie'], ['a=1', 'b=2']);
    assert.ok(response.rawHeaders.includes('X-Custom-Case'));
    await proxy.settled();
    const capture = proxy.records.find((r) => r.kind === 'capture' && r.url.endsWith('/binary'));
    assert.ok(capture && capture.kind === 'capture');
    assert.equal(capture.contentType, 'application/octet-stream');
    assert.equal(capture.headers['set-cookie'], '••••••', 'Set-Cookie is masked in the record');
    // Only event streams are parsed: nothing but the capture record for this one.
    assert.deepEqual(proxy.stream(capture.stream).map((r) => r.kind), ['capture']);
  });

  for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
    it(`${method} with a body: the upstream receives the same bytes, path prefix and query kept`, async () => {
      const body = randomBytes(200_000);
      const response = await rawRequest(`${proxy.proxy.address}/echo/${method}?status=201&x=%20y`, { method, headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': body.length, 'X-Trace': 't1' } }, body);
      assert.equal(response.status, 201);
      assert.equal(sha256(response.body), sha256(body));
      const got = received.get(`/base/echo/${method}?status=201&x=%20y`)!;
      assert.equal(got.method, method);
      assert.equal(sha256(got.body), sha256(body));
      assert.ok(got.headers.includes('X-Trace'));
    });
  }

  for (const method of ['POST', 'DELETE']) it(`a chunked ${method} upload (no Content-Length) arrives whole`, async () => {
    const parts = [randomBytes(1000), randomBytes(70_000), randomBytes(5)];
    const response = await new Promise<Buffer>((resolve, reject) => {
      const req = request(`${proxy.proxy.address}/echo/chunked`, { method, agent: false, headers: { 'Transfer-Encoding': 'chunked' } }, (res: IncomingMessage) => readBody(res).then(resolve, reject));
      req.on('error', reject);
      for (const part of parts) req.write(part);
      req.end();
    });
    assert.equal(sha256(response), sha256(Buffer.concat(parts)));
  });

  it('Host is the target\'s; X-Forwarded-For/-Proto/-Host are added (appended to an earlier proxy\'s); secrets masked in the record', async () => {
    await rawRequest(`${proxy.proxy.address}/echo/headers`, {
      headers: { Authorization: 'Bearer sk-1', Cookie: 'c=1', 'X-Api-Key': 'k', 'X-Session-Token': 't', 'X-Forwarded-For': '10.0.0.1', 'X-Plain': 'visible' },
    });
    const got = received.get('/base/echo/headers')!;
    const header = (name: string) => got.headers[got.headers.findIndex((h, i) => i % 2 === 0 && h.toLowerCase() === name) + 1];
    assert.equal(header('host'), new URL(upstream.origin).host);
    assert.equal(header('x-forwarded-for'), '10.0.0.1, 127.0.0.1');
    assert.equal(header('x-forwarded-proto'), 'http');
    assert.equal(header('x-forwarded-host'), new URL(proxy.proxy.address).host);
    assert.equal(header('authorization'), 'Bearer sk-1', 'secrets go upstream unchanged');
    await proxy.settled();
    const capture = proxy.records.find((r) => r.kind === 'capture' && r.url.endsWith('/echo/headers'));
    assert.ok(capture && capture.kind === 'capture');
    for (const name of ['authorization', 'cookie', 'x-api-key', 'x-session-token']) assert.equal(capture.requestHeaders[name], '••••••', name);
    assert.equal(capture.requestHeaders['x-plain'], 'visible');
    assert.equal(capture.url, `${upstream.origin}/base/echo/headers`);
  });

  it('numbers requests 1, 2, … in order, one capture record each', () => {
    const captures = proxy.records.filter((r) => r.kind === 'capture');
    assert.deepEqual(captures.map((r) => r.stream), captures.map((_r, i) => i + 1));
    assert.deepEqual(proxy.records.map((r) => r.seq), proxy.records.map((_r, i) => i + 1));
  });
});
