/**
 * Child process for bench/live.ts: an SSE endpoint driven over IPC, in its own process so that
 * writing 20,000 events a second never shares an event loop with the code that measures.
 *
 * It listens on 127.0.0.1 (random port), answers GET /events with a text/event-stream response
 * that stays open, and writes nothing until the parent asks for a phase:
 *   parent -> { cmd: 'phase', name, rate, seconds }   write `rate` events/s for `seconds`
 *   parent -> { cmd: 'close' }                        end the response and exit
 *   child  -> { type: 'listening', port }
 *   child  -> { type: 'connected', connections }      a client opened /events
 *   child  -> { type: 'progress', name, sent, totalSent, at }   about once a second
 *   child  -> { type: 'phaseDone', name, sent, totalSent, elapsedMs, maxBufferedBytes }
 *
 * Every event is `id: <seq>\ndata: {"seq":<seq>,"t":<Date.now() at the write>}\n\n`: the
 * measuring side reads the send time back out of the row the panel paints (same machine clock).
 * GET /v1/chat/completions streams OpenAI chat chunks instead (bench:live --llm), whose
 * `delta.content` is ` k<seq>t<write time>`, read back out of the Message view's text.
 * The response never ends between phases, so the client never reconnects.
 */
import { createServer, type ServerResponse } from 'node:http';

type ParentMessage = { cmd: 'phase'; name: string; rate: number; seconds: number } | { cmd: 'close' };

/** The OpenAI chat chunk head of `/v1/chat/completions` (bench:live --llm). */
const LLM_HEAD = '{"id":"chatcmpl-live","object":"chat.completion.chunk","created":1764547200,"model":"bench-live","choices":[{"index":0,"delta":{"content":';

let current: ServerResponse | undefined;
let connections = 0;
let seq = 0;
let totalSent = 0;

const send = (message: unknown): void => {
  process.send?.(message);
};

/** What the open response streams: tick events (/events) or OpenAI chat chunks (/v1/chat/completions). */
let llm = false;

const server = createServer((req, res) => {
  if (req.url !== '/events' && req.url !== '/v1/chat/completions') {
    res.writeHead(404).end();
    return;
  }
  connections++;
  req.socket.setNoDelay(true);
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
  // A retry the client may use if something breaks: long, so a reconnect would show up as a gap.
  res.write('retry: 60000\n: bench stream open\n\n');
  current = res;
  llm = req.url !== '/events';
  res.on('close', () => {
    if (current === res) current = undefined;
  });
  send({ type: 'connected', connections });
});

function event(at: number): string {
  seq++;
  if (!llm) return `id: ${seq}\ndata: {"seq":${seq},"t":${at}}\n\n`;
  // A marker token per chunk (its seq and write time) that the probe finds in the Message view's
  // text; Markdown leaves it alone. A paragraph break now and then, as an answer has.
  const content = ` k${seq}t${at}${seq % 25 === 0 ? '\n\n' : ''}`;
  return `data: ${LLM_HEAD}${JSON.stringify(content)}},"finish_reason":null}]}\n\n`;
}

/** Writes `rate` events/s for `seconds`, catching up on late timer ticks so the average holds. */
function runPhase(name: string, rate: number, seconds: number): void {
  const total = Math.round(rate * seconds);
  const started = Date.now();
  let sent = 0;
  let lastProgress = started;
  let maxBufferedBytes = 0;
  const tick = (): void => {
    const now = Date.now();
    const due = Math.min(total, Math.floor((rate * (now - started)) / 1000) + 1);
    if (due > sent && current) {
      let chunk = '';
      // Each event is stamped at the moment of the write that carries it.
      const at = Date.now();
      for (; sent < due; sent++) chunk += event(at);
      current.write(chunk);
      maxBufferedBytes = Math.max(maxBufferedBytes, current.writableLength);
    }
    totalSent = seq;
    if (now - lastProgress >= 1000) {
      lastProgress = now;
      send({ type: 'progress', name, sent, totalSent, at: now });
    }
    if (sent >= total) {
      send({ type: 'phaseDone', name, sent, totalSent, elapsedMs: Date.now() - started, maxBufferedBytes });
      return;
    }
    // Short ticks: at 20,000 events/s one tick carries about 40-100 events.
    setTimeout(tick, rate >= 1000 ? 2 : 1);
  };
  tick();
}

process.on('message', (message: ParentMessage) => {
  if (message.cmd === 'phase') runPhase(message.name, message.rate, message.seconds);
  else if (message.cmd === 'close') {
    current?.end();
    server.close();
    setTimeout(() => process.exit(0), 200).unref();
  }
});
process.on('disconnect', () => process.exit(0));

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  send({ type: 'listening', port: address.port });
});
