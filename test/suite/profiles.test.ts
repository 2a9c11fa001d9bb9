// Connection profiles in a real VS Code host: the secret header value is asked for once, kept in
// SecretStorage, sent to the server, and never written to settings.json.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { InspectorPanel } from '../../src/panel/inspectorPanel';
import { sse, SseTestServer } from '../support/sseServer';
import { activateExtension, answerPrompts, closeAllEditors, waitFor } from './support/extension';

const SECRET = 'Bearer suite-s3cret';

describe('Connection profiles', () => {
  let server: SseTestServer;
  const config = () => vscode.workspace.getConfiguration('sseInspector');

  before(async () => {
    await activateExtension();
  });
  beforeEach(async () => {
    server = await SseTestServer.start();
    server.route('/chat', sse(['data: {"choices":[{"delta":{"content":"hi"}}]}\n\n', 'data: [DONE]\n\n'], { end: 'hang' }));
  });
  afterEach(async () => {
    await closeAllEditors();
    await config().update('profiles', undefined, vscode.ConfigurationTarget.Global);
    await server.close();
  });

  it('connects through a profile, asking for the secret once and keeping it out of settings', async () => {
    await config().update(
      'profiles',
      [{ name: 'suite-llm', url: server.url('/chat'), method: 'POST', body: '{"stream":true}', headers: { 'Content-Type': 'application/json' }, secretHeaders: ['Authorization'] }],
      vscode.ConfigurationTarget.Global,
    );
    const asked = answerPrompts('showInputBox', () => SECRET);
    let panel: InspectorPanel | undefined;
    try {
      panel = await vscode.commands.executeCommand<InspectorPanel>('sseInspector.connectProfile', 'suite-llm');
    } finally {
      asked.restore();
    }
    assert.ok(panel, 'no panel');
    assert.equal(asked.calls.length, 1, 'the secret is asked for once');
    await waitFor('two chunks', () => panel!.session.snapshotStats().events === 2);
    const [request] = server.requests('/chat');
    assert.equal(request.method, 'POST');
    assert.equal(request.body, '{"stream":true}');
    assert.equal(request.headers.authorization, SECRET);
    assert.equal(panel.session.info.profileName, 'suite-llm');
    assert.equal(panel.session.info.requestHeaders.Authorization, '••••••', 'the panel shows the secret masked');

    // The second time the secret comes from SecretStorage: no prompt.
    const again = answerPrompts('showInputBox', () => assert.fail('asked for the secret twice'));
    try {
      const second = await vscode.commands.executeCommand<InspectorPanel>('sseInspector.connectProfile', 'suite-llm');
      assert.ok(second);
    } finally {
      again.restore();
    }
    await server.waitForRequests('/chat', 2);
    assert.equal(server.requests('/chat')[1].headers.authorization, SECRET);
    assert.ok(!JSON.stringify(config().inspect('profiles')).includes('suite-s3cret'));

    // An expired token: forget it, and the next connect asks again and sends the new one.
    const forgot = answerPrompts('showInformationMessage', () => undefined);
    try {
      await vscode.commands.executeCommand('sseInspector.forgetProfileSecrets', 'suite-llm');
    } finally {
      forgot.restore();
    }
    assert.match(String(forgot.calls[0]?.[0]), /Forgot the stored Authorization of profile "suite-llm"/);
    const renewed = answerPrompts('showInputBox', () => 'Bearer renewed');
    try {
      await vscode.commands.executeCommand('sseInspector.connectProfile', 'suite-llm');
    } finally {
      renewed.restore();
    }
    assert.equal(renewed.calls.length, 1, 'asked again after forgetting');
    await server.waitForRequests('/chat', 3);
    assert.equal(server.requests('/chat')[2].headers.authorization, 'Bearer renewed');
  });

  it('Save Connection as Profile… writes the plain parts to settings and the secret elsewhere', async () => {
    const panel = await vscode.commands.executeCommand<InspectorPanel>('sseInspector.connect', {
      url: server.url('/chat'),
      method: 'POST',
      body: '{}',
      headers: { Authorization: SECRET, 'X-Team': 'core' },
    });
    assert.ok(panel);
    await waitFor('open', () => panel.session.snapshotStats().phase === 'open');
    // The user forces a Message format in the panel's picker (what its `llmFormat` message does).
    panel.llm.reset(panel.session.log.toArray(), 'openai-chat');
    const named = answerPrompts('showInputBox', () => 'saved-from-panel');
    const info = answerPrompts('showInformationMessage', () => undefined);
    try {
      await vscode.commands.executeCommand('sseInspector.saveProfile');
    } finally {
      named.restore();
      info.restore();
    }
    const saved = config().get<Array<Record<string, unknown>>>('profiles', []);
    const profile = saved.find((p) => p.name === 'saved-from-panel');
    assert.ok(profile, JSON.stringify(saved));
    assert.deepEqual(profile.headers, { 'X-Team': 'core' });
    assert.deepEqual(profile.secretHeaders, ['Authorization']);
    assert.equal(profile.llmFormat, 'openai-chat', 'the forced Message format is saved');
    assert.ok(!JSON.stringify(config().inspect('profiles')).includes('suite-s3cret'));
    assert.match(String(info.calls[0]?.[0]), /SecretStorage/);

    // Connecting through it sends the secret without asking: it is in SecretStorage now.
    const noPrompt = answerPrompts('showInputBox', () => assert.fail('asked for a stored secret'));
    let again: InspectorPanel | undefined;
    try {
      again = await vscode.commands.executeCommand<InspectorPanel>('sseInspector.connectProfile', 'saved-from-panel');
    } finally {
      noPrompt.restore();
    }
    const requests = await server.waitForRequests('/chat', 2);
    assert.equal(requests[1].headers.authorization, SECRET);
    assert.equal(again?.llm.format, 'openai-chat', 'the profile forces the format again');
  });
});
