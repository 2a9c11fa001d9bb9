// The one-off request steps of Connect… (method, headers, body, Last-Event-ID) in a real VS Code
// host: the answers become the request the server receives, with the credential masked in the panel.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { askRequestDetails } from '../../src/connect/requestDetails';
import type { InspectorPanel } from '../../src/panel/inspectorPanel';
import { sse, SseTestServer } from '../support/sseServer';
import { activateExtension, answerPrompts, closeAllEditors, waitFor } from './support/extension';

describe('Connect… with method, headers and body', () => {
  let server: SseTestServer;

  before(async () => {
    await activateExtension();
  });
  beforeEach(async () => {
    server = await SseTestServer.start();
    server.route('/v1/chat', sse(['data: {"choices":[{"delta":{"content":"Hi"}}]}\n\n', 'data: [DONE]\n\n'], { end: 'hang' }));
  });
  afterEach(async () => {
    await closeAllEditors();
    await server.close();
  });

  it('sends what the steps were answered with', async () => {
    const url = server.url('/v1/chat');
    const answers = [url, 'Authorization: Bearer step-s3cret', 'X-Trace: t-1', '', '{"stream":true}', '41'];
    const inputs = answerPrompts('showInputBox', () => answers.shift());
    const method = answerPrompts('showQuickPick', () => 'POST');
    let details: Awaited<ReturnType<typeof askRequestDetails>>;
    try {
      details = await askRequestDetails(url);
    } finally {
      inputs.restore();
      method.restore();
    }
    assert.ok(details, 'cancelled');
    assert.equal(inputs.calls.length, 6, 'URL, three header prompts, body, Last-Event-ID');
    const panel = await vscode.commands.executeCommand<InspectorPanel>('sseInspector.connect', details);
    assert.ok(panel);
    await waitFor('two chunks', () => panel.session.snapshotStats().events === 2);
    const [request] = server.requests('/v1/chat');
    assert.equal(request.method, 'POST');
    assert.equal(request.body, '{"stream":true}');
    assert.equal(request.headers.authorization, 'Bearer step-s3cret');
    assert.equal(request.headers['x-trace'], 't-1');
    assert.equal(request.headers['content-type'], 'application/json', 'JSON bodies get a Content-Type');
    assert.equal(request.headers['last-event-id'], '41');
    assert.equal(panel.session.info.requestHeaders.Authorization, '••••••');
    assert.equal(panel.session.info.requestHeaders['X-Trace'], 't-1');
    const events = panel.session.log.toArray().filter((r) => r.kind === 'event');
    assert.equal(events.at(-1)?.kind === 'event' && events.at(-1)?.data, '[DONE]');
  });

  it('Escape at any step connects nothing', async () => {
    const inputs = answerPrompts('showInputBox', () => undefined);
    try {
      assert.equal(await askRequestDetails(server.url('/v1/chat')), undefined);
    } finally {
      inputs.restore();
    }
    assert.equal(server.requests().length, 0);
  });
});
