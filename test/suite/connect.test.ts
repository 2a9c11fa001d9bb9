// Connect…, Disconnect and closing a panel, in a real VS Code extension host against a real
// SSE server on 127.0.0.1 (started inside the host by the test).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SseInspectorApi } from '../../src/extension';
import type { InspectorPanel } from '../../src/panel/inspectorPanel';
import { sse, SseTestServer } from '../support/sseServer';
import { activateExtension, answerPrompts, closeAllEditors, waitFor } from './support/extension';

const TICKS = Array.from({ length: 5 }, (_, i) => `event: tick\nid: ${i + 1}\ndata: {"n":${i + 1}}\n\n`);

describe('Connect and watch', () => {
  let api: SseInspectorApi;
  let server: SseTestServer;

  before(async () => {
    api = await activateExtension();
  });
  beforeEach(async () => {
    server = await SseTestServer.start();
    server.route('/events', sse([...TICKS, ': heartbeat\n\n'], { end: 'hang' }));
  });
  afterEach(async () => {
    await closeAllEditors();
    await server.close();
  });

  async function connect(url: string): Promise<InspectorPanel | undefined> {
    return vscode.commands.executeCommand<InspectorPanel | undefined>('sseInspector.connect', url);
  }

  it('opens a panel titled by host and path that receives the events', async () => {
    const before = api.panels().length;
    const panel = await connect(server.url('/events'));
    assert.ok(panel, 'Connect returned no panel');
    assert.equal(api.panels().length, before + 1);
    assert.equal(panel.panel.title, `SSE ${new URL(server.origin).host}/events`);
    await waitFor('5 events', () => panel.session.snapshotStats().events === 5);
    const events = panel.session.log.toArray().filter((r) => r.kind === 'event');
    assert.deepEqual(events.map((e) => e.kind === 'event' && e.id), ['1', '2', '3', '4', '5']);
    assert.equal(panel.session.snapshotStats().phase, 'open');
    const [request] = server.requests('/events');
    assert.equal(request.headers.accept, 'text/event-stream');
    await waitFor('the panel tab', () => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return input instanceof vscode.TabInputWebview && input.viewType.endsWith('sseInspector.panel');
    });
  });

  it('Disconnect closes the socket and keeps the events', async () => {
    const panel = await connect(server.url('/events'));
    assert.ok(panel);
    await waitFor('events', () => panel.session.snapshotStats().events === 5);
    assert.equal(server.openSockets, 1);
    await vscode.commands.executeCommand('sseInspector.disconnect');
    await server.waitForNoSockets(5000);
    assert.equal(panel.session.snapshotStats().phase, 'closed');
    assert.equal(panel.session.snapshotStats().events, 5);
  });

  it('Reconnect sends Last-Event-ID', async () => {
    const panel = await connect(server.url('/events'));
    assert.ok(panel);
    await waitFor('events', () => panel.session.snapshotStats().events === 5);
    await vscode.commands.executeCommand('sseInspector.reconnect');
    const requests = await server.waitForRequests('/events', 2);
    assert.equal(requests[1].headers['last-event-id'], '5');
  });

  it('closing the panel stops the connection', async () => {
    const panel = await connect(server.url('/events'));
    assert.ok(panel);
    await waitFor('open', () => panel.session.snapshotStats().phase === 'open');
    panel.panel.dispose();
    await server.waitForNoSockets(5000);
    assert.ok(!api.panels().includes(panel));
  });

  it('runs several panels at once', async () => {
    server.route('/other', sse(['event: other\ndata: x\n\n'], { end: 'hang' }));
    const a = await connect(server.url('/events'));
    const b = await connect(server.url('/other'));
    assert.ok(a && b && a !== b);
    await waitFor('both streams', () => a.session.snapshotStats().events === 5 && b.session.snapshotStats().events === 1);
    assert.equal(server.openSockets, 2);
  });

  it('a bad URL gives an error message and no panel', async () => {
    const errors = answerPrompts('showErrorMessage', () => undefined);
    try {
      const before = api.panels().length;
      const panel = await connect('ftp://127.0.0.1/events');
      assert.equal(panel, undefined);
      assert.equal(api.panels().length, before);
      assert.equal(errors.calls.length, 1);
      assert.match(String(errors.calls[0][0]), /Only http and https/);
    } finally {
      errors.restore();
    }
  });

  it('a refused connection and a 404 show in the panel with what to check', async () => {
    server.route('/missing', (_req, res) => {
      res.writeHead(404, { 'Content-Type': 'text/html' });
      res.end('<h1>Not Found</h1>');
    });
    const notFound = await connect(server.url('/missing'));
    assert.ok(notFound);
    await waitFor('closed', () => notFound.session.snapshotStats().phase === 'closed');
    const failure = notFound.session.snapshotStats().lastFailure;
    assert.equal(failure?.status, 404);
    assert.match(failure?.bodyPreview ?? '', /Not Found/);
    assert.ok(failure?.hint, 'a 404 comes with a hint');

    // A port nothing listens on: this server's, once closed.
    const closed = await SseTestServer.start();
    const deadUrl = closed.url('/events');
    await closed.close();
    const refused = await connect(deadUrl);
    assert.ok(refused);
    await waitFor('a refused error', () => refused.session.snapshotStats().lastFailure?.code === 'ECONNREFUSED');
    assert.match(refused.session.snapshotStats().lastFailure?.hint ?? '', /running/i);
  });
});
