// Runs a command the way a person does: F1, type the title, pick the row. Contributed commands
// appear in the palette a few seconds after the workbench renders, and an open palette does not
// refresh its list, so a miss closes the palette and tries again until the deadline.
import type { Locator, Page } from 'playwright-core';

const WIDGET = '.quick-input-widget';
const INPUT = `${WIDGET} .quick-input-box input`;
const ROW = `${WIDGET} .quick-input-list .monaco-list-row`;

function exactly(text: string): RegExp {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
}

/** Whether `locator` becomes visible within `timeoutMs` (false instead of a timeout error). */
async function appears(locator: Locator, timeoutMs: number): Promise<boolean> {
  return locator.waitFor({ state: 'visible', timeout: timeoutMs }).then(
    () => true,
    () => false,
  );
}

/**
 * Resolves once the palette is gone. A command that prompts reuses the same widget, so "hidden"
 * may never be observable: the input no longer holding what we typed also counts. Without this
 * wait, a test reading the command's prompt could read the palette instead.
 */
async function paletteClosed(page: Page, typed: string): Promise<void> {
  await page.waitForFunction(
    ({ widgetSelector, inputSelector, typedText }) => {
      const widget = document.querySelector<HTMLElement>(widgetSelector);
      const input = document.querySelector<HTMLInputElement>(inputSelector);
      return !widget || widget.style.display === 'none' || !input || input.value !== typedText;
    },
    { widgetSelector: WIDGET, inputSelector: INPUT, typedText: typed },
    { timeout: 10_000 },
  );
}

/**
 * Runs the palette command whose full title is `title` (category included, as shown in the
 * palette: "SSE Inspector: Connect…"). Throws, listing what the palette offered, when no row with
 * exactly that label shows up within `timeoutMs`.
 */
export async function runCommand(page: Page, title: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let offered: string[] = [];
  while (Date.now() < deadline) {
    await page.keyboard.press('F1');
    await page.locator(INPUT).waitFor({ state: 'visible', timeout: 10_000 });
    // The workbench may close a palette it has just opened (seen right after a save dialog and
    // its notification): then open it again rather than wait for an input that will not return.
    const typed = await page.locator(INPUT).fill(`>${title}`, { timeout: 3000 }).then(
      () => true,
      () => false,
    );
    if (!typed) continue;
    // The label alone, not the row: rows also show keybindings and "recently used".
    const row = page.locator(ROW).filter({ has: page.locator('.label-name', { hasText: exactly(title) }) }).first();
    if (await appears(row, 2000)) {
      await row.click();
      await paletteClosed(page, `>${title}`);
      return;
    }
    offered = await page.locator(`${ROW} .label-name`).allTextContents();
    await page.keyboard.press('Escape');
  }
  throw new Error(
    `The command palette has no command titled "${title}" after ${timeoutMs / 1000} s. ` +
      `For ">${title}" it offered: ${offered.length > 0 ? offered.map((t) => `"${t}"`).join(', ') : 'nothing'}. ` +
      'Is the command contributed in package.json, and is its "when" clause true?',
  );
}
