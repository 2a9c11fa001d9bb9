/**
 * The demo server's plain HTTP routes: the index, and two ways a stream URL can be wrong that
 * the inspector must report without reconnecting (a 404 page, and HTML with status 200).
 */
import { Controller, Get, Header, HttpCode } from '@nestjs/common';

const ROUTES = [
  'SSE Inspector demo server (NestJS, built from the extension\'s scaffolding)',
  '',
  'GET  /events              named events tick, price, log, hello; unnamed message; ids; retry 2000; heartbeat comments',
  'GET  /fast?rate=5000      thousands of events per second',
  'POST /chat                LLM-style stream: {"choices":[{"delta":{"content":"…"}}]} chunks, then [DONE]',
  'GET  /llm/openai-chat     a paced LLM stream (reasoning, Markdown, a tool call, usage); also POST; ?slow=N paces it N times slower',
  'GET  /llm/openai-responses | /llm/anthropic | /llm/gemini | /llm/ai-sdk   the same answer in each format',
  'GET  /resumable           resumes after the Last-Event-ID header (New SSE Controller… > Interval stream)',
  'GET  /broadcast           receives what POST /broadcast/emit sends (New SSE Controller… > Broadcast)',
  'GET  /not-found-demo      404 with an HTML page',
  'GET  /wrong-type          200 with text/html instead of text/event-stream',
  '',
].join('\n');

@Controller()
export class PagesController {
  @Get()
  @Header('Content-Type', 'text/plain; charset=utf-8')
  index(): string {
    return ROUTES;
  }

  @Get('not-found-demo')
  @HttpCode(404)
  @Header('Content-Type', 'text/html; charset=utf-8')
  notFound(): string {
    return '<!doctype html><title>Not Found</title><h1>404: no stream here</h1><p>Try /events.</p>';
  }

  @Get('wrong-type')
  @Header('Content-Type', 'text/html; charset=utf-8')
  wrongType(): string {
    return '<!doctype html><title>Not a stream</title><p>This is a web page, not text/event-stream.</p>';
  }
}
