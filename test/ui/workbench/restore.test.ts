// What survives in a real workbench: a panel hidden behind another editor and shown again has
// every event (the host replays its log when the webview says ready), and after a window reload
// the panel comes back, closed, with the user's filter, and "Connect again" starts the stream anew.
import * as assert from 'node:assert/strict';
import { sse, SseTestServer } from '../../support/sseServer';
import { connectFromPalette, panelCounters, runCommand, useWorkbench, waitUntil, webviewFrame } from '../support';

describe('workbench: hide, show and reload', function () {
  this.timeout(120_000);
  const workbench = useWorkbench({ name: 'restore' });
  let server: SseTestServer;

  before(async () => {
    server = await SseTestServer.start();
    // One event now, then one every 150 ms while the panel is hidden.
    const steps: Array<string | { delayMs: number }> = ['event: first\nid: 0\ndata: event-0\n\n'];
    for (let i = 1; i <= 1000; i++) steps.push({ delayMs: 150 }, `event: ${i % 2 ? 'odd' : 'even'}\nid: ${i}\ndata: event-${i}\n\n`);
    server.route('/events', sse(steps, { end: 'hang' }));
  });
  after(async () => {
    await server?.close();
  });

  const panel = () => webviewFrame(workbench().page);

  it('loses nothing while the panel is hidden behind another editor', async () => {
    const { page } = workbench();
    const url = server.url('/events');
    await connectFromPalette(page, url);
    // The stream is on screen (the view follows the newest rows, so which ones depends on how
    // long the webview took to load; that every event, event-0 included, is kept is checked below).
    await panel().getByText(/^event-\d+$/).first().waitFor({ timeout: 20_000 });

    // A new untitled editor in the same group hides the panel (its webview is torn down).
    await runCommand(page, 'File: New Untitled Text File');
    await page.waitForTimeout(1500);
    await page.getByRole('tab', { name: /^SSE 127\.0\.0\.1/ }).click();
    await panel().locator('.sse-counters').waitFor();
    // Every event counted while hidden is also kept: Shown = kept = events + the connecting and
    // open rows. The webview sets the counters when a frame arrives and Shown when it next paints:
    // read them once both come from the same frame (a lost event would never let that happen).
    const counters = await waitUntil('events counted while hidden, all of them kept', () => panelCounters(panel()), (c) => c.events >= 5 && c.kept >= c.events + 2, 20_000);
    assert.ok(counters.events >= 5, `events kept counting while hidden: ${counters.text}`);
    assert.ok(counters.kept >= counters.events + 2, `every counted event is kept: ${counters.text}`);
  });

  it('comes back after a window reload with the filter, and Connect again connects', async () => {
    const { page } = workbench();
    // Hide the "odd" events: the toggle chip for that type.
    await panel().locator('.sse-type-chip', { hasText: 'odd' }).click();
    await panel().locator('.sse-type-chip[aria-pressed="false"]', { hasText: 'odd' }).waitFor();
    const before = server.requests('/events').length;

    // As a person reloads a window: the workbench saves its state (the webview's too) first.
    await runCommand(page, 'Developer: Reload Window');
    await page.waitForEvent('load', { timeout: 30_000 });
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    // The untitled editor was in front before the reload and is again: bring the panel forward.
    await page.getByRole('tab', { name: /^SSE 127\.0\.0\.1/ }).click({ timeout: 30_000 });
    const restored = panel();
    await restored.getByText(/window was reloaded/i).waitFor({ timeout: 30_000 });
    await workbench().screenshot('reloaded');

    await restored.getByRole('button', { name: 'Connect again' }).click();
    await server.waitForRequests('/events', before + 1, 20_000);
    await restored.locator('.sse-row.kind-event .sse-badge', { hasText: 'even' }).first().waitFor({ timeout: 20_000 });
    assert.equal(await restored.locator('.sse-type-chip', { hasText: 'odd' }).getAttribute('aria-pressed'), 'false', 'the odd toggle is still off');
    // The filter survived the reload: no "odd" row is shown.
    const types = await restored.locator('.sse-row.kind-event .sse-badge').allInnerTexts();
    assert.ok(!types.includes('odd'), `odd rows hidden after reload: ${types.join(',')}`);
    await workbench().screenshot('reconnected');
  });
});
