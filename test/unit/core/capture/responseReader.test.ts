import assert from 'node:assert/strict';
import { parsedHeaders, ResponseFramingError, ResponseReader, type ResponseHead } from '../../../../src/core/capture/responseReader';

interface Read {
  head?: ResponseHead;
  /** The body's bytes as framed (what the relay forwards). */
  body: string;
  /** The payload (chunk framing removed). */
  payload: string;
  /** Bytes of the input the response took (head and body), or -1 when it has not ended. */
  used: number;
}

/**
 * Reads `wire` cut into reads of `size` bytes (each read a fresh copy whose memory is then
 * overwritten, as the relay's reused read buffer is), then the connection's close if `close`.
 */
function readAll(wire: string, size: number, options: { head?: boolean; close?: boolean } = {}): Read {
  const reader = new ResponseReader(options.head === true);
  const out: Read = { body: '', payload: '', used: -1 };
  let offset = 0;
  for (let at = 0; at < wire.length && !reader.done; at += size) {
    const bytes = Buffer.from(wire.slice(at, at + size), 'latin1');
    reader.read(bytes, {
      head: (head) => (out.head = head),
      body: (start, end) => (out.body += bytes.toString('latin1', start, end)),
      payload: (start, end) => (out.payload += bytes.toString('latin1', start, end)),
      end: (end) => (out.used = at + end),
    });
    bytes.fill(0x7e);
    offset = at;
  }
  void offset;
  if (options.close) reader.closed({ head: () => undefined, body: () => undefined, payload: () => undefined, end: () => (out.used = wire.length) });
  return out;
}

/** Every way of cutting `wire` into reads of one size: 1 byte, 2, 3, 7, and all at once. */
function eachCut(wire: string, check: (read: Read, size: number) => void, options?: { head?: boolean; close?: boolean }): void {
  for (const size of [1, 2, 3, 7, wire.length]) check(readAll(wire, size, options), size);
}

const NEXT = 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n';

describe('ResponseReader: where a response ends, its bytes untouched', () => {
  it('chunked with extensions and trailers: body bytes as sent, payload de-chunked, ends after the trailers', () => {
    const body = '5;name=value\r\nhello\r\n7 ; x="y"\r\n, world\r\n0\r\nExpires: never\r\nX-Sum: 1\r\n\r\n';
    const wire = `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/event-stream\r\n\r\n${body}`;
    eachCut(wire + NEXT, (read, size) => {
      assert.equal(read.head?.framing, 'chunked', `size ${size}`);
      assert.equal(read.body, body, `size ${size}`);
      assert.equal(read.payload, 'hello, world', `size ${size}`);
      assert.equal(read.used, wire.length, `size ${size}: the next response is not taken`);
    });
  });

  it('Content-Length: exactly that many bytes, the next response left alone', () => {
    const wire = 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\nSet-Cookie: a=1\r\nset-cookie: b=2\r\n\r\n0123456789';
    eachCut(wire + NEXT, (read, size) => {
      assert.equal(read.head?.framing, 'length');
      assert.equal(read.body, '0123456789', `size ${size}`);
      assert.equal(read.payload, '0123456789');
      assert.equal(read.used, wire.length);
      assert.deepEqual(read.head?.headers['set-cookie'], ['a=1', 'b=2']);
      assert.deepEqual(read.head?.lines, ['Content-Length: 10', 'Set-Cookie: a=1', 'set-cookie: b=2'], 'header lines as sent');
    });
  });

  it('neither length nor chunked: the body runs until the upstream closes', () => {
    const wire = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nall of this, until close';
    eachCut(wire, (read) => {
      assert.equal(read.head?.framing, 'close');
      assert.equal(read.body, 'all of this, until close');
      assert.equal(read.used, wire.length);
    }, { close: true });
    const open = readAll(wire, 4);
    assert.equal(open.used, -1, 'not ended while the connection is open');
  });

  it('a Transfer-Encoding not ending in chunked is read until close', () => {
    const read = readAll('HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nxyz', 100, { close: true });
    assert.equal(read.head?.framing, 'close');
    assert.equal(read.body, 'xyz');
  });

  it('100 Continue and 103 Early Hints are read and dropped; the final head is the one reported', () => {
    const wire = 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok';
    eachCut(wire + NEXT, (read, size) => {
      assert.equal(read.head?.status, 201, `size ${size}`);
      assert.equal(read.head?.reason, 'Created');
      assert.equal(read.body, 'ok');
      assert.equal(read.used, wire.length);
    });
  });

  it('HEAD, 204 and 304 end with the head whatever their headers say', () => {
    const head = 'HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nTransfer-Encoding: identity\r\n\r\n'.replace('Transfer-Encoding: identity\r\n', '');
    eachCut(head + NEXT, (read) => {
      assert.equal(read.head?.framing, 'none');
      assert.equal(read.body, '');
      assert.equal(read.used, head.length);
    }, { head: true });
    for (const status of ['204 No Content', '304 Not Modified']) {
      const wire = `HTTP/1.1 ${status}\r\nContent-Length: 5\r\n\r\n`;
      eachCut(wire + NEXT, (read) => {
        assert.equal(read.head?.framing, 'none', status);
        assert.equal(read.body, '');
        assert.equal(read.used, wire.length);
      });
    }
    const chunkedHead = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n';
    assert.equal(readAll(chunkedHead + NEXT, 5, { head: true }).used, chunkedHead.length);
  });

  it('Content-Length: 0 and an empty chunked body end at once', () => {
    assert.equal(readAll('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n' + NEXT, 3).used, 38);
    const empty = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n';
    eachCut(empty + NEXT, (read) => assert.equal(read.used, empty.length));
  });

  it('bare LF line ends are read as node:http reads them', () => {
    const wire = 'HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n3\nabc\n0\n\n';
    eachCut(wire + NEXT, (read) => {
      assert.equal(read.payload, 'abc');
      assert.equal(read.used, wire.length);
    });
  });

  it('HTTP/1.0 and Connection: close say the connection cannot be reused', () => {
    assert.equal(readAll('HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n', 100).head?.closes, true);
    assert.equal(readAll('HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n', 100).head?.closes, false);
    assert.equal(readAll('HTTP/1.1 200 OK\r\nConnection: Close\r\nContent-Length: 0\r\n\r\n', 100).head?.closes, true);
    assert.equal(readAll('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n', 100).head?.closes, false);
  });

  it('refuses what could be read two ways or not at all, saying what', () => {
    for (const [wire, pattern] of [
      ['HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n', /both Transfer-Encoding and Content-Length/],
      ['HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n', /differing Content-Length/],
      ['HTTP/1.1 200 OK\r\nContent-Length: -3\r\n\r\n', /not a Content-Length/],
      ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', /not a chunk size/],
      ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n', /longer than its size/],
      ['HTTP/1.1 101 Switching Protocols\r\n\r\n', /switched protocols/],
      ['SSH-2.0-OpenSSH\r\n\r\n', /not an HTTP\/1.x status line/],
      ['HTTP/1.1 200 OK\r\n folded\r\n\r\n', /not a header line/],
      [`HTTP/1.1 200 OK\r\nX: ${'a'.repeat(20000)}\r\n\r\n`, /larger than/],
    ] as const) {
      for (const size of [1, 9, wire.length]) {
        assert.throws(() => readAll(wire, size), (error: unknown) => error instanceof ResponseFramingError && pattern.test(error.message), `${wire.slice(0, 60)} by ${size}`);
      }
    }
    assert.equal(readAll('HTTP/1.1 200 OK\r\nContent-Length: 3, 3\r\n\r\nabc', 100).body, 'abc', 'the same length twice is one length');
  });

  it('a body cut short is not ended by the close', () => {
    const reader = new ResponseReader(false);
    const noop = { head: () => undefined, body: () => undefined, payload: () => undefined, end: () => assert.fail('ended') };
    reader.read(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n01234'), noop);
    assert.equal(reader.closed(noop), false);
  });

  it('parsedHeaders joins as node:http does', () => {
    assert.deepEqual(parsedHeaders(['Content-Type', 'a', 'content-type', 'b', 'X-A', '1', 'x-a', '2', 'Cookie', 'c=1', 'cookie', 'd=2', 'Set-Cookie', 's']), {
      'content-type': 'a', 'x-a': '1, 2', cookie: 'c=1; d=2', 'set-cookie': ['s'],
    });
  });
});
