/**
 * A response whose body ends when the server closes the connection (no Content-Length, not
 * chunked: HTTP/1.0 servers, Python's http.server, many proxies) while the client has stopped
 * reading it. undici 7 (the last line that runs on Node 20) asserted that its parser was not
 * paused when the socket ended, so the end of such a stream crashed the process from a socket
 * handler, out of reach of any catch: `record` into a slow file or pipe died before writing the
 * stream's end, almost every time (patches/undici+*.patch backports the upstream fix).
 */
import * as assert from 'node:assert/strict';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { startClient } from '../unit/core/clientHarness';
import { runCli } from './support/cliProcess';
import { printFigures } from './support/figures';
import { shape, shapesOf } from './support/recordShape';

/** A server that answers every request with `body` over HTTP/1.1 without a length, then closes. */
async function closeDelimitedServer(body: string): Promise<{ url: string; ended: Promise<void>; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let markEnded!: () => void;
  const ended = new Promise<void>((resolve) => (markEnded = resolve));
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.once('data', () => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n');
      // All of it at once, then FIN: the client's socket ends while its reader is still paused.
      socket.end(body, () => markEnded());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/stream`,
    ended,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('faults: a body that ends with the connection, while the client is paused', function () {
  this.timeout(60000);

  it('core: pause() until after the server closed, then resume(): every event, then closed ended', async () => {
    // Whether the parser is paused at the FIN depends on how the body falls into socket reads:
    // bodies of several sizes, each read by a client paused from the start until after the end.
    for (const events of [20, 70, 150, 400, 1000, 2000]) {
      const data = 'x'.repeat(1000);
      const server = await closeDelimitedServer(`data: ${data}\n\n`.repeat(events));
      try {
        const run = startClient({ url: server.url, reconnect: false }, (record, client) => {
          if (record.kind === 'open') client.pause();
        });
        await server.ended;
        // Long enough for the client's socket to see the FIN with the parser paused.
        await sleep(200);
        run.client.resume();
        await run.client.done;
        const event = `event message ${JSON.stringify(data)} last= size=${data.length}`;
        assert.deepEqual(run.records.map(shape), ['connecting 0', 'open 200', ...Array.from({ length: events }, () => event), 'closed ended'], `${events} events`);
      } finally {
        await server.close();
      }
    }
  });

  it('record, its output stalled for 1 s: exit 0 and every record, the stream\'s end included', async () => {
    const EVENTS = 50_000;
    const server = await closeDelimitedServer(Array.from({ length: EVENTS }, (_, i) => `id: ${i + 1}\ndata: {"n":${i + 1}}\n\n`).join(''));
    try {
      const run = await runCli({ args: ['record', server.url, '--no-reconnect', '--no-diagnostics'], consumer: { kind: 'stall', ms: 1000 }, keepLines: true, killAfterMs: 45000 });
      printFigures('record, close-delimited body, output stalled 1 s', { ms: run.ms, lines: run.lines.length });
      assert.equal(run.code, 0, run.stderr);
      const { shapes } = shapesOf(run.lines);
      assert.equal(shapes.length, EVENTS + 3);
      assert.deepEqual(shapes.slice(0, 2), ['connecting 0', 'open 200']);
      const last = `{"n":${EVENTS}}`;
      assert.equal(shapes[EVENTS + 1], `event message ${JSON.stringify(last)} id=${EVENTS} last=${EVENTS} size=${last.length}`);
      assert.equal(shapes[EVENTS + 2], 'closed ended');
    } finally {
      await server.close();
    }
  });
});
