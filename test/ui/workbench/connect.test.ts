// Connecting in a real workbench, the way a person does: F1 -> "SSE Inspector: Connect…", type
// the URL of a local server that sends several event types, comments and one hostile event, and
// watch the panel fill live. Then narrow by type with the chips, check the hostile event stays
// text, and disconnect: the server must see its socket close.
import * as assert from 'node:assert/strict';
import type { Dialog } from 'playwright-core';
import { sse, SseTestServer, type StreamStep } from '../../support/sseServer';
import { connectFromPalette, runCommand, useWorkbench, visibleRows, waitForQuickInputPrompt, waitUntil, webviewFrame, type PanelRow } from '../support';

/** The hostile event: HTML in type, id and data must stay characters on screen. */
const XSS_TYPE = '<b>bold</b>';
const XSS_ID = '<i>id</i>';
const XSS_DATA = '<img src=x onerror=alert(1)>';

const eventTypes = (rows: PanelRow[]) => rows.filter((r) => r.kind === 'event').map((r) => r.type);

describe('workbench: connect, watch, filter by type, disconnect', function () {
  this.timeout(60_000);
  const workbench = useWorkbench({ name: 'connect' });
  let server: SseTestServer;
  const dialogs: string[] = [];
  /**
   * What a hostile event would print if it got through. The webview is sandboxed without
   * allow-modals, so an alert() there raises no dialog: Chromium logs "Ignored call to
   * 'alert()'" instead, and the CSP logs every inline handler and image it refuses. (Checked by
   * hand: an <img src=x onerror=alert(1)> put into the panel's document logs two such lines.)
   */
  const scriptSigns: string[] = [];

  before(async () => {
    server = await SseTestServer.start();
    // A burst of every kind, then one event every 350 ms (tick, price, unnamed message in
    // turn) for about 10 s: enough to watch rows arrive, few enough to all fit on screen.
    const steps: StreamStep[] = [
      ': heartbeat\n\n',
      'event: tick\nid: 1\ndata: {"n":1}\n\n',
      'event: price\nid: 2\ndata: {"symbol":"ACME","price":12.5}\n\n',
      'data: plain message one\n\n',
      `event: ${XSS_TYPE}\nid: ${XSS_ID}\ndata: ${XSS_DATA}\n\n`,
    ];
    const kinds = ['tick', 'price', undefined] as const;
    for (let i = 0; i < 30; i++) {
      const type = kinds[i % kinds.length];
      steps.push({ delayMs: 350 }, `${type ? `event: ${type}\n` : ''}id: ${i + 3}\ndata: live ${type ?? 'message'} ${i + 3}\n\n`);
      if (i % 5 === 4) steps.push(': heartbeat\n\n');
    }
    server.route('/mixed', sse(steps, { end: 'hang' }));
    // Any alert()/confirm() anywhere in the workbench page or its frames lands here.
    workbench().page.on('dialog', (dialog: Dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    workbench().page.on('console', (message) => {
      const text = message.text();
      if (/alert\(\)|inline event handler|Loading the image/.test(text)) scriptSigns.push(text);
    });
  });
  after(async () => {
    await server?.close();
  });

  const panel = () => webviewFrame(workbench().page);

  it('shows the rows of every event type live as they arrive', async () => {
    const { page } = workbench();
    const url = server.url('/mixed');
    await connectFromPalette(page, url);

    await panel().locator('.sse-state', { hasText: 'Open' }).waitFor({ timeout: 20_000 });
    const first = await waitUntil('the first burst of events', () => visibleRows(panel()), (rows) => eventTypes(rows).length >= 4);
    assert.deepEqual(first.slice(0, 2).map((r) => r.kind), ['connecting', 'open'], 'the connection steps come first');
    // Watch: more rows arrive while the test looks, without anything being clicked.
    const later = await waitUntil('three more rows', () => visibleRows(panel()), (rows) => rows.length >= first.length + 3);
    const types = new Set(eventTypes(later));
    for (const type of ['tick', 'price', 'message', XSS_TYPE]) assert.ok(types.has(type), `a "${type}" row: ${[...types].join(', ')}`);
    assert.equal(server.requests('/mixed')[0].headers.accept, 'text/event-stream');
    // Comments are hidden until asked for; the "Comments" toggle shows the heartbeats.
    assert.ok(!later.some((r) => r.kind === 'comment'), 'comments hidden by default');
    await panel().getByRole('button', { name: /^Show comments/ }).click();
    const withComments = await waitUntil('a heartbeat row', () => visibleRows(panel()), (rows) => rows.some((r) => r.kind === 'comment'));
    assert.equal(withComments.find((r) => r.kind === 'comment')?.data, 'heartbeat');
    await workbench().screenshot('live-rows');
  });

  it('hides a type with its chip and shows it again', async () => {
    const chip = panel().locator('.sse-type-chip[data-type="tick"]');
    assert.equal(await chip.getAttribute('aria-pressed'), 'true');
    await chip.click();
    await panel().locator('.sse-type-chip[data-type="tick"][aria-pressed="false"]').waitFor();
    // Keep watching: rows that arrive after the click must not bring "tick" back.
    const afterClick = await visibleRows(panel());
    const lastSeq = Math.max(...afterClick.map((r) => r.seq));
    const watched = await waitUntil(
      'two new rows with tick hidden',
      () => visibleRows(panel()),
      (rows) => rows.filter((r) => r.seq > lastSeq && r.kind === 'event').length >= 2,
    );
    const shown = eventTypes(watched);
    assert.ok(!shown.includes('tick'), `no tick row while hidden: ${shown.join(', ')}`);
    assert.ok(shown.includes('price') && shown.includes('message'), `the other types stay: ${shown.join(', ')}`);
    await workbench().screenshot('tick-hidden');

    await chip.click();
    await panel().locator('.sse-type-chip[data-type="tick"][aria-pressed="true"]').waitFor();
    const back = await waitUntil('tick rows again', () => visibleRows(panel()), (rows) => eventTypes(rows).includes('tick'));
    assert.ok(eventTypes(back).filter((t) => t === 'tick').length >= 2, 'earlier ticks are shown again, not only new ones');
  });

  it('shows HTML in type, id and data as text, never as elements', async () => {
    // The hostile event came early: scroll back to it (the view fetches those rows from the host).
    await panel().locator('.sse-scroll').evaluate((el) => (el.scrollTop = 0));
    const rows = await waitUntil('the hostile row on screen', () => visibleRows(panel()), (shown) => shown.some((r) => r.type === XSS_TYPE));
    const hostile = rows.find((r) => r.type === XSS_TYPE);
    assert.ok(hostile, `the hostile event has a row: ${JSON.stringify(rows.map((r) => r.type))}`);
    assert.equal(hostile.id, XSS_ID);
    assert.equal(hostile.data, XSS_DATA);
    // Its chip reads the same characters.
    assert.equal(await panel().locator('.sse-type-chip .sse-type-name', { hasText: XSS_TYPE }).count(), 1);
    // And the detail pane too, once a person clicks the row.
    await panel().locator('.sse-row:not([hidden])', { has: panel().locator('.sse-badge', { hasText: XSS_TYPE }) }).click();
    const detail = panel().locator('.sse-detail');
    await detail.locator('pre.sse-raw', { hasText: XSS_DATA }).waitFor();
    assert.ok((await detail.locator('.sse-fields').innerText()).includes(XSS_TYPE), 'the type shows as text in the details');
    await workbench().screenshot('hostile-event-details');

    // No element came out of those strings anywhere in the panel's document.
    const elements = await panel().locator('body').evaluate((body) => ({
      img: body.querySelectorAll('img').length,
      b: body.querySelectorAll('b').length,
      i: body.querySelectorAll('i:not(.codicon)').length,
    }));
    assert.deepEqual(elements, { img: 0, b: 0, i: 0 });
    // And nothing ran or was even attempted: no dialog, no ignored alert, no refused handler or image.
    assert.deepEqual(dialogs, []);
    assert.deepEqual(scriptSigns, []);
  });

  it('Disconnect closes the socket on the server', async () => {
    assert.ok(server.openSockets > 0, 'the stream is open before the click');
    await panel().getByRole('button', { name: 'Disconnect', exact: true }).click();
    await server.waitForNoSockets(10_000);
    await panel().locator('.sse-state', { hasText: /^Closed/ }).waitFor();
    await panel().getByRole('button', { name: 'Connect again' }).waitFor();
    assert.ok(await panel().getByRole('button', { name: 'Disconnect', exact: true }).isHidden(), 'no Disconnect once closed');
    // Nothing reconnects behind the user's back.
    const requests = server.requests('/mixed').length;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(server.requests('/mixed').length, requests, 'no new request after Disconnect');
    assert.equal(server.openSockets, 0);
    await workbench().screenshot('disconnected');
  });

  it('the URL prompt stays open while the user copies a URL elsewhere; pasted and entered at once, it connects to what was pasted, not to a suggestion', async () => {
    // The prompt now offers /mixed as a recent URL, highlighted first. Pasting and pressing
    // Enter in the same instant beats the round trip that refreshes the items (urlChoice.ts).
    server.route('/pasted', sse(['event: pasted\ndata: yes\n\n'], { end: 'hang' }));
    const mixedBefore = server.requests('/mixed').length;
    const { page } = workbench();
    await runCommand(page, 'SSE Inspector: Connect…');
    await waitForQuickInputPrompt(page, /URL/);
    // The user goes elsewhere to copy the URL: the prompt stays open meanwhile.
    await page.locator('.part.sidebar').click({ position: { x: 60, y: 300 } });
    await page.waitForTimeout(500);
    assert.ok(await page.locator('.quick-input-widget').isVisible(), 'the URL prompt is still open after focus went elsewhere');
    await page.locator('.quick-input-widget .quick-input-box input').click(); // and comes back to it
    // Value and Enter in one task of the page: no round trip to the extension host can come
    // between them, however fast the machine (a person pasting over a remote connection).
    await page.locator('.quick-input-widget .quick-input-box input').evaluate((input: HTMLInputElement, url: string) => {
      input.value = url;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', keyCode: 13, which: 13, bubbles: true }));
    }, server.url('/pasted'));
    await server.waitForRequests('/pasted', 1);
    assert.equal(server.requests('/mixed').length, mixedBefore, 'the highlighted suggestion was not connected');
  });
});
