// Reading the inspector panel in a workbench as a person would, and the palette steps to open one.
import type { FrameLocator, Page } from 'playwright-core';
import { runCommand } from './palette';
import { fillQuickInput, pickQuickItem, tryFillQuickInput, waitForQuickInputPrompt } from './quickInput';

/** A row of the panel's table as a person reads it. */
export interface PanelRow {
  seq: number;
  /** `event`, `comment`, `connecting`, `open`, `error`, `closed` or `retry`. */
  kind: string;
  /** The badge: the event type, or the lifecycle kind. */
  type: string;
  id: string;
  data: string;
}

/** The rows the table shows now (the virtual table hides unused pooled rows with `hidden`). */
export async function visibleRows(panel: FrameLocator): Promise<PanelRow[]> {
  return panel.locator('.sse-row:not([hidden])').evaluateAll((rows) =>
    rows.map((row) => ({
      seq: Number((row as HTMLElement).dataset.seq),
      kind: [...row.classList].find((c) => c.startsWith('kind-'))?.slice('kind-'.length) ?? '',
      type: row.querySelector('.sse-badge')?.textContent ?? '',
      id: row.querySelector('.sse-col-id')?.textContent ?? '',
      data: row.querySelector('.sse-col-data')?.textContent ?? '',
    })),
  );
}

/** The header's counters as numbers: Events, and Shown as shown / kept. */
export async function panelCounters(panel: FrameLocator): Promise<{ events: number; shown: number; kept: number; text: string }> {
  const text = await panel.locator('.sse-counters').innerText();
  const number = (pattern: RegExp) => Number(pattern.exec(text)?.[1].replace(/,/g, '') ?? NaN);
  return { events: number(/Events\s+([\d,]+)/), shown: number(/Shown\s+([\d,]+)/), kept: number(/Shown\s+[\d,]+\s*\/\s*([\d,]+)/), text };
}

/** Polls `read` until `done` holds; the error shows the last value read. */
export async function waitUntil<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value)) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
    value = await read();
  }
  return value;
}

/** F1 → "SSE Inspector: Connect…" → type `url` → pick "Connect to <url>", as a person does. */
export async function connectFromPalette(page: Page, url: string): Promise<void> {
  // As in runCommand: the workbench may close the prompt it has just opened (seen when focus went
  // back to a webview clicked just before); then ask again rather than wait on a closed input.
  for (let attempt = 1; ; attempt++) {
    await runCommand(page, 'SSE Inspector: Connect…');
    await waitForQuickInputPrompt(page, /URL/);
    if (await tryFillQuickInput(page, url)) break;
    if (attempt === 3) {
      // The last try: fail with fill's own message if the input closes again.
      await fillQuickInput(page, url);
      break;
    }
  }
  await pickQuickItem(page, `Connect to ${url}`);
}
