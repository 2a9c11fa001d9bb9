/**
 * Child process for bench/ingest.ts: serves the same event stream to every connection as fast
 * as the socket takes it, over a hand-written HTTP/1.1 response whose body ends when the
 * connection closes (no chunked framing, so a raw socket read measures exactly the stream).
 * Run in its own process so the server never competes with the client for the event loop.
 *
 * argv: <events>. Sends { port, bodyBytes } to the parent over IPC once listening.
 */
import { createServer } from 'node:net';
import { tickStreamBody } from './tickStream';

const events = Number(process.argv[2] ?? 200000);
const body = tickStreamBody(events);
const head = Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n');
const SLICE = 64 * 1024;

const server = createServer((socket) => {
  socket.on('error', () => undefined);
  let requestSeen = false;
  let received = '';
  socket.on('data', (data) => {
    if (requestSeen) return;
    received += data.toString('latin1');
    if (!received.includes('\r\n\r\n')) return;
    requestSeen = true;
    socket.write(head);
    let offset = 0;
    const pump = (): void => {
      while (offset < body.length) {
        const end = Math.min(offset + SLICE, body.length);
        const more = socket.write(body.subarray(offset, end));
        offset = end;
        if (!more) {
          socket.once('drain', pump);
          return;
        }
      }
      socket.end();
    };
    pump();
  });
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  process.send?.({ port: address.port, bodyBytes: body.length });
});
process.on('disconnect', () => process.exit(0));
