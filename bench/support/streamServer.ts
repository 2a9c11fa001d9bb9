/**
 * Child process for bench/ingest.ts: serves the same event stream to every connection as fast
 * as the socket takes it, over a hand-written HTTP/1.1 response whose body ends when the
 * connection closes (no chunked framing, so a raw socket read measures exactly the stream).
 * Run in its own process so the server never competes with the client for the event loop.
 *
 * argv: <events> [openai]. With `openai`, the events are Chat Completions chunks (text deltas, a
 * tool call with fragmented arguments, a finish reason, usage, `[DONE]`) for bench/merge.ts. Sends { port, bodyBytes } to the parent over IPC once listening.
 */
import { createServer } from 'node:net';
import { tickStreamBody } from './tickStream';

const events = Number(process.argv[2] ?? 200000);
const openai = process.argv[3] === 'openai';
const WORDS = ['The', ' weather', ' in', ' Paris', ' is', ' **mild**', ',', ' 18', '°C', ' — ', 'één', ' moment', '.\n'];

/** Chunk i of an OpenAI-shaped stream of `events` events: text, then a tool call's fragments, then the end. */
function openAiChunk(i: number): string {
  const head = '{"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1764547200,"model":"gpt-4o","choices":';
  if (i === events) return '[DONE]';
  if (i === events - 1) return `${head}[],"usage":{"prompt_tokens":12,"completion_tokens":${events},"total_tokens":${events + 12}}}`;
  if (i === events - 2) return `${head}[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}`;
  if (i > events - 100) return `${head}[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\\"n\\":${i}"}}]},"finish_reason":null}]}`;
  return `${head}[{"index":0,"delta":{"content":${JSON.stringify(WORDS[i % WORDS.length])}},"finish_reason":null}]}`;
}
function openAiStreamBody(): Buffer {
  const parts: string[] = [];
  for (let i = 1; i <= events; i++) parts.push(`data: ${openAiChunk(i)}\n\n`);
  return Buffer.from(parts.join(''), 'utf8');
}
const body = openai ? openAiStreamBody() : tickStreamBody(events);
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
