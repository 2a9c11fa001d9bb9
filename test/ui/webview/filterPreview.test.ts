/**
 * The webview's own first answer to a filter change (src/webview/filterPreview.ts), in real
 * Chromium: the stand-in host holds what the webview posts (a slow host or link), so the preview
 * is on screen for as long as the test looks at it; then the host's answer replaces it.
 */
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { feedGenerated, posted, send } from './harness';
import { animationFrames, init, usePanelPages } from './panelPages';

/** The rows on screen: seq and type badge, oldest first. */
async function shownRows(page: Page): Promise<Array<{ seq: number; type: string }>> {
  const rows = await page.$$eval('.sse-row:not([hidden])', (els) =>
    els.map((el) => ({ seq: Number((el as HTMLElement).dataset.seq), type: el.querySelector('.sse-badge')?.textContent ?? '', y: el.getBoundingClientRect().top })),
  );
  return rows.sort((a, b) => a.y - b.y).map(({ seq, type }) => ({ seq, type }));
}

const flags = (page: Page): Promise<{ busy: boolean; preview: boolean }> =>
  page.evaluate(() => {
    const root = document.getElementById('root')!;
    return { busy: root.hasAttribute('data-busy'), preview: root.hasAttribute('data-preview') };
  });

/** Generated events cycle over five types by seq: seq % 5 === 1 is a tick. */
const typeOf = (seq: number): string => ['message', 'tick', 'price', 'user.join', 'user.leave'][seq % 5];

describe('webview in Chromium: previews of a filter change', function () {
  this.timeout(60_000);
  const panel = usePanelPages();

  /** A page following 5,200 generated events, the screen's size known to the host before most came. */
  async function following(): Promise<Page> {
    const page = await panel.open();
    await send(page, init());
    await feedGenerated(page, 1, 200, 200);
    await page.waitForFunction(() => document.body.textContent?.includes('200 / 200'));
    await panel.waitFrames(page);
    await feedGenerated(page, 201, 5000, 5000);
    await page.waitForFunction(() => document.body.textContent?.includes('5,200 / 5,200'));
    await panel.waitFrames(page);
    return page;
  }

  it("hides a type at once from the rows it holds, says the count is coming, then takes the host's answer", async () => {
    const page = await following();
    await send(page, { type: 'hold', on: true });
    await page.locator('.sse-type-chip[data-type="tick"]').click();
    await page.waitForSelector('#root[data-preview]');
    const preview = await shownRows(page);
    assert.ok(preview.length > 10, `rows on screen: ${preview.length}`);
    assert.ok(preview.every((row) => row.type !== 'tick'), 'no tick on screen');
    assert.equal(preview.at(-1)?.seq, 5200, 'the newest row is the newest event the filter shows');
    const expected = Array.from({ length: 5200 }, (_, i) => i + 1).filter((seq) => typeOf(seq) !== 'tick');
    assert.deepEqual(
      preview.map((row) => row.seq),
      expected.slice(-preview.length),
      'the newest rows of the new view, none missing',
    );
    assert.deepEqual(await flags(page), { busy: true, preview: true });
    assert.ok(await page.locator('.sse-header', { hasText: '… / 5,200' }).count(), 'the count waits for the host');
    assert.ok((await posted(page)).some((m) => m.type === 'filterChanged'), 'the host is asked all the same');

    await send(page, { type: 'hold', on: false });
    await page.waitForFunction(() => !document.getElementById('root')!.hasAttribute('data-busy'));
    assert.deepEqual(await flags(page), { busy: false, preview: false });
    assert.ok(await page.locator('.sse-header', { hasText: '4,160 / 5,200' }).count(), "the host's count");
    assert.deepEqual(await shownRows(page), preview, 'the same rows, now numbered in the whole view');
  });

  it('shows a type again at once while the log is unchanged, and waits for the host once it changed', async () => {
    const page = await following();
    const before = await shownRows(page);
    await page.locator('.sse-type-chip[data-type="tick"]').click();
    await page.waitForFunction(() => document.body.textContent?.includes('4,160 / 5,200'));
    await panel.waitFrames(page);

    await send(page, { type: 'hold', on: true });
    await page.locator('.sse-type-chip[data-type="tick"]').click();
    await page.waitForSelector('#root[data-preview]');
    assert.deepEqual(await shownRows(page), before, 'the rows seen before the type was hidden');
    await send(page, { type: 'hold', on: false });
    await page.waitForFunction(() => document.body.textContent?.includes('5,200 / 5,200') && !document.getElementById('root')!.hasAttribute('data-busy'));

    // Hide it, let more events come, show it again: the rows remembered are no longer the newest.
    await page.locator('.sse-type-chip[data-type="tick"]').click();
    await page.waitForFunction(() => document.body.textContent?.includes('4,160 / 5,200'));
    await feedGenerated(page, 5201, 100, 100);
    await page.waitForFunction(() => document.body.textContent?.includes('4,240 / 5,300'));
    await panel.waitFrames(page);
    await send(page, { type: 'hold', on: true });
    await page.locator('.sse-type-chip[data-type="tick"]').click();
    await animationFrames(page, 3);
    assert.deepEqual(await flags(page), { busy: true, preview: false }, 'no preview: the host has records the webview never saw');
    await send(page, { type: 'hold', on: false });
    await page.waitForFunction(() => document.body.textContent?.includes('5,300 / 5,300') && !document.getElementById('root')!.hasAttribute('data-busy'));
    assert.equal((await shownRows(page)).at(-1)?.seq, 5300);
  });

  it('previews typing on in the search box, highlighted, and not a search the rows held cannot answer', async () => {
    const page = await following();
    await send(page, { type: 'hold', on: true });
    // "label":"item-<seq % 97>": "item-42" is in one event of 97.
    await page.locator('.sse-search-input').fill('item');
    await page.waitForSelector('#root[data-preview]');
    const rows = await shownRows(page);
    assert.equal(rows.at(-1)?.seq, 5200, 'every event has "item": the same newest rows');
    assert.ok((await page.locator('.sse-row:not([hidden]) .sse-match').count()) >= rows.length, 'matches highlighted');
    await page.locator('.sse-search-input').fill('item-42');
    await animationFrames(page, 3);
    assert.deepEqual(await flags(page), { busy: true, preview: false }, 'too few of the rows held match to fill the screen');
    await send(page, { type: 'hold', on: false });
    await page.waitForFunction(() => !document.getElementById('root')!.hasAttribute('data-busy'));
    const answer = await shownRows(page);
    assert.ok(answer.length > 10 && answer.every((row) => row.seq % 97 === 42), 'the host found them');
    assert.equal(answer.at(-1)?.seq, 5183);
  });
});
