// Reaches into a webview panel. VS Code nests each webview twice: an outer iframe it owns
// (class "webview", marked "ready" once loaded) and the extension's document in #active-frame.
import type { FrameLocator, Page } from 'playwright-core';

/**
 * The document of the `index`-th ready webview (0: the first in DOM order; with one panel open,
 * that is the one). Locators through it wait for the content like any other locator.
 */
export function webviewFrame(page: Page, index = 0): FrameLocator {
  return page.locator('iframe.webview.ready').nth(index).contentFrame().frameLocator('#active-frame');
}

/** How many webviews are loaded (hidden panels keep theirs). */
export function webviewCount(page: Page): Promise<number> {
  return page.locator('iframe.webview.ready').count();
}
