/**
 * The demo server's showcase streams (see scripts/demo-server.mjs). Same shape as the
 * extension's scaffolding (`@Sse()` handlers returning `Observable<MessageEvent>`), with more
 * going on so the inspector has something to show:
 * - GET /events: named events (`hello`, `tick`, `price`, `log`), unnamed `message` events,
 *   JSON and plain-text (also multi-line) data, ids, `retry: 2000`, and `: heartbeat` comments.
 *   Comments use MessageEvent's `comment` field (NestJS 12 writes it as a `:` line; older
 *   NestJS versions lack it and would need a raw Express handler).
 * - GET /fast?rate=5000: thousands of small events per second, for performance.
 * - POST /chat: an LLM-style stream of `{"choices":[{"delta":{"content":"…"}}]}` chunks, then
 *   `[DONE]`; echoes the JSON body and says whether an Authorization header came.
 */
import { Body, Controller, Headers, HttpCode, MessageEvent, Query, RequestMethod, Sse } from '@nestjs/common';
import { Observable, interval, map, merge, of } from 'rxjs';

/** Numbers the events of one connection (comments carry no id, as NestJS leaves them alone). */
function withIds(): (event: MessageEvent) => MessageEvent {
  let lastId = 0;
  return (event) => (event.comment !== undefined && event.data === undefined ? event : { ...event, id: String(++lastId) });
}

const LOG_LINES = ['GET /api/orders 200 12ms', 'cache miss: user:42', 'job 7 finished\nrows: 1200\nwarnings: 0', 'slow query (830 ms): SELECT * FROM orders'];

@Controller()
export class StreamsController {
  @Sse('events')
  events(): Observable<MessageEvent> {
    let price = 100;
    return merge(
      of<MessageEvent>({ type: 'hello', retry: 2000, data: 'connected to the SSE Inspector demo' }),
      interval(1000).pipe(map((n): MessageEvent => ({ type: 'tick', data: { n: n + 1, at: new Date().toISOString() } }))),
      interval(700).pipe(
        map((): MessageEvent => {
          price = Math.max(1, price + (Math.random() - 0.5) * 2);
          return { type: 'price', data: { symbol: 'ACME', price: Number(price.toFixed(2)) } };
        }),
      ),
      interval(1500).pipe(map((n): MessageEvent => ({ type: 'log', data: LOG_LINES[n % LOG_LINES.length] }))),
      interval(2000).pipe(map((n): MessageEvent => ({ data: { text: 'an unnamed event: its type is message', n: n + 1 } }))),
      interval(3000).pipe(map((): MessageEvent => ({ comment: 'heartbeat' }))),
    ).pipe(map(withIds()));
  }

  /** Events every 10 ms in batches; `rate` is events per second (100 to 50,000). */
  @Sse('fast', { maxPendingDataLength: 64 * 1024 * 1024 })
  fast(@Query('rate') rate?: string): Observable<MessageEvent> {
    const perSecond = Math.min(50000, Math.max(100, Number(rate) || 5000));
    return new Observable<MessageEvent>((subscriber) => {
      let n = 0;
      const timer = setInterval(() => {
        for (let i = 0; i < perSecond / 100; i++) {
          n++;
          subscriber.next({ id: String(n), type: n % 10 === 0 ? 'even-ten' : 'fast', data: String(n) });
        }
      }, 10);
      return () => clearInterval(timer);
    });
  }

  /** An LLM-style completion stream over POST, like OpenAI's chat completions with stream: true. */
  @Sse('chat', { method: RequestMethod.POST })
  // NestJS answers POST with 201 by default; an event stream must be 200 or clients fail it.
  @HttpCode(200)
  chat(@Body() body: unknown, @Headers('authorization') authorization?: string): Observable<MessageEvent> {
    const auth = authorization ? `with an Authorization header (${authorization.split(' ')[0]} …)` : 'without an Authorization header';
    const reply = `You sent ${JSON.stringify(body ?? null)} ${auth}. This reply streams word by word, then [DONE].`;
    const words = reply.split(' ');
    return new Observable<MessageEvent>((subscriber) => {
      let i = 0;
      const timer = setInterval(() => {
        if (i < words.length) {
          subscriber.next({ data: { choices: [{ delta: { content: (i === 0 ? '' : ' ') + words[i] } }] } });
          i++;
        } else {
          subscriber.next({ data: '[DONE]' });
          subscriber.complete();
        }
      }, 40);
      return () => clearInterval(timer);
    });
  }
}
