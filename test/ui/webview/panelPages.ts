/**
 * What the webview-in-Chromium tests share: a session, counters, records, and a page per test
 * with its errors collected (CSP violations show up there too) and checked after each test.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { StreamRecord } from '../../../src/shared/records';
import type { ConnectionStats, SessionInfo } from '../../../src/shared/protocol';
import { launchChromium, settled, startPanelServer, type HostFeed, type PanelServer, type ThemeName } from './harness';

export const SESSION: SessionInfo = {
  id: 'p1',
  title: 'SSE localhost',
  url: 'http://127.0.0.1:3917/events',
  mode: 'live',
  method: 'GET',
  requestHeaders: { Accept: 'text/event-stream' },
};

export function stats(partial: Partial<ConnectionStats> = {}): ConnectionStats {
  return { phase: 'open', events: 0, comments: 0, bytes: 0, reconnects: 0, eventsPerSecond: 0, dropped: 0, startedAt: Date.now() - 5000, ...partial };
}

export function init(records: StreamRecord[] = [], extra: Partial<Extract<HostFeed, { type: 'init' }>> = {}): HostFeed {
  return { type: 'init', session: SESSION, stats: stats(), records, maxEvents: 100_000, ...extra };
}

export function event(seq: number, type: string, data: string, id?: string): StreamRecord {
  const rec: StreamRecord = { kind: 'event', seq, time: Date.now() - 4000 + seq * 13, type, data, lastEventId: id ?? '', size: Buffer.byteLength(data) };
  if (id !== undefined) rec.id = id;
  return rec;
}

export interface PanelPages {
  open(theme?: ThemeName, state?: unknown, size?: { width: number; height: number }): Promise<Page>;
  pageErrors(p: Page): string[];
  rowCount(p: Page): Promise<number>;
  /** Waits until the view answers the current filter (the host runs it), then `n` frames. */
  waitFrames(p: Page, n?: number): Promise<void>;
  /** Messages of every dialog any page raised (a hostile event must raise none). */
  readonly dialogs: string[];
}

/** Waits `n` painted frames of the page, whatever the host is doing (it may be held). */
export function animationFrames(p: Page, n: number): Promise<void> {
  return p.evaluate(
    (count) =>
      new Promise<void>((ok) => {
        let left = count;
        const step = (): void => (--left <= 0 ? ok() : void requestAnimationFrame(step));
        requestAnimationFrame(step);
      }),
    n,
  );
}

/** Registers the suite's hooks: one browser and panel server, the last page opened checked and closed after each test. */
export function usePanelPages(): PanelPages {
  let browser: Browser;
  let server: PanelServer;
  let last: Page | undefined;
  const dialogs: string[] = [];
  const errorsOf = new WeakMap<Page, string[]>();

  before(async () => {
    mkdirSync('test-results', { recursive: true });
    server = await startPanelServer();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  afterEach(async () => {
    if (last && !last.isClosed()) {
      assert.deepEqual(errorsOf.get(last) ?? [], [], 'no errors in the page (CSP violations show up here too)');
      await last.close();
    }
  });

  return {
    dialogs,
    async open(theme: ThemeName = 'dark', state?: unknown, size = { width: 1280, height: 760 }): Promise<Page> {
      const p = await browser.newPage({ viewport: size });
      p.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      const errors: string[] = [];
      p.on('pageerror', (e) => errors.push(String(e)));
      p.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      errorsOf.set(p, errors);
      await p.goto(server.url(theme, state));
      await p.waitForSelector('.sse-toolbar');
      last = p;
      return p;
    },
    pageErrors: (p) => errorsOf.get(p) ?? [],
    rowCount: (p) => p.locator('.sse-row:not([hidden])').count(),
    async waitFrames(p: Page, n = 2): Promise<void> {
      await settled(p);
      await animationFrames(p, n);
    },
  };
}
