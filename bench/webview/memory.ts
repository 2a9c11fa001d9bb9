/**
 * The webview's memory against `maxEvents`: the page's JS heap after a forced GC, with the log
 * full at each size. The host's half (the real LiveView and its log) runs in a Web Worker, whose
 * heap is its own (in the product it is the extension host's), so this is the webview alone:
 * what it holds must not grow with the number of kept records.
 */
import type { Browser, Page } from 'playwright-core';
import { feedGenerated, send, type HostFeed, type PanelServer } from '../../test/ui/webview/harness';

export interface HeapAtSize {
  maxEvents: number;
  usedBytes: number;
}

export async function webviewHeapBySize(
  browser: Browser,
  server: PanelServer,
  init: (maxEvents: number) => HostFeed,
  waitForShown: (page: Page, count: number) => Promise<void>,
  sizes: readonly number[],
): Promise<HeapAtSize[]> {
  const results: HeapAtSize[] = [];
  for (const maxEvents of sizes) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      await page.goto(server.url('dark'));
      await page.waitForSelector('.sse-toolbar');
      await send(page, init(maxEvents));
      await feedGenerated(page, 1, maxEvents, 5000);
      await waitForShown(page, maxEvents);
      const cdp = await page.context().newCDPSession(page);
      // Twice: the first collection can leave what finalisers released for the second.
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.send('HeapProfiler.collectGarbage');
      const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
      results.push({ maxEvents, usedBytes: usedSize });
      await cdp.detach();
    } finally {
      await page.close();
    }
  }
  return results;
}
