/**
 * Real clients through the proxy, each an oracle for what the stream said: Chromium's
 * EventSource on a page served through the proxy, the `eventsource` npm package, and the
 * `openai` SDK streaming a chat completion from a local server that speaks OpenAI's format.
 * In each case the captured stream equals what the client received.
 */
import { strict as assert } from 'node:assert';
import { EventSource } from 'eventsource';
import OpenAI from 'openai';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS } from '../host/chromium';
import { CHROMIUM_PATH } from '../host/paths';
import { delay, startProxy, startUpstream, streamEvents, type RunningProxy, type Upstream } from './support/harness';

const PAGE = `<!doctype html><meta charset="utf-8"><title>capture</title><body><script>
window.received = [];
const source = new EventSource('/events?from=page');
for (const type of ['message', 'tick']) source.addEventListener(type, (e) => window.received.push({ type: e.type, data: e.data, id: e.lastEventId }));
source.addEventListener('error', () => { window.done = true; source.close(); });
</script></body>`;

/** A chat completion split into chunks, as OpenAI streams them. */
function completionChunks(): unknown[] {
  const base = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'gpt-test' };
  const words = ['Hello', ' from', ' the', ' local', ' server', ' — ünïcödé 😀'];
  return [
    { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] },
    ...words.map((w) => ({ ...base, choices: [{ index: 0, delta: { content: w }, finish_reason: null }] })),
    { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], usage: { prompt_tokens: 3, completion_tokens: 6, total_tokens: 9 } },
  ];
}

describe('capture proxy: real clients', () => {
  let upstream: Upstream;
  let proxy: RunningProxy;
  const authSeen: string[] = [];

  before(async () => {
    upstream = await startUpstream(async (req, res) => {
      const url = new URL(req.url!, 'http://x');
      if (url.pathname === '/') {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end(PAGE);
      } else if (url.pathname === '/events') {
        res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
        res.write('retry: 100000\n: stream start\n\n');
        for (let i = 1; i <= 12; i++) {
          res.write(i % 2 ? `id: ${i}\nevent: tick\ndata: {"i":${i}}\n\n` : `id: ${i}\ndata: line ${i}\ndata: second\n\n`);
          await delay(3);
        }
        // Ending the response makes EventSource report an error; retry 100000 keeps it from reconnecting soon.
        res.end();
      } else if (url.pathname === '/v1/chat/completions' && req.method === 'POST') {
        authSeen.push(String(req.headers.authorization));
        for await (const _chunk of req) void _chunk;
        res.writeHead(200, { 'Content-Type': 'text/event-stream' });
        for (const chunk of completionChunks()) {
          res.write(`data: ${JSON.stringify(chunk)}\n\n`);
          await delay(2);
        }
        res.end('data: [DONE]\n\n');
      } else {
        res.writeHead(404).end();
      }
    });
    proxy = await startProxy(upstream.origin);
  });
  after(async () => {
    await proxy?.close();
    await upstream?.close();
  });

  async function streamFor(pathPart: string): Promise<number> {
    await proxy.settled();
    const capture = proxy.records.find((r) => r.kind === 'capture' && r.url.includes(pathPart));
    assert.ok(capture, `no capture record for ${pathPart}`);
    return capture.stream!;
  }

  it('the eventsource npm package: captured events equal the ones it dispatched', async () => {
    const received: Array<{ type: string; data: string; id: string }> = [];
    const source = new EventSource(`${proxy.proxy.address}/events?from=npm`);
    await new Promise<void>((resolve, reject) => {
      for (const type of ['message', 'tick']) source.addEventListener(type, (e) => {
        received.push({ type: e.type, data: e.data, id: e.lastEventId });
        if (received.length === 12) resolve();
      });
      setTimeout(() => reject(new Error(`only ${received.length} events`)), 10000);
    });
    source.close();
    const n = await streamFor('from=npm');
    await proxy.until(() => proxy.stream(n).some((r) => r.kind === 'closed'));
    assert.deepEqual(streamEvents(proxy.stream(n)).map((e) => ({ type: e.type, data: e.data, id: e.id ?? '' })), received);
  });

  it('the openai SDK (chat.completions.stream, baseURL = the proxy): captured chunks equal what it received', async () => {
    const client = new OpenAI({ baseURL: `${proxy.proxy.address}/v1`, apiKey: 'sk-capture-test', maxRetries: 0 });
    const seen: unknown[] = [];
    const stream = client.chat.completions.stream({ model: 'gpt-test', messages: [{ role: 'user', content: 'hi' }] });
    for await (const chunk of stream) seen.push(chunk);
    const final = await stream.finalChatCompletion();
    assert.equal(final.choices[0].message.content, 'Hello from the local server — ünïcödé 😀');
    assert.equal(authSeen.at(-1), 'Bearer sk-capture-test', 'the key reaches the upstream unchanged');
    const n = await streamFor('/v1/chat/completions');
    await proxy.until(() => proxy.stream(n).some((r) => r.kind === 'closed'));
    const events = streamEvents(proxy.stream(n));
    assert.equal(events.at(-1)?.data, '[DONE]');
    assert.deepEqual(events.slice(0, -1).map((e) => JSON.parse(e.data)), seen);
    const capture = proxy.capture(n)!;
    assert.equal(capture.method, 'POST');
    assert.equal(capture.requestHeaders.authorization, '••••••', 'the key is masked in the record');
  });

  describe('Chromium', () => {
    let browser: Browser | undefined;
    after(async () => browser?.close());

    it('EventSource on a page served through the proxy: captured events equal the ones the page got', async function () {
      browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] });
      const page = await browser.newPage();
      await page.goto(`${proxy.proxy.address}/`);
      await page.waitForFunction(() => (window as unknown as { received: unknown[] }).received.length >= 12, undefined, { timeout: 15000 });
      const received = await page.evaluate(() => (window as unknown as { received: Array<{ type: string; data: string; id: string }> }).received.slice(0, 12));
      const n = await streamFor('from=page');
      await proxy.until(() => proxy.stream(n).some((r) => r.kind === 'closed'));
      assert.deepEqual(streamEvents(proxy.stream(n)).map((e) => ({ type: e.type, data: e.data, id: e.id ?? '' })), received);
      const page1 = proxy.records.find((r) => r.kind === 'capture' && new URL(r.url).pathname === '/');
      assert.ok(page1 && page1.kind === 'capture' && page1.contentType.startsWith('text/html'), 'the page itself went through the proxy');
    });
  });
});
