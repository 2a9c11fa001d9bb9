// Stream checks in the real VS Code host: the Testing view's controller lists a workspace file's
// checks, "Run All Tests" runs them, a failure is reported at its expectation's line, its
// recording opens in the viewer, and "Save as Check…" writes a check the stream passes.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ChecksApi } from '../../src/checks';
import type { InspectorPanel } from '../../src/panel/inspectorPanel';
import { sse, SseTestServer } from '../support/sseServer';
import { activateExtension, closeAllEditors, waitFor } from './support/extension';

describe('Stream checks in the Testing view', function () {
  this.timeout(120_000);
  let server: SseTestServer;
  let checks: ChecksApi;
  const written: vscode.Uri[] = [];

  const folder = () => {
    const first = vscode.workspace.workspaceFolders?.[0];
    assert.ok(first, 'the suite runs with a workspace folder');
    return first.uri;
  };
  const fileItem = (uri: vscode.Uri) => checks.controller.items.get(uri.toString());
  async function write(name: string, text: string): Promise<vscode.Uri> {
    const uri = vscode.Uri.joinPath(folder(), name);
    await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
    written.push(uri);
    return uri;
  }
  /**
   * "Run All Tests", as the Testing view's button does. Under a loaded host the first call can
   * reach the test service before it has taken in the controller's new items (it then runs
   * nothing), so it is asked again, at most three times, until every check reported.
   */
  async function runAll(ids: string[]): Promise<void> {
    const before = new Map(ids.map((id) => [id, checks.reports.get(id)]));
    const reported = () => ids.every((id) => checks.reports.get(id) !== undefined && checks.reports.get(id) !== before.get(id));
    for (let attempt = 1; attempt <= 3 && !reported(); attempt++) {
      await vscode.commands.executeCommand('testing.runAll');
      const deadline = Date.now() + 15_000;
      while (!reported() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      if (!reported()) console.log(`[sse-suite] testing.runAll attempt ${attempt}: no report yet`);
    }
    assert.ok(reported(), 'the checks never reported');
  }

  before(async () => {
    checks = (await activateExtension()).checks;
    await checks.ready;
  });
  beforeEach(async () => {
    server = await SseTestServer.start();
    server.route('/feed', sse(['id: 1\nevent: hello\ndata: {"n":1}\n\n', 'id: 2\nevent: tick\ndata: {"n":2}\n\n'], { end: 'close' }));
  });
  afterEach(async () => {
    await closeAllEditors();
    for (const uri of written.splice(0)) await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
    await server.close();
  });

  it('lists the checks of a workspace file, runs them, and shows the failure at its line', async () => {
    const uri = await write(
      'feed.ssecheck.yaml',
      [
        'checks:',
        '  - name: feed greets first',
        `    request: { url: "${server.url('/feed')}" }`,
        '    expect:',
        '      status: 200',
        '      events: [ { type: hello, count: 1 }, { type: tick } ]',
        '  - name: feed sends three ticks',
        `    request: { url: "${server.url('/feed')}" }`,
        '    expect:',
        '      events:',
        '        - type: hello',
        '        - type: tick',
        '          count: 3',
        '  - name: uses a profile nobody saved',
        '    request:',
        '      profile: no-such-profile',
      ].join('\n'),
    );
    await waitFor('the file in the Testing view', () => (fileItem(uri)?.children.size ?? 0) === 3, 15_000);
    const ids = [`${uri.toString()}#feed greets first`, `${uri.toString()}#feed sends three ticks`, `${uri.toString()}#uses a profile nobody saved`];
    const failing = fileItem(uri)!.children.get(ids[1])!;
    assert.equal(failing.range?.start.line, 6, 'the gutter icon sits on the check\'s line');

    await runAll(ids);
    assert.equal(checks.reports.get(ids[0])?.outcome, 'passed');
    const report = checks.reports.get(ids[1])!;
    assert.equal(report.outcome, 'failed');
    assert.equal(report.messages.length, 1);
    assert.equal(report.messages[0].line, 13, 'at the "count: 3" line');
    assert.match(report.messages[0].text, /^expect\.events\[1\]\.count: expected exactly 3 "tick" events, got 1 before the stream stopped \(the server ended it\)/);
    assert.ok(report.recording, 'the run kept a recording');

    const unknownProfile = checks.reports.get(ids[2])!;
    assert.equal(unknownProfile.outcome, 'error');
    assert.equal(unknownProfile.messages[0].line, 16, 'at the "profile:" line');
    assert.match(unknownProfile.messages[0].text, /no profile named "no-such-profile"/);

    const panel = await vscode.commands.executeCommand<InspectorPanel>('sseInspector.openCheckRecording', { test: failing });
    assert.ok(panel, 'the recording opens in the viewer');
    assert.equal(panel.session.info.mode, 'recording');
    assert.equal(panel.session.snapshotStats().events, 2);
  });

  it('in an untrusted workspace a check sends no request and says how to trust the folder', async () => {
    // The suite's settings turn Workspace Trust off (every folder is trusted), so the one flag the
    // runner reads is made to say "untrusted" here, as it does for a freshly cloned repository.
    const original = Object.getOwnPropertyDescriptor(vscode.workspace, 'isTrusted');
    Object.defineProperty(vscode.workspace, 'isTrusted', { get: () => false, configurable: true });
    try {
      assert.equal(vscode.workspace.isTrusted, false);
      const uri = await write('cloned.ssecheck.yaml', `checks:\n  - name: from a cloned repo\n    request: { url: "${server.url('/feed')}" }\n`);
      await waitFor('the check in the Testing view', () => (fileItem(uri)?.children.size ?? 0) === 1, 15_000);
      const id = `${uri.toString()}#from a cloned repo`;
      await runAll([id]);
      const report = checks.reports.get(id)!;
      assert.equal(report.outcome, 'error');
      assert.match(report.messages[0].text, /run only in a trusted workspace.*Manage Workspace Trust/);
      assert.equal(server.requests().length, 0, 'no request was sent');
    } finally {
      if (original) Object.defineProperty(vscode.workspace, 'isTrusted', original);
      else delete (vscode.workspace as { isTrusted?: boolean }).isTrusted;
    }
  });

  it('an invalid file shows its problem at its line instead of running', async () => {
    const uri = await write('broken.ssecheck.yaml', `checks:\n  - name: x\n    request: { url: "${server.url('/feed')}" }\n    expect:\n      statuss: 200\n`);
    await waitFor('the file item', () => fileItem(uri) !== undefined, 15_000);
    await waitFor('its error', () => fileItem(uri)?.error !== undefined);
    const error = fileItem(uri)!.error;
    assert.match(typeof error === 'string' ? error : String(error?.value), /line 5: unknown key "statuss"/);
    const diagnostics = vscode.languages.getDiagnostics(uri);
    assert.equal(diagnostics[0]?.range.start.line, 4);
  });

  it('Save as Check… writes a check that the panel\'s stream passes', async () => {
    const panel = await vscode.commands.executeCommand<InspectorPanel>('sseInspector.connect', server.url('/feed'));
    assert.ok(panel);
    await waitFor('two events', () => panel.session.snapshotStats().events === 2);
    panel.session.disconnect();
    const target = vscode.Uri.joinPath(folder(), 'saved.ssecheck.yaml');
    written.push(target);
    const saved = await vscode.commands.executeCommand<vscode.Uri>('sseInspector.saveAsCheck', target);
    assert.equal(saved?.toString(), target.toString());
    await waitFor('the saved check in the Testing view', () => (fileItem(target)?.children.size ?? 0) === 1, 15_000);
    let id = '';
    fileItem(target)!.children.forEach((item) => (id = item.id));
    await runAll([id]);
    assert.deepEqual(checks.reports.get(id)?.messages, []);
    assert.equal(checks.reports.get(id)?.outcome, 'passed');
  });
});
