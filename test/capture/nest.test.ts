/**
 * The demo NestJS app (demo/, started as the quick start starts it) behind the proxy, used by
 * a page in Chromium loaded through the proxy: its @Sse() routes (GET /events, GET /broadcast
 * fed by POST /broadcast/emit, POST /chat) are captured as the page receives them.
 */
import { strict as assert } from 'node:assert';
import { resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS } from '../host/chromium';
import { CHROMIUM_PATH } from '../host/paths';
import { startApp, type RunningApp } from '../nest/nestProcess';
import { parseAll, startProxy, streamEvents, type RunningProxy } from './support/harness';

const repoRoot = resolve(__dirname, '../../..');

type Seen = Array<{ type: string; data: string; id: string }>;

describe('capture proxy: the demo NestJS app behind it', function () {
  this.timeout(90000);
  let app: RunningApp;
  let proxy: RunningProxy;
  let browser: Browser | undefined;

  before(async () => {
    app = await startApp(repoRoot, ['scripts/demo-server.mjs', '--port', '0'], 30000, /listening on (http:\/\/127\.0\.0\.1:\d+)/);
    proxy = await startProxy(app.baseUrl);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] });
  });
  after(async () => {
    await browser?.close();
    await proxy?.close();
    await app?.stop();
  });

  function streamOf(method: string, path: string): number {
    const capture = proxy.records.find((r) => r.kind === 'capture' && r.method === method && new URL(r.url).pathname === path);
    assert.ok(capture, `no capture of ${method} ${path}`);
    return capture.stream!;
  }

  it('a page using /events, /broadcast and POST /chat through the proxy: each @Sse() stream captured as received', async () => {
    const page = await browser!.newPage();
    await page.goto(`${proxy.proxy.address}/`);
    const seen = await page.evaluate(async () => {
      const collect = (url: string, types: string[], count: number) =>
        new Promise<Seen>((done) => {
          const got: Seen = [];
          const source = new EventSource(url);
          for (const type of types) source.addEventListener(type, (e) => {
            got.push({ type: e.type, data: (e as MessageEvent).data, id: (e as MessageEvent).lastEventId });
            if (got.length === count) {
              source.close();
              done(got);
            }
          });
        });
      const events = collect('/events', ['hello', 'tick', 'price', 'log', 'message'], 6);
      const broadcastSource = collect('/broadcast', ['message', 'note'], 2);
      // Give the broadcast stream time to subscribe before anything is emitted.
      await new Promise((r) => setTimeout(r, 500));
      await fetch('/broadcast/emit', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"n":1}' });
      await fetch('/broadcast/emit?type=note', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"n":2}' });
      const chat = await fetch('/chat', { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer demo-secret' }, body: '{"q":"hi"}' });
      const chatText = await chat.text();
      return { events: await events, broadcast: await broadcastSource, chatText };
    });

    const events = streamOf('GET', '/events');
    const broadcast = streamOf('GET', '/broadcast');
    const chat = streamOf('POST', '/chat');
    await proxy.until(() => proxy.stream(chat).some((r) => r.kind === 'closed'));
    // The page closed /events and /broadcast itself: the proxy saw the client leave.
    await proxy.until(() => [events, broadcast].every((n) => proxy.stream(n).some((r) => r.kind === 'closed')));

    const asSeen = (n: number, count: number) => streamEvents(proxy.stream(n)).slice(0, count).map((e) => ({ type: e.type, data: e.data, id: e.id ?? '' }));
    // The page may have been sent more events than it read before closing; the first ones match.
    const eventIds: string[] = [];
    const withIds = streamEvents(proxy.stream(events)).map((e) => {
      if (e.id !== undefined) eventIds.push(e.id);
      return { type: e.type, data: e.data, id: eventIds.at(-1) ?? '' };
    });
    assert.deepEqual(withIds.slice(0, 6), seen.events);
    assert.deepEqual(asSeen(broadcast, 2), seen.broadcast);
    const chatEvents = streamEvents(proxy.stream(chat));
    assert.equal(chatEvents.at(-1)?.data, '[DONE]');
    assert.deepEqual(parseAll(seen.chatText), chatEvents);
    assert.equal(proxy.capture(chat)!.requestHeaders.authorization, '••••••');
    const closed = proxy.stream(events).find((r) => r.kind === 'closed');
    assert.ok(closed && closed.kind === 'closed' && closed.reason === 'stopped', JSON.stringify(closed));
  });
});
