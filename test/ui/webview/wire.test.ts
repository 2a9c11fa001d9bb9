/**
 * The Wire view and diagnostics list in real Chromium: chunk boundaries, CR/LF/CRLF, BOM and
 * invalid-byte markers, and the links between a chunk and the records it completed.
 *   node scripts/build.mjs && npx mocha --timeout 60000 out/test/ui/webview/wire.test.js
 */
import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { ChunkRecord, DiagnosticRecord, StreamRecord } from '../../../src/shared/records';
import type { HostToWebview } from '../../../src/shared/protocol';
import { launchChromium, posted, send, startPanelServer, type HostFeed, type PanelServer } from './harness';
import { bytesToWireText } from '../../../src/core/diagnostics/wireText';

const T0 = Date.parse('2026-11-30T12:00:00Z');

const records: StreamRecord[] = [
  { kind: 'open', seq: 1, time: T0, url: 'http://127.0.0.1/x', status: 200, statusText: 'OK', headers: { 'content-type': 'text/event-stream' }, redirected: false },
  { kind: 'event', seq: 2, time: T0 + 10, type: 'message', data: 'one', lastEventId: '', size: 3 },
  { kind: 'event', seq: 3, time: T0 + 20, type: 'tick', data: 'two', lastEventId: '', size: 3 },
  { kind: 'event', seq: 4, time: T0 + 30, type: 'message', data: 'three\uFFFD', lastEventId: '', size: 8 },
];

function chunk(seq: number, time: number, offset: number, bytes: Uint8Array): ChunkRecord {
  return { kind: 'chunk', seq, time, offset, bytes: bytes.length, text: bytesToWireText(bytes) };
}

const c1 = Buffer.from('\uFEFFdata: one\r\n\r\nevent: ti');
const c2 = Buffer.from('ck\rdata: two\r\r');
const c3 = Buffer.from([...Buffer.from('data: three'), 0xff, 0x0a, 0x0a, 0xe6, 0x97]);
const chunks = [chunk(1, T0 + 10, 0, c1), chunk(2, T0 + 20, c1.length, c2), chunk(3, T0 + 30, c1.length + c2.length, c3)];

const diagnostics: DiagnosticRecord[] = [
  { kind: 'diagnostic', seq: 1, time: T0, code: 'no-cache-missing', severity: 'info', message: 'The response has no Cache-Control header.', hint: "NestJS: @Header('Cache-Control', 'no-cache')" },
  { kind: 'diagnostic', seq: 3, time: T0 + 20, code: 'cr-line-endings', severity: 'info', message: 'Lines end with CR alone.', hint: 'End lines with \\n.' },
  { kind: 'diagnostic', seq: 3, time: T0 + 30, code: 'invalid-utf8', severity: 'warning', message: '<img src=x onerror=alert(1)>', hint: 'encode as UTF-8' },
];

/** A message the host posts as is (after the records fed before it). */
function host(page: Page, message: HostToWebview): Promise<void> {
  return send(page, { type: 'post', message });
}

describe('Wire view in Chromium', function () {
  this.timeout(60_000);
  let browser: Browser;
  let server: PanelServer;
  let page: Page;

  before(async () => {
    mkdirSync('test-results', { recursive: true });
    server = await startPanelServer();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1100, height: 760 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(server.url('dark'));
    await page.waitForSelector('.sse-toolbar');
    const init: HostFeed = {
      type: 'init',
      session: { id: 'w', title: 'wire', url: 'http://127.0.0.1/x', mode: 'live', method: 'GET', requestHeaders: {} },
      stats: { phase: 'open', events: 3, comments: 0, bytes: 14, reconnects: 0, eventsPerSecond: 0, dropped: 0, startedAt: T0 },
      records,
      maxEvents: 1000,
    };
    await send(page, init);
    await host(page, { type: 'diagnostics', diagnostics });
    (page as Page & { errors?: string[] }).errors = errors;
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the number of findings while closed, and asks for chunks only once opened', async () => {
    // The host's messages go through its worker, then a paint: wait for them to show.
    await page.locator('.sse-wire-count', { hasText: /^3$/ }).waitFor();
    assert.equal(await page.locator('.sse-wire-count').innerText(), '3');
    assert.ok(!(await posted(page)).some((m) => m.type === 'wireView'));
    await page.locator('.sse-wire-toggle').click();
    assert.deepEqual((await posted(page)).filter((m) => m.type === 'wireView'), [{ type: 'wireView', open: true }]);
    await host(page, { type: 'wire', chunks, reset: true, dropped: 0, maxBytes: 4 * 1024 * 1024, lastSeq: 4 });
    await page.waitForSelector('.sse-wire-chunk');
  });

  it('draws each chunk apart, with its size, and every CR, LF, CRLF, BOM and invalid byte marked', async () => {
    assert.equal(await page.locator('.sse-wire-chunk').count(), 3);
    const sizes = await page.locator('.sse-wire-size').allInnerTexts();
    assert.deepEqual(sizes.map((s) => s.replace(/\s/g, '')), [`${c1.length}B`, `${c2.length}B`, `${c3.length}B`]);
    const first = page.locator('.sse-wire-chunk').nth(0);
    assert.equal(await first.locator('.sse-wire-bom').count(), 1);
    assert.equal(await first.locator('.sse-wire-crlf').count(), 2);
    const second = page.locator('.sse-wire-chunk').nth(1);
    assert.equal(await second.locator('.sse-wire-cr').count(), 3);
    const third = page.locator('.sse-wire-chunk').nth(2);
    assert.equal(await third.locator('.sse-wire-lf').count(), 2);
    assert.deepEqual(await third.locator('.sse-wire-invalid').allInnerTexts(), ['FF']);
    // The last two bytes start a character the chunk boundary cut: marked as split, not invalid.
    assert.deepEqual(await third.locator('.sse-wire-split').allInnerTexts(), ['E6', '97']);
    // Text between markers is the stream's own, as text.
    assert.match(await second.locator('.sse-wire-bytes').innerText(), /data: two/);
  });

  it('lists the diagnostics with their hints, as text only', async () => {
    const codes = await page.locator('.sse-diagnostic-code').allInnerTexts();
    assert.deepEqual(codes, ['no-cache-missing', 'cr-line-endings', 'invalid-utf8']);
    assert.match(await page.locator('.sse-diagnostic-hint').first().innerText(), /@Header\('Cache-Control', 'no-cache'\)/);
    assert.equal(await page.locator('.sse-diagnostics img').count(), 0);
    assert.match(await page.locator('.sse-diagnostic-message').nth(2).innerText(), /<img src=x/);
  });

  it('links a chunk to the records it completed, and a selected row back to its chunk', async () => {
    // Chunk 2 completed records 3 ("tick"); its link selects that row and opens its details.
    const link = page.locator('.sse-wire-chunk').nth(1).locator('.sse-wire-rec');
    assert.deepEqual(await link.allInnerTexts(), ['#3 tick']);
    await link.click();
    await page.waitForSelector('.sse-row[data-seq="3"][aria-selected="true"]');
    assert.match(await page.locator('.sse-detail').innerText(), /two/);
    assert.equal(await page.locator('.sse-wire-chunk.is-linked').getAttribute('data-index'), '1');
    // Selecting another row moves the highlight to the chunk that completed it.
    await page.locator('.sse-row[data-seq="4"]').click();
    await page.waitForSelector('.sse-wire-chunk.is-linked[data-index="2"]');
    await page.locator('.sse-row[data-seq="2"]').click();
    await page.waitForSelector('.sse-wire-chunk.is-linked[data-index="0"]');
    await page.screenshot({ path: 'test-results/wire-view.png' });
    assert.deepEqual((page as Page & { errors?: string[] }).errors, []);
  });

  it('appends later chunks and stops asking when closed', async () => {
    await host(page, { type: 'wire', chunks: [chunk(4, T0 + 40, 99, Buffer.from(': ping\n\n'))], reset: false, dropped: 0, maxBytes: 4 * 1024 * 1024, lastSeq: 4 });
    await page.waitForFunction(() => document.querySelectorAll('.sse-wire-chunk').length === 4);
    await page.locator('.sse-wire-toggle').click();
    assert.deepEqual((await posted(page)).filter((m) => m.type === 'wireView').pop(), { type: 'wireView', open: false });
    assert.equal(await page.locator('.sse-wire-chunk').count(), 0);
  });

  it('draws only the chunks kept when the bound lets older ones go', async () => {
    await page.locator('.sse-wire-toggle').click();
    const ping = (n: number) => chunk(4, T0 + 40 + n, 100 + 10 * n, Buffer.from(`: ping ${n}\n`));
    // 9 bytes each, 25 kept: each batch lets older chunks go, and their rows must go too.
    await host(page, { type: 'wire', chunks: [ping(1), ping(2), ping(3)], reset: true, dropped: 0, maxBytes: 25, lastSeq: 4 });
    await page.locator('.sse-wire-note', { hasText: '2 chunk(s)' }).waitFor();
    // One chunk at a time, as a live stream's frames bring them: each lets the oldest go.
    for (const n of [4, 5]) {
      await host(page, { type: 'wire', chunks: [ping(n)], reset: false, dropped: 1, maxBytes: 25, lastSeq: 4 });
      await page.locator('.sse-wire-bytes', { hasText: `ping ${n}` }).waitFor();
    }
    assert.deepEqual(await page.locator('.sse-wire-bytes').allInnerTexts(), [': ping 4LF\n', ': ping 5LF\n']);
    assert.deepEqual(await page.locator('.sse-wire-chunk').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.index)), ['3', '4']);
    assert.match(await page.locator('.sse-wire-note').innerText(), /^2 chunk\(s\), 18 B · newest 25 B kept · \d+ older let go/);
  });
});
