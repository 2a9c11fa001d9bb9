// The Wire view and the diagnostics list in a real workbench: connect through "SSE Inspector:
// Connect…" to a local server whose gzip-compressed stream (with a charset in its Content-Type)
// has a BOM, CRLF, CR and LF line endings, an invalid UTF-8 byte, a field-name typo, a bad retry,
// a burst after a silence and an unterminated last event, one per chunk. Then read what a person
// sees: the findings with their hints, each chunk with its size and markers, the links between a
// chunk and its rows both ways; and, in a second panel on a bigger stream, the bound on kept bytes
// and the closed pane. The workspace's settings make that bound small (wire.maxMiB).
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants, createGzip } from 'node:zlib';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { BURST_GAP_MS } from '../../../src/core/diagnostics/codes';
import { formatBytes } from '../../../src/shared/format';
import { sequence, reply, sse, SseTestServer, type RouteHandler, type StreamStep } from '../../support/sseServer';
import { connectFromPalette, useWorkbench, visibleRows, waitUntil, webviewCount, webviewFrame } from '../support';

/** sseInspector.wire.maxMiB in the workspace: about 4 KiB, so the flood below overflows it. */
const WIRE_MIB = 0.004;
const WIRE_BYTES = Math.round(WIRE_MIB * 1024 * 1024);

/** One chunk per problem (written apart, so each arrives as its own chunk). */
const CHUNKS = {
  bomCrlf: Buffer.from('\uFEFFevent: tick\r\nid: 1\r\ndata: crlf one\r\n\r\n'),
  cr: Buffer.from('event: tock\rdata: cr two\r\r'),
  invalid: Buffer.concat([Buffer.from('data: bad '), Buffer.from([0xff]), Buffer.from(' byte\n\n')]),
  typo: Buffer.from('evnet: typo\ndata: typo three\n\nretry: soon\n\n'),
  burst: Buffer.from(Array.from({ length: 12 }, (_, i) => `data: burst ${i + 1}\n\n`).join('')),
  unterminated: Buffer.from('data: never dispatched\n'),
};

/** Text that tells each chunk apart on screen. */
const FIND: Record<keyof typeof CHUNKS, string> = { bomCrlf: 'crlf one', cr: 'cr two', invalid: 'data: bad', typo: 'evnet: typo', burst: 'burst 12', unterminated: 'never dispatched' };

/** Every code the stream above must raise, once each, and a phrase of its hint. */
const EXPECTED: Record<string, RegExp> = {
  'compressed-stream': /compression\(\{ filter/,
  'charset-not-utf8': /always decoded as UTF-8/,
  bom: /Send no BOM/,
  'cr-line-endings': /end lines with \\n/,
  'invalid-utf8': /encode text as UTF-8/,
  'unknown-field': /fix the field name/,
  'invalid-retry': /ASCII digits only/,
  'buffered-delivery': /X-Accel-Buffering: no/,
  'unterminated-event': /blank line/,
};

/** The scripted stream, gzip-compressed and flushed after every write so chunks stay apart. */
function gzipStream(steps: readonly StreamStep[]): RouteHandler {
  return async (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=ISO-8859-1', 'Content-Encoding': 'gzip', 'Cache-Control': 'no-cache' });
    const gzip = createGzip();
    gzip.pipe(res);
    for (const step of steps) {
      if (res.destroyed) return;
      if (typeof step === 'object' && 'delayMs' in step) await new Promise((resolve) => setTimeout(resolve, step.delayMs));
      else await new Promise<void>((resolve) => gzip.write(step, () => gzip.flush(constants.Z_SYNC_FLUSH, () => resolve())));
    }
    gzip.end();
  };
}

/** The webview whose table shows a row with `data` (each Connect… opens a panel of its own). */
async function panelShowing(page: Page, data: string): Promise<FrameLocator> {
  return waitUntil(
    `a panel showing "${data}"`,
    async () => {
      for (let i = 0; i < (await webviewCount(page)); i++) {
        const frame = webviewFrame(page, i);
        if ((await frame.locator('.sse-col-data', { hasText: data }).count().catch(() => 0)) > 0) return frame;
      }
      return undefined;
    },
    (frame) => frame !== undefined,
    20_000,
  ) as Promise<FrameLocator>;
}

/** The chunk whose bytes read `text` (markers aside). */
const chunkWith = (panel: FrameLocator, text: string): Locator => panel.locator('.sse-wire-chunk', { has: panel.locator('.sse-wire-bytes', { hasText: text }) });

describe('workbench: the Wire view and the diagnostics list', function () {
  this.timeout(90_000);
  const folder = mkdtempSync(join(tmpdir(), 'sse-wire-ws-'));
  mkdirSync(join(folder, '.vscode'));
  writeFileSync(join(folder, '.vscode', 'settings.json'), JSON.stringify({ 'sseInspector.wire.maxMiB': WIRE_MIB }));
  const workbench = useWorkbench({ name: 'wire', folder });
  let server: SseTestServer;
  let panel: FrameLocator;

  before(async () => {
    server = await SseTestServer.start();
    const c = CHUNKS;
    const pause = { delayMs: 150 };
    const steps: StreamStep[] = [c.bomCrlf, pause, c.cr, pause, c.invalid, pause, c.typo, { delayMs: 1400 }, c.burst, pause, c.unterminated, pause];
    // After the stream ends the client reconnects; 204 tells it to stop, so one connection is all.
    server.route('/lint', sequence(gzipStream(steps), reply(204)));
    const flood: StreamStep[] = [];
    for (let i = 1; i <= 40; i++) flood.push({ delayMs: 60 }, `id: f${i}\ndata: flood ${i} ${'x'.repeat(480)}\n\n`);
    server.route('/flood', sse(flood, { end: 'hang' }));
  });
  after(async () => {
    await server?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('counts the findings on the closed pane, and lists each once with its hint', async () => {
    const { page } = workbench();
    await connectFromPalette(page, server.url('/lint'));
    panel = await panelShowing(page, 'crlf one');
    // The last finding comes when the stream ends; then the client hears 204 and closes.
    await panel.locator('.sse-state', { hasText: /^Closed/ }).waitFor({ timeout: 20_000 });
    const count = Object.keys(EXPECTED).length;
    await panel.locator('.sse-wire-count', { hasText: new RegExp(`^${count}$`) }).waitFor();
    assert.equal(await panel.locator('.sse-wire-count.has-warnings').count(), 1, 'warnings colour the count');
    assert.equal(await panel.locator('.sse-wire-chunk').count(), 0, 'no chunk is drawn while the pane is closed');
    assert.match(await panel.locator('.sse-wire-summary').innerText(), /bytes as they arrived/);
    await workbench().screenshot('closed-with-count');

    await panel.locator('.sse-wire-toggle').click();
    await panel.locator('.sse-wire-toggle[aria-expanded="true"]').waitFor();
    const codes = await panel.locator('.sse-diagnostic-code').allInnerTexts();
    assert.deepEqual([...codes].sort(), Object.keys(EXPECTED).sort(), 'each code once, none other');
    for (const [code, hint] of Object.entries(EXPECTED)) {
      const item = panel.locator(`.sse-diagnostic[data-code="${code}"]`);
      assert.match(await item.locator('.sse-diagnostic-hint').innerText(), hint, `${code}'s hint`);
    }
    const message = (code: string) => panel.locator(`.sse-diagnostic[data-code="${code}"] .sse-diagnostic-message`).innerText();
    assert.match(await message('unknown-field'), /"evnet: typo".*did you mean "event"\?/);
    assert.match(await message('invalid-retry'), /"retry: soon"/);
    assert.match(await message('charset-not-utf8'), /charset=ISO-8859-1/);
    assert.match(await message('compressed-stream'), /gzip/);
  });

  it('draws each chunk with its size, its line endings, the BOM and the invalid byte', async () => {
    for (const [name, bytes] of Object.entries(CHUNKS)) {
      const text = FIND[name as keyof typeof CHUNKS];
      const chunk = chunkWith(panel, text);
      await chunk.waitFor();
      assert.equal(await chunk.count(), 1, `one chunk reads "${text}"`);
      // Decompressed, each chunk is the bytes of one write: its size says so.
      assert.equal((await chunk.locator('.sse-wire-size').innerText()).trim(), formatBytes(bytes.length), `${name}: size`);
    }
    const marks = async (name: keyof typeof CHUNKS, text: string) => {
      const chunk = chunkWith(panel, text);
      const n = (cls: string) => chunk.locator(`.sse-wire-${cls}`).count();
      return { bom: await n('bom'), crlf: await n('crlf'), cr: await n('cr'), lf: await n('lf'), invalid: await chunk.locator('.sse-wire-invalid').allInnerTexts(), name };
    };
    assert.deepEqual(await marks('bomCrlf', 'crlf one'), { bom: 1, crlf: 4, cr: 0, lf: 0, invalid: [], name: 'bomCrlf' });
    assert.deepEqual(await marks('cr', 'cr two'), { bom: 0, crlf: 0, cr: 3, lf: 0, invalid: [], name: 'cr' });
    assert.deepEqual(await marks('invalid', 'data: bad'), { bom: 0, crlf: 0, cr: 0, lf: 2, invalid: ['FF'], name: 'invalid' });
    assert.deepEqual(await marks('burst', 'burst 12'), { bom: 0, crlf: 0, cr: 0, lf: 24, invalid: [], name: 'burst' });
    // The chunk after the silence says how long it was: the time between the two chunks' arrivals
    // as shown, and over the silence that makes a burst suspicious. (The server waits 1.4 s; the
    // client can see less when the chunk before arrived late on a busy machine.)
    const clock = async (text: string) => {
      const [h, m, sec] = (await chunkWith(panel, text).locator('.sse-wire-time').innerText()).trim().split(':').map(Number);
      return ((h * 60 + m) * 60 + sec) * 1000;
    };
    const gap = Number(/\+(\d+) ms/.exec(await chunkWith(panel, 'burst 1').locator('.sse-wire-gap').innerText())?.[1]);
    assert.ok(Math.abs(gap - ((await clock('burst 1')) - (await clock('evnet')))) <= 1, `the gap (${gap} ms) is the time between the two chunks`);
    assert.ok(gap > BURST_GAP_MS, `the burst's gap is the silence before it: ${gap} ms`);
    // The invalid byte reached the row as U+FFFD.
    assert.ok((await visibleRows(panel)).some((r) => r.data === 'bad \uFFFD byte'), 'the row shows U+FFFD');
    await chunkWith(panel, 'cr two').scrollIntoViewIfNeeded();
    await workbench().screenshot('chunks-and-findings');
  });

  it('links a chunk to its rows, and a selected row back to its chunk', async () => {
    const rows = await visibleRows(panel);
    const tock = rows.find((r) => r.type === 'tock');
    const tick = rows.find((r) => r.type === 'tick');
    assert.ok(tock && tick, `tick and tock rows: ${JSON.stringify(rows.map((r) => r.type))}`);
    // The CR chunk completed the "tock" event: its link selects that row and shows its data.
    const link = chunkWith(panel, 'cr two').locator('.sse-wire-rec');
    assert.deepEqual(await link.allInnerTexts(), [`#${tock.seq} tock`]);
    await link.click();
    await panel.locator(`.sse-row[data-seq="${tock.seq}"][aria-selected="true"]`).waitFor();
    await panel.locator('.sse-detail', { hasText: 'cr two' }).waitFor();
    await chunkWith(panel, 'cr two').and(panel.locator('.is-linked')).waitFor();
    // Selecting another row moves the highlight to the chunk its bytes came in.
    await panel.locator(`.sse-row[data-seq="${tick.seq}"]`).click();
    await chunkWith(panel, 'crlf one').and(panel.locator('.is-linked')).waitFor();
    assert.equal(await panel.locator('.sse-wire-chunk.is-linked').count(), 1);
    await workbench().screenshot('row-to-chunk');
    const burst = chunkWith(panel, 'burst 12').locator('.sse-wire-rec');
    assert.ok((await burst.count()) >= 1, 'the burst chunk links to the events it completed');
    assert.match(await burst.first().innerText(), /^#\d+ message$/);
  });

  it('keeps only the newest bytes the setting allows, and draws nothing once closed', async () => {
    const { page } = workbench();
    await connectFromPalette(page, server.url('/flood'));
    const flood = await panelShowing(page, 'flood 1 ');
    await flood.locator('.sse-wire-toggle').click();
    // A clean stream: no finding.
    await flood.locator('.sse-diagnostic-none').waitFor();
    const note = await waitUntil('older chunks let go', () => flood.locator('.sse-wire-note').innerText(), (text) => /older let go/.test(text), 20_000);
    assert.match(note, new RegExp(`newest ${formatBytes(WIRE_BYTES).replace('.', '\\.')} kept`));
    await flood.locator('.sse-wire-bytes', { hasText: 'flood 40 ' }).waitFor({ timeout: 20_000 });
    // The rows drawn are the chunks kept (rows of chunks let go leave the page), within the bound.
    const drawn = await flood.locator('.sse-wire-chunk').count();
    const kept = Number(/^(\d+) chunk/.exec(await flood.locator('.sse-wire-note').innerText())?.[1]);
    assert.equal(drawn, kept, 'the chunks drawn are the chunks kept');
    const chunkBytes = Buffer.byteLength(`id: f40\ndata: flood 40 ${'x'.repeat(480)}\n\n`);
    assert.ok(kept >= 2 && kept * chunkBytes <= WIRE_BYTES && (kept + 1) * chunkBytes > WIRE_BYTES, `the newest ${WIRE_BYTES} bytes kept: ${kept} chunks of ${chunkBytes}`);
    assert.equal(await flood.locator('.sse-wire-bytes', { hasText: 'flood 1 ' }).count(), 0, 'the oldest chunk was let go');
    await workbench().screenshot('bounded');

    await flood.locator('.sse-wire-toggle').click();
    await flood.locator('.sse-wire-toggle[aria-expanded="false"]').waitFor();
    assert.equal(await flood.locator('.sse-wire-chunk').count(), 0, 'a closed pane keeps no chunk in the page');
    assert.ok(await flood.locator('.sse-wire-body').isHidden());
    // Opened again, the host sends what it kept.
    await flood.locator('.sse-wire-toggle').click();
    await flood.locator('.sse-wire-bytes', { hasText: 'flood 40 ' }).waitFor();
    await workbench().screenshot('reopened');
  });
});
