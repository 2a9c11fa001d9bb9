/**
 * The webview alone in real Chromium: lifecycle rows and failures, the countdown, the request
 * as sent, pause, buttons, keyboard, persistence and the XSS case.
 */
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { StreamRecord } from '../../../src/shared/records';
import type { SessionInfo, ViewFilter } from '../../../src/shared/protocol';
import { feedGenerated, posted, savedState, send } from './harness';
import { event, init, SESSION, stats, usePanelPages } from './panelPages';

describe('webview in Chromium: lifecycle, controls, keyboard, state, XSS', function () {
  this.timeout(60_000);
  const panel = usePanelPages();
  let page: Page;

  it('shows lifecycle rows and failure details', async () => {
    page = await panel.open();
    const t = Date.now();
    const records: StreamRecord[] = [
      { kind: 'connecting', seq: 1, time: t, url: SESSION.url, method: 'GET', requestHeaders: { Authorization: '••••' }, attempt: 0 },
      { kind: 'error', seq: 2, time: t + 5, message: 'HTTP 503 Service Unavailable', hint: 'Is the server up?', code: 'HTTP_STATUS', status: 503, statusText: 'Service Unavailable', headers: { 'content-type': 'text/html' }, bodyPreview: '<h1>down</h1>', willReconnect: false },
      { kind: 'retry', seq: 3, time: t + 6, retry: 1500 },
    ];
    const failure = { seq: 2, message: 'HTTP 503 Service Unavailable', hint: 'Is the server up?', code: 'HTTP_STATUS', status: 503, statusText: 'Service Unavailable', headers: { 'content-type': 'text/html' }, bodyPreview: '<h1>down</h1>' };
    await send(page, init(records, { stats: stats({ phase: 'closed', closedMessage: 'the server answered 503', lastFailure: failure }) }));
    await page.waitForSelector('.sse-row.kind-error');
    // The stats refresh (4 times a second, each a fresh copy) must not rebuild the failure box:
    // a section the user opened, or text they selected in it, would be lost each time.
    await page.locator('.sse-failure').evaluate((box) => ((box.firstElementChild as HTMLElement & { keep?: boolean }).keep = true));
    await send(page, { type: 'stats', stats: stats({ phase: 'closed', closedMessage: 'the server answered 503', lastFailure: { ...failure } }) });
    await panel.waitFrames(page);
    assert.equal(await page.locator('.sse-failure').evaluate((box) => (box.firstElementChild as HTMLElement & { keep?: boolean }).keep === true), true, 'same failure, same box');
    assert.equal(await page.locator('.sse-row.kind-connecting').count(), 1);
    assert.equal(await page.locator('.sse-row.kind-retry').count(), 1);
    assert.match(await page.locator('.sse-state').innerText(), /Closed: the server answered 503/);
    const box = page.locator('.sse-failure');
    assert.match(await box.innerText(), /Is the server up\?/);
    assert.equal(await box.locator('pre').innerText(), '<h1>down</h1>');
    assert.equal(await page.locator('h1').count(), 0, 'body preview is text, not markup');
    assert.ok(await page.getByRole('button', { name: 'Connect again' }).isVisible());
    await page.locator('.sse-row.kind-error').click();
    const fields = await page.locator('.sse-detail .sse-fields').innerText();
    assert.match(fields, /Status\s+503 Service Unavailable/);
    assert.match(fields, /Hint\s+Is the server up\?/);
    assert.match(fields, /content-type\s+text\/html/);
    await page.screenshot({ path: 'test-results/webview-failure.png' });
  });

  it('counts down while reconnecting and hides connection controls, Pause and the rate for recordings', async () => {
    page = await panel.open();
    await send(page, init([], { stats: stats({ phase: 'reconnecting', nextAttemptAt: Date.now() + 3500 }) }));
    assert.ok(await page.getByRole('button', { name: 'Pause the view (events keep arriving)' }).isVisible(), 'a live session can pause');
    assert.ok(await page.locator('.sse-rate').isVisible(), 'a live session shows its rate');
    await page.waitForFunction(() => /Reconnecting in [34] s/.test(document.querySelector('.sse-state')?.textContent ?? ''));
    await page.waitForFunction(() => /Reconnecting in [12] s/.test(document.querySelector('.sse-state')?.textContent ?? ''), undefined, { timeout: 5000 });
    await send(page, { type: 'session', session: { ...SESSION, mode: 'recording', sourcePath: '/tmp/run.ndjson', insecureTls: true } });
    await panel.waitFrames(page);
    assert.ok(!(await page.getByRole('button', { name: 'Disconnect' }).isVisible()));
    assert.ok(!(await page.getByRole('button', { name: 'Pause the view (events keep arriving)' }).isVisible()), 'nothing arrives in a recording: no Pause');
    assert.ok(!(await page.locator('.sse-rate').isVisible()), 'no events per second now for a recording');
    assert.ok(await page.getByRole('button', { name: 'Export events as NDJSON or JSON' }).isVisible());
    assert.ok(await page.getByText('Recording: /tmp/run.ndjson').isVisible());
    assert.ok(await page.locator('.sse-warning-badge').isVisible());
  });

  it('shows the request as sent, with the secret masked, and keeps the session for the serializer', async () => {
    page = await panel.open();
    const session: SessionInfo = {
      ...SESSION,
      method: 'POST',
      requestHeaders: { Accept: 'text/event-stream', Authorization: '••••••' },
      profileName: 'local LLM',
      insecureTls: true,
    };
    await send(page, init([], { session }));
    await panel.waitFrames(page);
    const tooltip = await page.locator('.sse-target').getAttribute('title');
    assert.match(tooltip ?? '', /^POST http:\/\/127\.0\.0\.1:3917\/events\nAccept: text\/event-stream\nAuthorization: ••••••$/);
    assert.ok(await page.getByText('Profile: local LLM').isVisible());
    assert.ok(await page.getByText('TLS checks off').isVisible(), 'the TLS warning shows while checks are off');
    assert.ok(await page.getByRole('button', { name: 'Save this connection as a profile' }).isVisible());
    const state = (await savedState(page)) as { session?: SessionInfo };
    assert.equal(state.session?.url, SESSION.url);
    assert.equal(state.session?.profileName, 'local LLM');
  });

  it('pause freezes the table while counting; resume applies the pending records', async () => {
    page = await panel.open();
    await send(page, init());
    await feedGenerated(page, 1, 100);
    await page.waitForFunction(() => document.body.textContent?.includes('100 / 100'));
    await page.getByRole('button', { name: 'Pause the view (events keep arriving)' }).click();
    await feedGenerated(page, 101, 250, 50);
    await page.waitForFunction(() => document.body.textContent?.includes('Resume (250 new)'));
    assert.ok(await page.getByText('100 / 100').isVisible(), 'the table stays as it was');
    assert.equal(await page.locator('.sse-row:not([hidden])', { hasText: '"seq":350,' }).count(), 0);
    await page.getByRole('button', { name: 'Resume the view and show what arrived meanwhile' }).click();
    await page.waitForFunction(() => document.body.textContent?.includes('350 / 350'));
    assert.equal(await page.locator('.sse-row:not([hidden])', { hasText: '"seq":350,' }).count(), 1);
  });

  it('buttons post control messages', async () => {
    page = await panel.open();
    await send(page, init());
    for (const [name, action] of [['Clear events', 'clear'], ['Disconnect', 'disconnect'], ['Reconnect now', 'reconnect'], ['Export events as NDJSON or JSON', 'export']] as const) {
      await page.getByRole('button', { name, exact: true }).click();
      assert.deepEqual((await posted(page)).at(-1), { type: 'control', action });
    }
    await feedGenerated(page, 1, 10);
    await page.waitForFunction(() => document.body.textContent?.includes('10 / 10'));
    await send(page, { type: 'cleared' });
    await page.waitForFunction(() => document.body.textContent?.includes('0 / 0'));
    assert.equal(await panel.rowCount(page), 0);
  });

  it('keyboard: Down/Up move the selection, Home/End jump, Enter opens details, Escape closes', async () => {
    page = await panel.open();
    await send(page, init());
    await feedGenerated(page, 1, 300);
    await page.waitForFunction(() => document.body.textContent?.includes('300 / 300'));
    await page.locator('.sse-scroll').focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    await panel.waitFrames(page);
    const selectedSeq = (): Promise<string | null> => page.locator('.sse-row.selected').getAttribute('data-seq');
    assert.equal(await selectedSeq(), '1');
    assert.match(await page.locator('.sse-detail-title').innerText(), /#1/);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await panel.waitFrames(page);
    assert.equal(await selectedSeq(), '3');
    assert.match(await page.locator('.sse-detail-title').innerText(), /#3/);
    await page.keyboard.press('ArrowUp');
    await panel.waitFrames(page);
    assert.equal(await selectedSeq(), '2');
    await page.keyboard.press('End');
    await panel.waitFrames(page);
    assert.equal(await selectedSeq(), '300');
    await page.keyboard.press('Escape');
    await panel.waitFrames(page);
    assert.ok(!(await page.locator('.sse-detail').isVisible()));
  });

  it('restores filter, auto-scroll and time mode from saved state and tells the host', async () => {
    page = await panel.open();
    await send(page, init());
    await feedGenerated(page, 1, 20);
    await page.waitForSelector('.sse-type-chip[data-type="price"]');
    await page.locator('.sse-type-chip[data-type="price"]').click();
    await page.locator('.sse-search-input').fill('item');
    await page.getByRole('button', { name: 'Show comments (: lines such as heartbeats)' }).click();
    await page.getByRole('button', { name: 'Auto-scroll: follow new events' }).click();
    await page.locator('.sse-th-button').click();
    const state = await savedState(page);
    await page.close();

    page = await panel.open('dark', state);
    const expected: ViewFilter = { hiddenTypes: ['price'], search: 'item', regex: false, caseSensitive: false, showComments: true };
    const messages = await posted(page);
    assert.deepEqual(messages.slice(0, 2), [{ type: 'ready' }, { type: 'filterChanged', filter: expected }]);
    assert.equal(await page.locator('.sse-search-input').inputValue(), 'item');
    assert.equal(await page.getByRole('button', { name: 'Auto-scroll: follow new events' }).getAttribute('aria-pressed'), 'false');
    // init.filter must not override the user's own restored filter
    await send(page, init([event(1, 'price', 'item 1'), event(2, 'tick', 'item 2')], { filter: { ...expected, hiddenTypes: [] } }));
    await page.waitForSelector('.sse-row:not([hidden])');
    assert.equal(await panel.rowCount(page), 1);
    assert.match(await page.locator('.sse-row:not([hidden]) .sse-col-time').innerText(), /^\+\d+\.\d{3}$/);
  });

  it('shows HTML in stream data as text: no element, no dialog (XSS)', async () => {
    page = await panel.open();
    const payload = '<img src=x onerror=alert(1)>';
    await send(page, init([event(1, '<b onmouseover=alert(2)>t</b>', payload, '<script>alert(3)</script>'), { kind: 'comment', seq: 2, time: Date.now(), text: payload }]));
    await page.getByRole('button', { name: 'Show comments (: lines such as heartbeats)' }).click();
    await page.locator('.sse-search-input').fill('img');
    await panel.waitFrames(page);
    await page.locator('.sse-row:not([hidden])').first().click();
    await page.locator('.sse-detail pre.sse-raw').waitFor();
    await page.waitForTimeout(300);
    assert.equal(await page.locator('img').count(), 0);
    assert.equal(await page.locator('script:not([nonce])').count(), 0);
    assert.equal(await page.locator('#root b').count(), 0);
    assert.deepEqual(panel.dialogs, []);
    assert.equal(await page.locator('.sse-row:not([hidden]) .sse-col-data').first().innerText(), payload);
    assert.equal(await page.locator('.sse-row:not([hidden]) .sse-badge').first().innerText(), '<b onmouseover=alert(2)>t</b>');
    assert.equal(await page.locator('.sse-row:not([hidden]) .sse-col-id').first().innerText(), '<script>alert(3)</script>');
    assert.equal(await page.locator('.sse-detail pre.sse-raw').innerText(), payload);
    assert.equal(await page.locator('.sse-type-chip .sse-type-name').innerText(), '<b onmouseover=alert(2)>t</b>');
  });

  for (const theme of ['dark', 'light', 'highContrast'] as const) {
    it(`renders well in the ${theme} theme (screenshot test-results/webview-${theme}.png)`, async () => {
      page = await panel.open(theme);
      const t = Date.now() - 60_000;
      const records: StreamRecord[] = [
        { kind: 'connecting', seq: 1, time: t, url: SESSION.url, method: 'GET', requestHeaders: {}, attempt: 0 },
        { kind: 'open', seq: 2, time: t + 12, url: SESSION.url, status: 200, statusText: 'OK', headers: { 'content-type': 'text/event-stream' }, redirected: false },
        { kind: 'retry', seq: 3, time: t + 13, retry: 3000 },
      ];
      await send(page, init(records));
      await feedGenerated(page, 4, 400, 100);
      await send(page, { type: 'records', records: [{ kind: 'comment', seq: 404, time: Date.now(), text: 'heartbeat' }, { kind: 'error', seq: 405, time: Date.now(), message: 'socket hang up', code: 'NETWORK', willReconnect: true, reconnectInMs: 3000, reconnectAt: Date.now() + 3000 }] });
      for (let i = 0; i < 16; i++) {
        await send(page, { type: 'stats', stats: stats({ events: 400 + i * 10, bytes: 40_000 + i * 1000, eventsPerSecond: 40 + ((i * 37) % 60), timeToFirstEventMs: 42, reconnects: 1, dropped: 0 }) });
        await page.waitForTimeout(60);
      }
      await page.locator('.sse-search-input').fill('item-4');
      await panel.waitFrames(page);
      await page.locator('.sse-row[data-seq="336"]').click();
      await panel.waitFrames(page, 3);
      await page.screenshot({ path: `test-results/webview-${theme}.png` });
      assert.ok(await page.locator('.sse-detail .json-tree').isVisible());
      if (theme === 'highContrast') {
        // High contrast draws the selection with the theme's active contrast border, not a tint.
        const outline = await page.locator('.sse-row.selected').evaluate((row) => {
          const style = getComputedStyle(row);
          return `${style.outlineStyle} ${style.outlineColor}`;
        });
        assert.equal(outline, 'solid rgb(243, 133, 24)');
      }
      if (theme === 'dark') {
        // The detail pane open beside a table left narrow: Δ and ID step aside for the data,
        // and come back once the pane closes (the columns follow the table, not the window).
        const shown = (selector: string): Promise<boolean> => page.locator(`.sse-row:not([hidden]) ${selector}`).first().isVisible();
        await page.setViewportSize({ width: 1100, height: 760 });
        await panel.waitFrames(page, 3);
        assert.ok(((await page.locator('.sse-table').boundingBox())?.width ?? 1000) < 720);
        assert.deepEqual([await shown('.sse-col-delta'), await shown('.sse-col-id'), await shown('.sse-col-data')], [false, false, true]);
        await page.locator('.sse-detail').getByRole('button', { name: /close/i }).click();
        await panel.waitFrames(page, 3);
        assert.deepEqual([await shown('.sse-col-delta'), await shown('.sse-col-id')], [true, true]);
        await page.locator('.sse-row[data-seq="336"]').click();
        await panel.waitFrames(page, 3);
      }
      // A narrow editor group: the detail pane moves below the table, button labels go.
      await page.setViewportSize({ width: 620, height: 760 });
      await panel.waitFrames(page, 3);
      await page.screenshot({ path: `test-results/webview-${theme}-narrow.png` });
      const table = await page.locator('.sse-table').boundingBox();
      const detail = await page.locator('.sse-detail').boundingBox();
      assert.ok(table && detail && detail.y >= table.y + table.height - 1, 'detail sits below the table');
      assert.ok((await page.locator('.sse-row:not([hidden])').count()) > 0);
    });
  }
});
