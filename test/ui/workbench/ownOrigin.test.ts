// bench:live runs the panel's webview on an origin of its own, as VS Code desktop and vscode.dev
// do, rather than on the workbench's own origin as code-server does (webviewOrigin.ts). This
// checks that arrangement still holds with the code-server we install: the webview loads from a
// *.localhost origin, Chromium renders it in a process of its own, and the panel works there.
import * as assert from 'node:assert/strict';
import { sse, SseTestServer } from '../../support/sseServer';
import { connectFromPalette, panelCounters, useWorkbench, visibleRows, waitUntil, webviewFrame } from '../support';

describe('workbench: the webview on an origin of its own (bench:live)', function () {
  this.timeout(60_000);
  const workbench = useWorkbench({ name: 'own-origin', webviewOrigin: 'own' });
  let server: SseTestServer;

  before(async () => {
    server = await SseTestServer.start();
    server.route('/own', sse(['event: greeting\ndata: one\n\n', { delayMs: 200 }, 'event: greeting\ndata: two\n\n'], { end: 'hang' }));
  });
  after(async () => {
    await server?.close();
  });

  it('loads the panel from its own origin, in its own renderer, and shows the stream there', async () => {
    const { page, server: codeServer } = workbench();
    await connectFromPalette(page, server.url('/own'));
    const panel = webviewFrame(page);
    await waitUntil('both events counted', () => panelCounters(panel), (c) => c.events === 2);
    const rows = await visibleRows(panel);
    assert.deepEqual(
      rows.filter((r) => r.kind === 'event').map((r) => r.data),
      ['one', 'two'],
    );

    const { port } = new URL(codeServer.origin);
    const webviewOrigins = page.frames().map((f) => new URL(f.url()).origin).filter((o) => o.endsWith(`.localhost:${port}`));
    assert.ok(webviewOrigins.length >= 1, `a frame on a *.localhost origin; frames: ${page.frames().map((f) => f.url().slice(0, 80)).join(', ')}`);
    // Chromium lists an out-of-process iframe as a target of its own.
    const cdp = await page.context().newCDPSession(page);
    const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: Array<{ type: string; url: string }> };
    await cdp.detach();
    assert.ok(
      targetInfos.some((t) => t.type === 'iframe' && webviewOrigins.includes(new URL(t.url).origin)),
      `the webview is a target of its own: ${targetInfos.map((t) => t.type).join(', ')}`,
    );
  });
});
