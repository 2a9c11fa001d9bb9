// Answers the prompts an extension opens with showInputBox, showQuickPick and createQuickPick:
// all render in the same .quick-input-widget as the command palette. Anything that moves focus
// elsewhere (opening the notification center, say) closes an open quick input, as for a person.
import type { Locator, Page } from 'playwright-core';

const WIDGET = '.quick-input-widget';
const INPUT = `${WIDGET} .quick-input-box input`;

/** The visible quick input, after waiting for it (an extension may prompt a moment after its command runs). */
export async function waitForQuickInput(page: Page, timeoutMs = 10_000): Promise<Locator> {
  const widget = page.locator(WIDGET);
  await widget.waitFor({ state: 'visible', timeout: timeoutMs });
  return widget;
}

/** What the prompt says: its title, the input's placeholder and the message under it, joined by " | ". */
export async function quickInputPrompt(page: Page): Promise<string> {
  const widget = await waitForQuickInput(page);
  const title = (await widget.locator('.quick-input-title').allTextContents()).join(' ').trim();
  const placeholder = (await page.locator(INPUT).getAttribute('placeholder')) ?? '';
  const message = (await widget.locator('.quick-input-message').allTextContents()).join(' ').trim();
  return [title, placeholder, message].filter(Boolean).join(' | ');
}

/** Waits until the prompt (see quickInputPrompt) matches `pattern`; the error quotes the last one seen. */
export async function waitForQuickInputPrompt(page: Page, pattern: RegExp, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let prompt = '(no quick input open)';
  while (Date.now() < deadline) {
    if (await page.locator(WIDGET).isVisible()) {
      prompt = await quickInputPrompt(page);
      if (pattern.test(prompt)) return prompt;
    }
    await page.waitForTimeout(200);
  }
  throw new Error(`No quick input prompt matching ${pattern} within ${timeoutMs / 1000} s; last seen: "${prompt}"`);
}

/** Replaces the text of the open quick input with `text` without accepting it (items update as for typing). */
export async function fillQuickInput(page: Page, text: string): Promise<void> {
  await waitForQuickInput(page);
  await page.locator(INPUT).fill(text);
}

/** Like fillQuickInput, but false instead of a throw when the input closed before the text went in. */
export async function tryFillQuickInput(page: Page, text: string, timeoutMs = 3000): Promise<boolean> {
  return page
    .locator(INPUT)
    .fill(text, { timeout: timeoutMs })
    .then(
      () => true,
      () => false,
    );
}

/** Types `text` into the open input box (replacing what it holds) and accepts it with Enter. */
export async function answerInputBox(page: Page, text: string): Promise<void> {
  await fillQuickInput(page, text);
  await page.locator(INPUT).press('Enter');
}

/** Picks the quick pick item whose label contains `label`, waiting for it to be listed. */
export async function pickQuickItem(page: Page, label: string, timeoutMs = 10_000): Promise<void> {
  const widget = await waitForQuickInput(page);
  const row = widget
    .locator('.quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: label }) })
    .first();
  try {
    await row.waitFor({ state: 'visible', timeout: timeoutMs });
  } catch {
    const listed = await widget.locator('.quick-input-list .monaco-list-row .label-name').allTextContents();
    throw new Error(`No quick pick item contains "${label}" within ${timeoutMs / 1000} s; listed: ${JSON.stringify(listed)}`);
  }
  await row.click();
}
