/**
 * The replay server against Chromium's own EventSource (Debian's /usr/bin/chromium through
 * playwright-core), from a page on another origin, so CORS is part of what is proven. Every
 * fault: the legal ones leave the events as recorded; a drop resumes by Last-Event-ID; a
 * fail-first status fails the connection without a retry, as the spec says.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../host/chromium';
import { CHROMIUM_PATH } from '../host/paths';
import type { SeenEvent } from './clients';
import { FAULT_CASES, FIXTURE_EVENTS, FIXTURE_TYPES, fixtureRecords, serveRecords, type Served } from './fixture';

interface PageRun {
  events: SeenEvent[];
  /** readyState at each error event (0 = reconnecting, 2 = closed for good). */
  errors: number[];
}

/** Opens an EventSource in the page and collects until `count` events, a final error or the timeout. */
function browserEvents(page: Page, url: string, count: number, timeoutMs = 8000): Promise<PageRun> {
  return page.evaluate(
    ({ url, types, count, timeoutMs }) =>
      new Promise<PageRun>((resolve) => {
        const events: SeenEvent[] = [];
        const errors: number[] = [];
        const source = new EventSource(url);
        const finish = (): void => {
          source.close();
          resolve({ events, errors });
        };
        setTimeout(finish, timeoutMs);
        const onEvent = (event: MessageEvent): void => {
          events.push({ type: event.type, id: event.lastEventId, data: String(event.data) });
          if (events.length >= count) finish();
        };
        for (const type of new Set(['message', ...types])) source.addEventListener(type, onEvent as EventListener);
        source.onerror = () => {
          errors.push(source.readyState);
          if (source.readyState === EventSource.CLOSED) finish();
        };
      }),
    { url, types: FIXTURE_TYPES, count, timeoutMs },
  );
}

describe("replay faults with Chromium's EventSource", function () {
  this.timeout(60000);
  let served: Served;
  let pageServer: Server;
  let context: BrowserContext;
  let page: Page;
  let profile: string;

  before(async () => {
    served = await serveRecords(fixtureRecords(10), { speed: 1 });
    // The page lives on another port: another origin, so every request is a CORS request.
    pageServer = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end('<!DOCTYPE html><title>replay client</title><p>EventSource test page</p>');
    });
    await new Promise<void>((resolve) => pageServer.listen(0, '127.0.0.1', resolve));
    profile = mkdtempSync(join(tmpdir(), 'sse-replay-chromium-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] });
    await context.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort('blockedbyclient')));
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`http://127.0.0.1:${(pageServer.address() as AddressInfo).port}/`);
  });

  after(async () => {
    await context?.close();
    await new Promise<void>((resolve) => (pageServer ? pageServer.close(() => resolve()) : resolve()));
    await served?.close();
    rmSync(profile, { recursive: true, force: true });
  });

  it('receives the recording as recorded, across origins', async () => {
    assert.notEqual(new URL(page.url()).port, new URL(served.url).port);
    assert.deepEqual((await browserEvents(page, served.url, 5)).events, FIXTURE_EVENTS);
  });

  for (const { name, query } of FAULT_CASES) {
    it(`${name}: the same events`, async () => {
      const run = await browserEvents(page, `${served.url}?${query}`, 5);
      assert.deepEqual(run.events, FIXTURE_EVENTS);
      assert.deepEqual(run.errors, []);
    });
  }

  it('drop-after 2: reconnects with Last-Event-ID and misses nothing', async () => {
    const run = await browserEvents(page, `${served.url}?drop-after=2&case=chromium`, 5);
    assert.deepEqual(run.events, FIXTURE_EVENTS);
    assert.deepEqual(run.errors, [0, 0], 'one reconnect per drop');
  });

  it('fail-first 1:503: the connection fails for good, then the next one streams', async () => {
    const url = `${served.url}?fail-first=1:503&case=chromium`;
    const failed = await browserEvents(page, url, 5);
    assert.deepEqual(failed, { events: [], errors: [2] });
    assert.deepEqual((await browserEvents(page, url, 5)).events, FIXTURE_EVENTS);
  });

  it('loops with its ids when asked by the server', async () => {
    const looping = await serveRecords(fixtureRecords(1), { speed: 0, loop: true });
    try {
      const run = await browserEvents(page, looping.url, 7);
      assert.deepEqual(run.events.map((e) => e.id), ['1', '2', '3', '4', '5', '1', '2']);
    } finally {
      await looping.close();
    }
  });
});
