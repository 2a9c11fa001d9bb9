// The thinnest end-to-end check of the real product, in a real workbench: F1 -> "SSE Inspector:
// Connect…" finds the command (package.json and activation agree), its URL prompt takes the URL
// of a local SSE endpoint, and a panel opens that shows the events that endpoint sends.
import { SseTestServer, sse } from '../support/sseServer';
import { connectFromPalette, useWorkbench, webviewFrame } from './support';

/** Unique enough that finding it in the panel proves the event came through. */
const EVENT_DATA = 'smoke-test-event-7f3a';

describe('workbench smoke', function () {
  this.timeout(60_000);
  const workbench = useWorkbench({ name: 'smoke' });
  let server: SseTestServer;

  before(async () => {
    server = await SseTestServer.start();
    server.route('/events', sse([`event: greeting\ndata: ${EVENT_DATA}\n\n`], { end: 'hang' }));
  });
  after(async () => {
    await server?.close();
  });

  it('connects with "SSE Inspector: Connect…" and shows the stream in a panel', async () => {
    const { page } = workbench();
    const url = server.url('/events');
    await connectFromPalette(page, url);
    // The panel's own DOM is the webview's business: only look for the event's data in it.
    await webviewFrame(page).locator('body', { hasText: EVENT_DATA }).waitFor({ timeout: 20_000 });
    await workbench().screenshot('connected');
  });
});
