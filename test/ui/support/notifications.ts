// Reads notifications (showInformationMessage and friends). In smoke-test-driver mode, which the
// development-mode workbench needs, toasts are suppressed: the notification center still lists
// every message, so it is opened from the status bar, read, and closed again.
import type { Page } from 'playwright-core';

const CENTER = '.notifications-center';
const ITEM = `${CENTER} .notification-list-item`;

/** Opens the notification center (from the status bar bell), e.g. for a screenshot that shows messages. */
export async function openNotificationCenter(page: Page): Promise<void> {
  if (await page.locator(CENTER).isVisible()) return;
  await page.locator('#status\\.notifications').click();
  await page.locator(CENTER).waitFor({ state: 'visible', timeout: 5000 });
}

export async function closeNotificationCenter(page: Page): Promise<void> {
  if (!(await page.locator(CENTER).isVisible())) return;
  await page.locator(`${CENTER} .codicon-notifications-hide`).click();
}

/** The messages of every notification now listed, newest first (as the center lists them). */
export async function readNotifications(page: Page): Promise<string[]> {
  await openNotificationCenter(page);
  try {
    const texts = await page.locator(`${ITEM} .notification-list-item-message`).allTextContents();
    return texts.map((text) => text.trim());
  } finally {
    await closeNotificationCenter(page);
  }
}

/** Waits until a notification matches `pattern` and returns its text; the error lists what was there. */
export async function waitForNotification(page: Page, pattern: RegExp, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let seen: string[] = [];
  while (Date.now() < deadline) {
    seen = await readNotifications(page);
    const match = seen.find((text) => pattern.test(text));
    if (match !== undefined) return match;
    await page.waitForTimeout(250);
  }
  throw new Error(
    `No notification matching ${pattern} within ${timeoutMs / 1000} s; listed: ` +
      (seen.length > 0 ? seen.map((t) => `"${t}"`).join(', ') : 'none'),
  );
}
