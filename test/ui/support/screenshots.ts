// Screenshots are the one artifact a person can look at after a headless run: they go to
// test-results/ui/ (ignored by git, kept by CI), named after what they show.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { TEST_RESULTS_DIR } from '../../host/paths';

export const SCREENSHOT_DIR = join(TEST_RESULTS_DIR, 'ui');

/** A file name from a test title: "Connect… opens a panel" -> "connect-opens-a-panel". */
export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 100) || 'screenshot';
}

/** Saves a PNG of the whole page as test-results/ui/<slug(name)>.png and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = join(SCREENSHOT_DIR, `${slug(name)}.png`);
  await page.screenshot({ path: file });
  return file;
}
