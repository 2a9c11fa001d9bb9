/**
 * The webview alone in real Chromium: rows, virtualisation, trimming, filters, search, the
 * detail pane. Run after `node scripts/build.mjs`:
 *   npx mocha --timeout 60000 'out/test/ui/webview/**\/*.test.js'
 */
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { feedGenerated, posted, send } from './harness';
import { event, init, usePanelPages } from './panelPages';

describe('webview in Chromium: rows, filters, search, details', function () {
  this.timeout(60_000);
  const panel = usePanelPages();
  let page: Page;

  it('says ready, then shows the records of init and later batches', async () => {
    page = await panel.open();
    assert.deepEqual((await posted(page))[0], { type: 'ready' });
    await send(page, init([event(1, 'message', '{"hello":"world"}', '1'), event(2, 'tick', 'plain text', '2')]));
    await page.waitForSelector('.sse-row:not([hidden])');
    assert.equal(await panel.rowCount(page), 2);
    await feedGenerated(page, 3, 3000, 500);
    await page.waitForFunction(() => document.querySelector('.sse-thead') && document.body.textContent?.includes('3,002 / 3,002'));
    const last = page.locator('.sse-row:not([hidden])', { hasText: '"seq":3002' });
    assert.equal(await last.count(), 1, 'auto-scroll shows the newest row');
  });

  it('keeps fewer than 200 rows in the DOM at 50,000 records and scrolls to any of them', async () => {
    page = await panel.open();
    await send(page, init());
    await feedGenerated(page, 1, 50_000, 5000);
    await page.waitForFunction(() => document.body.textContent?.includes('50,000 / 50,000'));
    await panel.waitFrames(page);
    const dom = await page.locator('.sse-row').count();
    assert.ok(dom > 10 && dom < 200, `DOM rows: ${dom}`);
    await page.locator('.sse-scroll').evaluate((el) => (el.scrollTop = 0));
    // The rows at the top are fetched from the host when the reader gets there: wait for them.
    await page.locator('.sse-row:not([hidden])', { hasText: '"seq":1,' }).waitFor();
    assert.equal(await page.locator('.sse-row:not([hidden])', { hasText: '"seq":1,' }).count(), 1);
    assert.ok(await page.locator('.sse-jump').isVisible(), 'jump to newest shows while detached');
    await page.locator('.sse-jump').click();
    await page.locator('.sse-row:not([hidden])', { hasText: '"seq":50000,' }).waitFor();
    assert.equal(await page.locator('.sse-row:not([hidden])', { hasText: '"seq":50000,' }).count(), 1);
    assert.ok(!(await page.locator('.sse-jump').isVisible()));
  });

  it('trims to maxEvents and keeps the rows under a detached reader in place', async () => {
    page = await panel.open();
    await send(page, init([], { maxEvents: 1000 }));
    await feedGenerated(page, 1, 1000, 250);
    await page.waitForFunction(() => document.body.textContent?.includes('1,000 / 1,000'));
    await page.locator('.sse-scroll').evaluate((el) => (el.scrollTop = 22 * 400));
    await panel.waitFrames(page, 3);
    const anchor = async (): Promise<{ seq: string; y: number }> =>
      page.evaluate(() => {
        const scroller = document.querySelector('.sse-scroll')!.getBoundingClientRect();
        const rows = [...document.querySelectorAll<HTMLElement>('.sse-row:not([hidden])')]
          .map((r) => ({ seq: r.dataset.seq ?? '', y: Math.round(r.getBoundingClientRect().top - scroller.top) }))
          .filter((r) => r.y >= 0)
          .sort((a, b) => a.y - b.y);
        return rows[0];
      });
    const before = await anchor();
    assert.equal(before.seq, '401');
    const jumpBefore = await page.locator('.sse-jump').innerText();
    await feedGenerated(page, 1001, 200, 100);
    // 200 more rows below the reader, none above (the 200 oldest went).
    const newer = (text: string): number => Number(text.replace(/[^\d]/g, ''));
    await page.waitForFunction((n) => Number(document.querySelector('.sse-jump')?.textContent?.replace(/[^\d]/g, '')) === n, newer(jumpBefore) + 200);
    await panel.waitFrames(page, 3);
    assert.deepEqual(await anchor(), before, 'the same record stays at the same place');
    assert.equal(await page.locator('.sse-row[data-seq="1"]').count(), 0);
    assert.ok(await page.locator('.sse-jump').isVisible());
    assert.match(await page.locator('.sse-jump').innerText(), /newer/);
  });

  it('handles a second init by starting over', async () => {
    page = await panel.open();
    await send(page, init([event(1, 'old', 'a')]));
    await send(page, init([event(1, 'fresh', 'b'), event(2, 'fresh', 'c')]));
    // The first init's chip may show for a frame: wait for the second one's, alone.
    await page.waitForFunction(() => {
      const chips = document.querySelectorAll('.sse-type-chip');
      return chips.length === 1 && chips[0].textContent?.includes('fresh') === true;
    });
    assert.equal(await page.locator('.sse-type-chip').innerText(), 'fresh\n2');
    assert.equal(await panel.rowCount(page), 2);
  });

  it('type toggles hide and show rows, with counts, and tell the host', async () => {
    page = await panel.open();
    await send(page, init());
    await feedGenerated(page, 1, 1000);
    await page.waitForFunction(() => document.querySelectorAll('.sse-type-chip').length === 5);
    const tick = page.locator('.sse-type-chip[data-type="tick"]');
    assert.match(await tick.innerText(), /tick\s+200/);
    await tick.click();
    // The count and the rows are the host's answer to the new filter (a loaded machine can take
    // longer than a few frames): wait for it, then look.
    await page.getByText('800 / 1,000').waitFor({ timeout: 10_000 });
    await panel.waitFrames(page);
    assert.equal(await tick.getAttribute('aria-pressed'), 'false');
    assert.equal(await page.locator('.sse-row:not([hidden]) .badge-event', { hasText: /^tick$/ }).count(), 0);
    const last = (await posted(page)).at(-1);
    assert.deepEqual(last, { type: 'filterChanged', filter: { hiddenTypes: ['tick'], search: '', regex: false, caseSensitive: false, showComments: false } });
    await tick.click();
    await page.getByText('1,000 / 1,000').waitFor({ timeout: 10_000 });
  });

  it('gives at most 100 types a toggle, says how many more, and drops the toggles of types that left the log', async () => {
    page = await panel.open();
    await send(page, init([], { maxEvents: 500 }));
    // A server that names a new type in every event (a request id as the type, say).
    await send(page, { type: 'records', records: Array.from({ length: 300 }, (_, i) => event(i + 1, `job-${i + 1}`, `{"n":${i + 1}}`)) });
    await page.locator('.sse-type-more', { hasText: '+200 more types' }).waitFor();
    assert.equal(await page.locator('.sse-type-chip').count(), 100);
    assert.equal(await page.locator('.sse-type-chip').first().getAttribute('data-type'), 'job-1', 'first seen first');
    // 600 ticks push every job out of a 500-record log: their toggles go, the note too.
    await send(page, { type: 'records', records: Array.from({ length: 600 }, (_, i) => event(301 + i, 'tick', `{"n":${301 + i}}`)) });
    await page.waitForFunction(() => document.querySelectorAll('.sse-type-chip').length === 1);
    assert.match(await page.locator('.sse-type-chip').innerText(), /tick\s+500/);
    assert.ok(await page.locator('.sse-type-more').isHidden());
  });

  it('search filters and highlights; an invalid regex is reported, not thrown', async () => {
    page = await panel.open();
    await send(page, init());
    await feedGenerated(page, 1, 2000);
    await page.waitForFunction(() => document.body.textContent?.includes('2,000 / 2,000'));
    await page.locator('.sse-search-input').fill('ITEM-42"');
    await panel.waitFrames(page);
    // label item-42 appears for seq ≡ 42 (mod 97): 21 of the first 2000. The count is the host's
    // answer (a loaded machine can take longer than a few frames): wait for it, then look.
    await page.getByText('21 / 2,000').waitFor({ timeout: 10_000 });
    const marks = await page.locator('.sse-row:not([hidden]) mark.sse-match').allInnerTexts();
    assert.ok(marks.length > 0 && marks.every((m) => m === 'item-42"'), `marks: ${marks.join('|')}`);
    await page.locator('button[aria-label="Match case"]').click();
    await page.getByText('0 / 2,000').waitFor({ timeout: 10_000 });
    await page.locator('button[aria-label="Match case"]').click();
    await page.locator('button[aria-label="Use regular expression"]').click();
    await page.locator('.sse-search-input').fill('"value":(');
    await panel.waitFrames(page);
    const error = page.locator('.sse-search-error');
    await error.waitFor({ timeout: 10_000 });
    assert.match(await error.innerText(), /Invalid regular expression/);
    assert.equal(await page.locator('.sse-search-input').getAttribute('aria-invalid'), 'true');
    await page.locator('.sse-search-input').fill('"value":99\\d');
    await error.waitFor({ state: 'hidden', timeout: 10_000 });
    await panel.waitFrames(page);
    const shown = await page.locator('.sse-row:not([hidden]) .sse-col-data').allInnerTexts();
    assert.ok(shown.length > 0 && shown.every((t) => /"value":99\d/.test(t)));
    await page.locator('.sse-search-input').press('Escape');
    await panel.waitFrames(page);
    assert.equal(await page.locator('.sse-search-input').inputValue(), '');
    await page.getByText('2,000 / 2,000').waitFor({ timeout: 10_000 });
  });

  it('a catastrophic regex over 100,000 records leaves the panel responsive, shows progress, and a keystroke drops it', async () => {
    page = await panel.open();
    await send(page, init());
    // Every tenth record holds a run of a's that (a+)+$ backtracks over for a long time.
    const evil = `${'a'.repeat(18)}b`;
    for (let start = 1; start <= 100_000; start += 10_000) {
      const records = Array.from({ length: 10_000 }, (_, i) => event(start + i, 'message', (start + i) % 10 === 0 ? evil : `{"n":${start + i}}`));
      await send(page, { type: 'records', records });
    }
    await page.waitForFunction(() => document.body.textContent?.includes('100,000 / 100,000'));
    await page.locator('button[aria-label="Use regular expression"]').click();
    // Frames keep coming while the search runs: measure the longest gap between them.
    await page.evaluate(() => {
      const w = window as unknown as { __gaps: number[]; __stop: boolean };
      w.__gaps = [];
      w.__stop = false;
      let last = performance.now();
      const step = (now: number): void => {
        w.__gaps.push(now - last);
        last = now;
        if (!w.__stop) requestAnimationFrame(step);
      };
      requestAnimationFrame(step);
    });
    await page.locator('.sse-search-input').fill('(a+)+$');
    await page.locator('.sse-searching').waitFor({ state: 'visible' });
    // The progress line comes with the host's next frame: wait for it, then read it.
    await page.locator('.sse-searching', { hasText: /^searching… \d+%$/ }).waitFor();
    assert.match(await page.locator('.sse-searching').innerText(), /^searching… \d+%$/);
    // The panel answers while the search runs: typing and scrolling paint.
    await page.locator('.sse-scroll').evaluate((el) => (el.scrollTop = 0));
    await page.waitForTimeout(300);
    await page.locator('.sse-search-input').fill('"n":4242\\b');
    await panel.waitFrames(page);
    // The new search's count is the host's answer: wait for it; the runaway one is gone by then.
    await page.getByText('1 / 100,000').waitFor({ timeout: 10_000 });
    assert.ok(!(await page.locator('.sse-searching').isVisible()), 'the runaway search was dropped');
    const gaps = await page.evaluate(() => {
      const w = window as unknown as { __gaps: number[]; __stop: boolean };
      w.__stop = true;
      return w.__gaps;
    });
    // The whole scan takes many seconds here: a panel that ran it in one go would freeze that
    // long. The bound is loose on purpose (the machine is shared), far below the scan's length.
    const longest = Math.max(...gaps.slice(1));
    assert.ok(longest < 1000, `longest frame gap while searching: ${longest.toFixed(0)} ms`);
  });

  it('keeps a search match in sight when the data column narrows (the detail pane beside it, a narrow window)', async () => {
    page = await panel.open(undefined, undefined, { width: 1000, height: 600 });
    const far = `{"note":"${'x'.repeat(70)}","who":"Ada Lovelace","tail":"${'y'.repeat(80)}"}`;
    await send(page, init([event(1, 'message', far), event(2, 'message', 'plain')]));
    await page.locator('.sse-search-input').fill('lovelace');
    await page.getByText('1 / 2').waitFor({ timeout: 10_000 });
    // Where the first mark sits in its cell; in sight when it ends before the cell's own ellipsis.
    const sight = (): Promise<string> =>
      page.evaluate(() => {
        const mark = document.querySelector('.sse-row:not([hidden]) mark.sse-match');
        const cell = mark?.closest('.sse-cell');
        if (!mark || !cell) return 'no mark';
        const m = mark.getBoundingClientRect();
        const c = cell.getBoundingClientRect();
        const charWidth = m.width / (mark.textContent ?? ' ').length;
        return m.left >= c.left && m.right <= c.right - charWidth + 0.5 ? 'in sight' : `mark ${m.left}..${m.right} beyond the cell ${c.left}..${c.right}`;
      });
    const inSight = async (when: string): Promise<void> => {
      await panel.waitFrames(page, 3);
      assert.equal(await sight(), 'in sight', when);
    };
    await inSight('wide');
    await page.locator('.sse-row:not([hidden])').first().click();
    await page.locator('.sse-detail').waitFor();
    await inSight('with the detail pane open');
    // Just wide enough for the pane beside the table (720 px and less put it below): a data
    // column of about 20 characters, too few for 16 of lead-in and the match.
    await page.setViewportSize({ width: 760, height: 600 });
    await inSight('in a narrow window with the detail pane open');
    await page.screenshot({ path: 'test-results/search-match-narrow.png' });
    // Wide again: the preview starts as before, 16 characters ahead of the match.
    await page.setViewportSize({ width: 1400, height: 600 });
    await inSight('wide again');
    const data = await page.locator('.sse-row:not([hidden]) .sse-col-data').first().innerText();
    assert.equal(data, `…${far.slice(far.indexOf('Lovelace') - 16)}`);
  });

  it('Ctrl+F focuses the search box', async () => {
    page = await panel.open();
    await send(page, init([event(1, 'message', 'x')]));
    await page.locator('.sse-scroll').click();
    await page.keyboard.press('Control+f');
    assert.equal(await page.evaluate(() => document.activeElement?.className), 'sse-search-input');
  });

  it('shows a JSON tree in the detail pane, raw on request, and copies', async () => {
    page = await panel.open();
    await send(page, init([event(1, 'order', '{"id":7,"items":[{"sku":"A-1","qty":2}],"paid":true,"note":null}', '7'), event(2, 'message', 'not json')]));
    await page.locator('.sse-row:not([hidden])').first().click();
    const detail = page.locator('.sse-detail');
    await detail.waitFor();
    assert.ok(await detail.locator('.json-tree').isVisible());
    assert.ok(await detail.locator('.json-key', { hasText: '"items"' }).isVisible());
    assert.ok(await detail.locator('.json-string', { hasText: '"A-1"' }).isVisible());
    assert.ok(await detail.locator('.json-boolean', { hasText: 'true' }).isVisible());
    // Collapse and expand a node.
    const items = detail.locator('details.json-node', { has: page.locator(':scope > summary .json-key', { hasText: '"items"' }) });
    await items.locator(':scope > summary').click();
    assert.equal(await items.getAttribute('open'), null);
    await items.locator(':scope > summary').click();
    assert.notEqual(await items.getAttribute('open'), null);
    await detail.getByRole('button', { name: 'Show data as raw text' }).click();
    assert.equal(await detail.locator('pre.sse-raw').innerText(), '{"id":7,"items":[{"sku":"A-1","qty":2}],"paid":true,"note":null}');
    await detail.getByRole('button', { name: 'Copy data' }).click();
    await detail.getByRole('button', { name: 'Copy the record as JSON' }).click();
    const copies = (await posted(page)).filter((m) => m.type === 'copy');
    assert.deepEqual(copies[0], { type: 'copy', text: '{"id":7,"items":[{"sku":"A-1","qty":2}],"paid":true,"note":null}', label: 'data' });
    assert.equal(copies[1].type === 'copy' && JSON.parse(copies[1].text).seq, 1);
    // Fields
    const fields = await detail.locator('.sse-fields').innerText();
    assert.match(fields, /Type\s+order/);
    assert.match(fields, /ID\s+7/);
    assert.match(fields, /Size\s+\d+ B/);
    // Plain text shows raw.
    await page.locator('.sse-row:not([hidden])').nth(1).click();
    assert.equal(await detail.locator('.json-tree').count(), 0);
    assert.equal(await detail.locator('pre.sse-raw').innerText(), 'not json');
  });

  it('cuts very large data with a Show all that asks the host to open it', async () => {
    page = await panel.open();
    const big = 'x'.repeat(150_000);
    await send(page, init([event(9, 'blob', big)]));
    await page.locator('.sse-row:not([hidden])').first().click();
    const pre = page.locator('.sse-detail pre.sse-raw');
    assert.equal((await pre.innerText()).length, 100_000);
    await page.locator('.sse-detail').getByRole('button', { name: 'Show all' }).click();
    assert.deepEqual((await posted(page)).at(-1), { type: 'openData', seq: 9 });
  });
});
