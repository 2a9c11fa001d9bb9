// .http files in a real VS Code host: the "Inspect stream" CodeLens on each request, and running
// it opens a live panel on a 127.0.0.1 SSE server with the request as sent (secrets masked),
// while the server gets the real values. Files live in a folder inside the test workspace, so
// the .env lookup stops at the workspace folder as it would for a user.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { inspectHttpRequest } from '../../src/httpFiles/inspectHttpRequest';
import { HttpEnvironments } from '../../src/httpFiles/httpEnvironment';
import type { InspectorPanel } from '../../src/panel/inspectorPanel';
import { sse, SseTestServer } from '../support/sseServer';
import { activateExtension, answerPrompts, closeAllEditors, waitFor } from './support/extension';

const MASK = '••••••';
const TICKS = ['id: 1\ndata: {"n":1}\n\n', 'id: 2\ndata: {"n":2}\n\n'];

describe('.http files', function () {
  // Opening the first document and its lenses takes long on a busy shared machine.
  this.timeout(60_000);
  let server: SseTestServer;
  let folder: string;
  let httpFile: vscode.Uri;

  before(async () => {
    await activateExtension();
  });
  beforeEach(async () => {
    server = await SseTestServer.start();
    server.route('/events', sse(TICKS, { end: 'hang' }));
    server.route('/chat', sse(TICKS, { end: 'hang' }));
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(root, 'the suite runs with a workspace folder');
    folder = mkdtempSync(join(root, 'http-suite-'));
    mkdirSync(join(folder, 'api'));
    writeFileSync(join(folder, 'api', '.env'), 'API_KEY=sk-from-dotenv\nTENANT_TOKEN=tt-from-dotenv\n');
    writeFileSync(join(folder, 'api', 'chat.json'), '{"model":"{{model}}","stream":true}');
    const text = [
      '@base = {{origin}}',
      `@origin = ${server.origin}`,
      '@model = small',
      '',
      '### Live events',
      'GET {{base}}/events HTTP/1.1',
      'Authorization: Bearer file-token',
      'X-Tenant: acme',
      'X-Custom: {{$dotenv TENANT_TOKEN}}',
      '###',
      '# @name chat',
      'POST {{base}}/chat',
      'Content-Type: application/json',
      'X-Api-Key: {{$dotenv API_KEY}}',
      '',
      '<@ ./chat.json',
      '###',
      'GET {{base}}/events?user={{userId}}',
    ].join('\r\n');
    httpFile = vscode.Uri.file(join(folder, 'api', 'requests.http'));
    writeFileSync(httpFile.fsPath, text);
  });
  afterEach(async () => {
    await closeAllEditors();
    await server.close();
    rmSync(folder, { recursive: true, force: true });
  });

  async function lenses(): Promise<vscode.CodeLens[]> {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(httpFile));
    const all = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', httpFile)) ?? [];
    return all.filter((lens) => lens.command?.command === 'sseInspector.inspectHttpRequest');
  }

  async function runLens(lens: vscode.CodeLens): Promise<InspectorPanel | undefined> {
    assert.ok(lens.command);
    return vscode.commands.executeCommand<InspectorPanel | undefined>(lens.command.command, ...(lens.command.arguments ?? []));
  }

  it('shows "Inspect stream" above every request of a .http file', async () => {
    const found = await lenses();
    assert.deepEqual(found.map((l) => l.range.start.line), [5, 11, 17]);
    for (const lens of found) assert.match(lens.command?.title ?? '', /Inspect stream/);
    assert.match(found[0].command?.tooltip ?? '', /GET \{\{base\}\}\/events/);
  });

  it('the lens opens a live panel with the request as sent: secrets masked there, real values on the wire', async () => {
    const [first] = await lenses();
    const panel = await runLens(first);
    assert.ok(panel, 'no panel opened');
    await waitFor('2 events', () => panel.session.snapshotStats().events === 2);
    const info = panel.session.info;
    assert.equal(info.method, 'GET');
    assert.equal(info.url, server.url('/events'));
    assert.equal(info.requestHeaders.Authorization, MASK);
    assert.equal(info.requestHeaders['X-Custom'], MASK, 'a value from .env is masked');
    assert.equal(info.requestHeaders['X-Tenant'], 'acme');
    const shown = JSON.stringify(panel.session.log.toArray());
    assert.ok(!shown.includes('file-token') && !shown.includes('tt-from-dotenv'), 'no secret in the records');
    const [request] = server.requests('/events');
    assert.equal(request.headers.authorization, 'Bearer file-token');
    assert.equal(request.headers['x-custom'], 'tt-from-dotenv');
    assert.equal(request.headers['x-tenant'], 'acme');
    await waitFor('the panel tab', () => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return input instanceof vscode.TabInputWebview && input.viewType.endsWith('sseInspector.panel');
    });

    const curl = await vscode.commands.executeCommand<string | undefined>('sseInspector.copyAsCurl');
    assert.ok(curl, 'Copy as curl returned nothing');
    assert.equal(await vscode.env.clipboard.readText(), curl);
    assert.match(curl, /^curl -N /);
    assert.ok(curl.includes(`"$AUTHORIZATION"`) && curl.includes(`"$X_CUSTOM"`), curl);
    assert.ok(curl.includes(`'X-Tenant: acme'`), curl);
    assert.ok(!curl.includes('file-token') && !curl.includes('tt-from-dotenv'), curl);
  });

  it('the command at the cursor sends a POST with its body read from the file next to it', async () => {
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(httpFile));
    const cursor = new vscode.Position(13, 3);
    editor.selection = new vscode.Selection(cursor, cursor);
    const panel = await vscode.commands.executeCommand<InspectorPanel | undefined>('sseInspector.inspectHttpRequest');
    assert.ok(panel);
    const [request] = await server.waitForRequests('/chat', 1);
    assert.equal(request.method, 'POST');
    assert.equal(request.body, '{"model":"small","stream":true}');
    assert.equal(request.headers['x-api-key'], 'sk-from-dotenv');
    await waitFor('the request as sent', () => panel.session.info.method === 'POST');
    assert.equal(panel.session.info.requestHeaders['X-Api-Key'], MASK);
  });

  it('Save as Profile… keeps a .env value out of settings and SecretStorage: the profile asks for it', async () => {
    const profiles = () => vscode.workspace.getConfiguration('sseInspector');
    const panel = await runLens((await lenses())[0]);
    assert.ok(panel);
    await waitFor('open', () => panel.session.snapshotStats().phase === 'open');
    const named = answerPrompts('showInputBox', () => 'http-suite-profile');
    const told = answerPrompts('showInformationMessage', () => undefined);
    try {
      await vscode.commands.executeCommand('sseInspector.saveProfile');
    } finally {
      named.restore();
      told.restore();
    }
    try {
      assert.match(String(told.calls[0]?.[0]), /Authorization kept in SecretStorage\. X-Custom came from a \.env file and is not stored/);
      const saved = JSON.stringify(profiles().inspect('profiles'));
      assert.ok(saved.includes('http-suite-profile') && saved.includes('X-Tenant'), saved);
      assert.ok(!saved.includes('tt-from-dotenv') && !saved.includes('file-token'), saved);
      // Connecting asks only for the withheld value: Authorization comes from SecretStorage.
      const asked = answerPrompts('showInputBox', () => 'typed-at-connect');
      try {
        const again = await vscode.commands.executeCommand<InspectorPanel>('sseInspector.connectProfile', 'http-suite-profile');
        assert.ok(again);
      } finally {
        asked.restore();
      }
      assert.equal(asked.calls.length, 1);
      assert.match(JSON.stringify(asked.calls[0]), /X-Custom/);
      const [, second] = await server.waitForRequests('/events', 2);
      assert.equal(second.headers['x-custom'], 'typed-at-connect');
      assert.equal(second.headers.authorization, 'Bearer file-token');
    } finally {
      await vscode.commands.executeCommand('sseInspector.forgetProfileSecrets', 'http-suite-profile');
      await profiles().update('profiles', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('an unresolved variable is an error naming it, and nothing is sent', async () => {
    const errors = answerPrompts('showErrorMessage', () => undefined);
    try {
      const third = (await lenses())[2];
      const panel = await runLens(third);
      assert.equal(panel, undefined);
      assert.equal(errors.calls.length, 1);
      assert.match(String(errors.calls[0][0]), /\{\{userId\}\} is not defined/);
      assert.equal(server.requests().length, 0);
    } finally {
      errors.restore();
    }
  });

  it('in an untrusted workspace nothing is sent and the user is told how to trust it', async () => {
    const warnings = answerPrompts('showWarningMessage', () => undefined);
    try {
      const panel = await inspectHttpRequest(
        {
          environments: new HttpEnvironments({ get: () => undefined, update: async () => undefined, keys: () => [] } as unknown as vscode.Memento),
          connect: async () => assert.fail('an untrusted workspace must not connect'),
          isTrusted: () => false,
        },
        httpFile,
        5,
      );
      assert.equal(panel, undefined);
      assert.match(String(warnings.calls[0]?.[0]), /only in a trusted workspace/);
      assert.deepEqual(warnings.calls[0]?.slice(1), ['Manage Workspace Trust']);
      assert.equal(server.requests().length, 0);
    } finally {
      warnings.restore();
    }
  });
});
