// The viewer at depth in a real workbench: search (text and regex, highlights, Escape), the
// JSON detail pane, Pause/Resume while events keep coming, then Export through the real quick
// picks and save dialog and Open Recording… on that file, from the palette and from the
// explorer's context menu. code-server has no native dialogs: its save and open dialogs are the
// "simple" file dialog, a quick input that takes a path (see answerFileDialog).
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { sse, SseTestServer, type StreamStep } from '../../support/sseServer';
import {
  connectFromPalette,
  panelCounters,
  pickQuickItem,
  runCommand,
  saveScreenshot,
  useWorkbench,
  visibleRows,
  waitForNotification,
  waitForQuickInputPrompt,
  waitUntil,
  webviewCount,
  webviewFrame,
} from '../support';

const ADA = '{"orderId":17,"customer":{"name":"Ada Lovelace","tier":"gold"},"items":[{"sku":"A-1","qty":2}]}';
const GRACE = '{"orderId":18,"customer":{"name":"Grace Hopper","tier":"silver"},"items":[]}';

/**
 * Answers code-server's simple file dialog (the save or open dialog of a web workbench): a quick
 * input titled like the dialog whose value is a path. Typing a whole path and pressing Enter
 * accepts it, as for a person.
 */
async function answerFileDialog(page: Page, title: RegExp, path: string, screenshot?: string): Promise<void> {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  // The dialog, not the quick pick before it: its value is a path (the default file or folder).
  await waitUntil(
    `a file dialog titled ${title}`,
    async () => ({ prompt: await page.locator('.quick-input-widget .quick-input-title').innerText().catch(() => ''), value: await input.inputValue().catch(() => '') }),
    ({ prompt, value }) => title.test(prompt) && value.startsWith('/'),
    10_000,
  );
  if (screenshot) await saveScreenshot(page, screenshot);
  await input.fill(path);
  // The dialog lists the folder as the value changes; accept once it shows the typed path.
  await page.waitForTimeout(300);
  await input.press('Enter');
}

/** The webview whose document has `selector` (panels keep their iframes while hidden). */
async function panelWith(page: Page, selector: string, timeoutMs = 15_000): Promise<FrameLocator> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const count = await webviewCount(page);
    for (let i = 0; i < count; i++) {
      const frame = webviewFrame(page, i);
      if ((await frame.locator(selector).count().catch(() => 0)) > 0) return frame;
    }
    if (Date.now() > deadline) throw new Error(`No webview (of ${count}) shows ${selector} within ${timeoutMs / 1000} s`);
    await page.waitForTimeout(200);
  }
}

describe('workbench: the viewer at depth, export and open', function () {
  this.timeout(60_000);
  const workbench = useWorkbench({ name: 'viewer' });
  let server: SseTestServer;
  let live: FrameLocator;
  let exported: string;
  let exportedRecords: Array<{ kind: string; seq: number; type?: string; data?: string }>;

  before(async () => {
    server = await SseTestServer.start();
    const steps: StreamStep[] = [
      `event: order\nid: o-17\ndata: ${ADA}\n\n`,
      `event: order\nid: o-18\ndata: ${GRACE}\n\n`,
      'event: status\ndata: all systems nominal\n\n',
      'data: needle in the haystack\n\n',
    ];
    for (let n = 1; n <= 240; n++) steps.push({ delayMs: 250 }, `event: tick\nid: t-${n}\ndata: {"n":${n}}\n\n`);
    server.route('/viewer', sse(steps, { end: 'hang' }));
  });
  after(async () => {
    await server?.close();
  });

  it('search narrows the rows, highlights matches, and Escape clears it; the detail pane shows JSON as a tree', async () => {
    const { page } = workbench();
    const url = server.url('/viewer');
    await connectFromPalette(page, url);
    live = webviewFrame(page);
    const everything = await waitUntil('a few ticks', () => panelCounters(live), (c) => c.events >= 7, 20_000);
    assert.equal(everything.shown, everything.kept, 'nothing filtered yet');

    const search = live.getByRole('textbox', { name: 'Search events' });
    await search.click();
    await page.keyboard.type('ada');
    // 'ad' already narrows to the same row: wait for the answer to the last keystroke, whose
    // highlight is the whole word. The match is marked case-insensitively.
    const { rows: narrowed } = await waitUntil(
      'only the matching row, highlighted',
      async () => ({ rows: await visibleRows(live), marks: await live.locator('.sse-row:not([hidden]) mark.sse-match').allInnerTexts() }),
      (v) => v.rows.length === 1 && v.marks.join('|') === 'Ada',
    );
    assert.equal(narrowed[0].id, 'o-17');
    // A match far into the line scrolls the preview to it (an ellipsis, then the text from a little before).
    assert.equal(narrowed[0].data, `…${ADA.slice(ADA.indexOf('Ada') - 16)}`);
    // The header says how many rows the filter shows.
    assert.equal((await panelCounters(live)).shown, 1);

    // Click the row: the details show the data as a JSON tree, keys included.
    await live.locator('.sse-row:not([hidden])').first().click();
    const tree = live.locator('.sse-detail .json-tree');
    await tree.waitFor();
    const keys = await tree.locator('.json-key').allInnerTexts();
    for (const key of ['"orderId"', '"customer"', '"name"', '"tier"', '"items"']) assert.ok(keys.includes(key), `${key} in ${keys.join(' ')}`);
    assert.ok((await tree.innerText()).includes('"Ada Lovelace"'), 'the nested value is shown');
    await workbench().screenshot('search-and-json-detail');

    // Escape in the search box clears it: every row is back.
    await search.click();
    await page.keyboard.press('Escape');
    assert.equal(await search.inputValue(), '');
    const back = await waitUntil('all rows again', () => panelCounters(live), (c) => c.shown === c.kept && c.shown > 5);
    assert.ok(back.shown > 1);
    // The rows of the cleared search come in the host's next frame: their highlight goes with them.
    const marks = await waitUntil('no highlight left', () => live.locator('mark.sse-match').count(), (count) => count === 0, 5_000);
    assert.equal(marks, 0, 'no highlight left');
    // Close the details again: beside them the table is narrow enough to hide its ID column,
    // which the next test reads.
    await live.getByRole('button', { name: 'Close details (Escape)' }).click();
    await live.locator('.sse-detail').waitFor({ state: 'hidden' });
  });

  it('regex search reports an invalid pattern and matches a valid one', async () => {
    const { page } = workbench();
    const search = live.getByRole('textbox', { name: 'Search events' });
    await live.getByRole('button', { name: 'Use regular expression' }).click();
    await live.locator('button[aria-label="Use regular expression"][aria-pressed="true"]').waitFor();
    await search.click();
    await page.keyboard.type('needle(');
    const error = live.locator('.sse-search-error');
    await error.waitFor({ state: 'visible' });
    assert.match(await error.innerText(), /^Invalid regular expression: .*unterminated group/i);
    assert.equal(await search.getAttribute('aria-invalid'), 'true');
    await workbench().screenshot('regex-error');

    await search.fill('');
    await page.keyboard.type('^needle|Grace');
    await error.waitFor({ state: 'hidden' });
    // The rows of '^needle|Gra' are the same two: wait for the last keystroke's answer (the
    // host's, a round trip behind the typing) to be painted, highlight included.
    const marks = live.locator('.sse-row:not([hidden]) mark.sse-match');
    const shown = await waitUntil(
      'the two regex matches, highlighted for the whole pattern',
      async () => ({ rows: await visibleRows(live), marks: await marks.allInnerTexts() }),
      (v) => v.rows.length === 2 && v.marks.join('|') === 'Grace|needle',
    );
    assert.deepEqual(shown.rows.map((r) => r.id), ['o-18', '']);
    assert.deepEqual(shown.rows.map((r) => r.data), [`…${GRACE.slice(GRACE.indexOf('Grace') - 16)}`, 'needle in the haystack']);

    await page.keyboard.press('Escape');
    await live.getByRole('button', { name: 'Use regular expression' }).click();
    await live.locator('button[aria-label="Use regular expression"][aria-pressed="false"]').waitFor();
    await waitUntil('all rows again', () => panelCounters(live), (c) => c.shown === c.kept);
  });

  it('Pause keeps counting events while the rows stay still; Resume shows them', async () => {
    await live.getByRole('button', { name: 'Pause the view (events keep arriving)' }).click();
    const resume = live.getByRole('button', { name: 'Resume the view and show what arrived meanwhile' });
    await resume.waitFor();
    const atPause = await panelCounters(live);
    const rowsAtPause = await visibleRows(live);
    const lastSeq = Math.max(...rowsAtPause.map((r) => r.seq));

    // Events keep arriving (the header counts them) and the button says how many wait.
    const later = await waitUntil('three more events counted', () => panelCounters(live), (c) => c.events >= atPause.events + 3);
    assert.match(await resume.innerText(), /^Resume \(\d+ new\)$/);
    assert.deepEqual(await visibleRows(live), rowsAtPause, 'the rows did not change while paused');
    assert.equal(later.shown, atPause.shown, 'nothing was added to the view while paused');
    await workbench().screenshot('paused');

    await resume.click();
    await live.getByRole('button', { name: 'Pause the view (events keep arriving)' }).waitFor();
    const resumed = await waitUntil('the waiting events in the view', () => panelCounters(live), (c) => c.shown >= later.events + 2);
    assert.ok(resumed.shown >= atPause.shown + 3);
    const rows = await visibleRows(live);
    assert.ok(Math.max(...rows.map((r) => r.seq)) > lastSeq, 'newer rows are shown');
  });

  it('Export writes NDJSON through the format pick and the save dialog', async () => {
    const { page, folder } = workbench();
    exported = join(folder, 'recording.ndjson');
    const atExport = await panelCounters(live);
    await live.getByRole('button', { name: 'Export events as NDJSON or JSON' }).click();
    // No filter is active, so the first question is the format.
    await waitForQuickInputPrompt(page, /Export Events: format/);
    await pickQuickItem(page, 'NDJSON');
    await answerFileDialog(page, /^Export Events$/, exported, 'viewer-save-dialog');
    const message = await waitForNotification(page, /^Exported \d+ records to recording\.ndjson/);
    await waitUntil('the file on disk', async () => existsSync(exported), (x) => x, 5000);

    const lines = readFileSync(exported, 'utf8').split('\n').filter(Boolean);
    exportedRecords = lines.map((line) => JSON.parse(line));
    assert.equal(message, `Exported ${lines.length} records to recording.ndjson.`);
    assert.ok(lines.length >= atExport.kept, `${lines.length} records, at least the ${atExport.kept} kept when Export was clicked`);
    const kinds = exportedRecords.map((r) => r.kind);
    assert.deepEqual(kinds.slice(0, 2), ['connecting', 'open']);
    assert.equal(exportedRecords.find((r) => r.kind === 'event')?.data, ADA);
  });

  it('Open Recording… shows the same events in a new panel without connection controls', async () => {
    const { page } = workbench();
    await runCommand(page, 'SSE Inspector: Open Recording…');
    await answerFileDialog(page, /^Open Recording$/, exported, 'viewer-open-dialog');
    await page.getByRole('tab', { name: /^Recording: recording\.ndjson/ }).waitFor({ timeout: 15_000 });
    const recording = await panelWith(page, '.sse-header.is-recording');
    await recording.locator('.sse-state', { hasText: 'Recording' }).waitFor();
    await assertShowsTheExport(recording);
    await workbench().screenshot('recording-opened');
  });

  it('the explorer context menu opens an .ndjson file as a recording, once per file', async () => {
    const { page } = workbench();
    const openRecordingTabs = page.getByRole('tab', { name: /^Recording: recording\.ndjson/ });
    // The previous test left this recording open: close it, so the explorer opens it anew.
    await openRecordingTabs.first().click({ button: 'middle' }); // closes a tab, as in the workbench
    await waitUntil('no recording tab', () => openRecordingTabs.count(), (n) => n === 0);

    const openFromExplorer = async () => {
      const item = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'recording.ndjson' });
      await item.click({ button: 'right' });
      // The menu item of our command (contributed for resourceExtname == .ndjson). The workbench's
      // menu ignores a click that comes too soon after it opened: point at the item, then Enter.
      const menuItem = page.locator('.context-view .monaco-menu .action-menu-item', { hasText: /^Open Recording(…|\.\.\.)$/ });
      await menuItem.hover();
      await page.locator('.context-view .monaco-menu .action-item.focused', { hasText: 'Open Recording' }).waitFor();
      await page.keyboard.press('Enter');
    };
    await openFromExplorer();
    await waitUntil('a recording tab', () => openRecordingTabs.count(), (n) => n === 1);
    const panel = await panelWith(page, '.sse-header.is-recording');
    await panel.locator('.sse-state', { hasText: 'Recording' }).waitFor();
    await assertShowsTheExport(panel);
    await workbench().screenshot('recording-from-explorer');

    // Opening the same file again brings its panel forward instead of a second copy.
    await openFromExplorer();
    await page.waitForTimeout(1000);
    assert.equal(await openRecordingTabs.count(), 1, 'one tab per recording file');
  });

  /** A recording panel holds exactly the exported records, and no way to connect. */
  async function assertShowsTheExport(panel: FrameLocator): Promise<void> {
    const c = await waitUntil('the records', () => panelCounters(panel), (x) => x.kept > 0);
    assert.equal(c.kept, exportedRecords.length, 'every exported record is kept');
    assert.equal(c.shown, exportedRecords.length, 'and shown');
    // The newest rows (the view follows the end) are the file's last records, field for field.
    const rows = await visibleRows(panel);
    const bySeq = new Map(exportedRecords.map((r) => [r.seq, r]));
    for (const row of rows.filter((r) => r.kind === 'event')) {
      assert.equal(row.data, bySeq.get(row.seq)?.data, `row #${row.seq}`);
      assert.equal(row.type, bySeq.get(row.seq)?.type, `row #${row.seq}`);
    }
    assert.equal(Math.max(...rows.map((r) => r.seq)), exportedRecords[exportedRecords.length - 1].seq);
    // The stream's first events are in there too: search finds Ada's order.
    await panel.getByRole('textbox', { name: 'Search events' }).fill('Ada Lovelace');
    await waitUntil("Ada's order", () => visibleRows(panel), (r) => r.length === 1 && r[0].id === 'o-17' && r[0].data.includes('"Ada Lovelace"'));
    await panel.getByRole('textbox', { name: 'Search events' }).fill('');
    // No connection controls in a recording; Export stays.
    for (const name of ['Disconnect', 'Reconnect now', 'Connect again', 'Save this connection as a profile']) {
      assert.ok(await panel.getByRole('button', { name, exact: true }).isHidden(), `no "${name}" button`);
    }
    assert.ok(await panel.getByRole('button', { name: 'Export events as NDJSON or JSON' }).isVisible());
  }
});
