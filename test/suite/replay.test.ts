/**
 * Serve Recording… in a real VS Code extension host: a recording file served from the
 * extension host, a panel connected to it receives its events, the status bar counts the
 * client, and Stop closes the port. Also the panel's own recording, and New SSE Controller
 * from Recording… registering the controller in the nearest module.
 */
import * as assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as vscode from 'vscode';
import type { InspectorPanel } from '../../src/panel/inspectorPanel';
import { planRecording } from '../../src/core/replay/loadRecording';
import { ReplayServers, type RunningReplay } from '../../src/replay/replayServers';
import { activateExtension, answerPrompts, closeAllEditors, waitFor } from './support/extension';

const fixture = resolve(__dirname, '../../../test/fixtures/nest-workspace');

/** True when something accepts TCP connections on 127.0.0.1:port. */
function portOpen(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), done(true)));
    socket.once('error', () => done(false));
  });
}

const line = (record: object) => `${JSON.stringify(record)}\n`;
const RECORDING =
  line({ seq: 1, time: 1000, kind: 'open', url: 'http://live/', status: 200, statusText: 'OK', headers: {}, redirected: false }) +
  line({ seq: 2, time: 1010, kind: 'event', type: 'greet', data: 'hello', lastEventId: '1', id: '1', size: 5 }) +
  line({ seq: 3, time: 1020, kind: 'comment', text: 'ping' }) +
  line({ seq: 4, time: 1030, kind: 'event', type: 'message', data: 'two\nlines', lastEventId: '2', id: '2', size: 9 });

describe('Serve Recording', function () {
  this.timeout(30000);
  let dir: string;
  before(async () => {
    await activateExtension();
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sse-serve-suite-'));
  });
  afterEach(async () => {
    await closeAllEditors();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves a file, a panel connects and gets its events, the status bar counts it, Stop closes the port', async () => {
    const file = vscode.Uri.file(join(dir, 'run.ndjson'));
    writeFileSync(file.fsPath, RECORDING);
    const info = answerPrompts('showInformationMessage', () => undefined);
    let replay: RunningReplay | undefined;
    try {
      replay = await vscode.commands.executeCommand<RunningReplay>('sseInspector.serveRecording', file, { loop: true });
    } finally {
      info.restore();
    }
    assert.ok(replay, 'no server');
    assert.match(replay.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.match(String(info.calls[0]?.[0]), /Serving 2 events of .*run\.ndjson at http:\/\/127\.0\.0\.1/);
    assert.deepEqual(info.calls[0]?.slice(1), ['Copy URL', 'Connect a Panel', 'Stop']);
    const port = Number(new URL(replay.url).port);
    assert.equal(await portOpen(port), true);

    const panel = await vscode.commands.executeCommand<InspectorPanel>('sseInspector.connect', replay.url);
    assert.ok(panel);
    await waitFor('two events in the panel', () => panel.session.snapshotStats().events >= 2);
    const events = panel.session.log.toArray().filter((r) => r.kind === 'event');
    assert.deepEqual(events.slice(0, 2).map((e) => e.kind === 'event' && [e.type, e.lastEventId, e.data]), [['greet', '1', 'hello'], ['message', '2', 'two\nlines']]);
    await waitFor('one client counted', () => replay!.server.clients === 1);

    assert.equal(await vscode.commands.executeCommand('sseInspector.stopServing', replay.url), true);
    assert.equal(await portOpen(port), false, 'the port is still open after Stop');
    panel.session.disconnect();
  });

  it('disposing (what closing the window or disabling the extension does) closes every port', async () => {
    const servers = new ReplayServers();
    const recording = planRecording('inline', [{ seq: 1, time: 0, kind: 'event', type: 'message', data: 'x', lastEventId: '', size: 1 }]);
    const ports: number[] = [];
    for (let i = 0; i < 2; i++) ports.push(Number(new URL((await servers.start(recording, `r${i}`, { loop: true })).url).port));
    const client = fetch(`http://127.0.0.1:${ports[0]}/`).then((r) => r.text()).catch(() => 'cut');
    await waitFor('a client', () => servers.all[0].server.clients === 1);
    servers.dispose();
    await waitFor('both ports closed', async () => !(await portOpen(ports[0])) && !(await portOpen(ports[1])));
    assert.equal(await client, 'cut', 'the looping stream was not cut');
  });

  it("serves the active panel's recording, and refuses a file that is not a recording", async () => {
    const file = vscode.Uri.file(join(dir, 'opened.ndjson'));
    writeFileSync(file.fsPath, RECORDING);
    const recording = await vscode.commands.executeCommand<InspectorPanel>('sseInspector.openRecording', file);
    assert.ok(recording);
    await waitFor('the panel is active', () => recording.panel.active);
    const replay = await vscode.commands.executeCommand<RunningReplay>('sseInspector.servePanelRecording', undefined, { quiet: true, speed: 0 });
    assert.ok(replay, 'no server for the panel');
    try {
      const body = await (await fetch(replay.url)).text();
      assert.equal(body, 'event: greet\nid: 1\ndata: hello\n\n: ping\n\nid: 2\ndata: two\ndata: lines\n\n');
    } finally {
      await vscode.commands.executeCommand('sseInspector.stopServing', replay.url);
    }

    const bogus = vscode.Uri.file(join(dir, 'notes.ndjson'));
    writeFileSync(bogus.fsPath, 'hello\n');
    const errors = answerPrompts('showErrorMessage', () => undefined);
    try {
      assert.equal(await vscode.commands.executeCommand('sseInspector.serveRecording', bogus), undefined);
    } finally {
      errors.restore();
    }
    assert.match(String(errors.calls[0]?.[0]), /notes\.ndjson is not a recording \(line 1: not valid JSON/);
  });

  it('New SSE Controller from Recording… writes the controller and registers it in the nearest module', async () => {
    const root = join(dir, 'app');
    cpSync(fixture, root, { recursive: true });
    const file = vscode.Uri.file(join(dir, 'run.ndjson'));
    writeFileSync(file.fsPath, RECORDING);
    const info = answerPrompts('showInformationMessage', () => undefined);
    let created: vscode.Uri | undefined;
    try {
      created = await vscode.commands.executeCommand<vscode.Uri>('sseInspector.newSseControllerFromRecording', file, {
        name: 'greetings',
        folder: vscode.Uri.file(join(root, 'src', 'health')),
      });
    } finally {
      info.restore();
    }
    assert.ok(created);
    const source = readFileSync(created.fsPath, 'utf8');
    assert.match(source, /\{ gapMs: 10, type: 'greet', id: '1', data: 'hello' \},/);
    assert.match(source, /@Controller\('greetings'\)\nexport class GreetingsController/);
    const module = readFileSync(join(root, 'src', 'app.module.ts'), 'utf8');
    assert.match(module, /GreetingsController/);
    assert.match(String(info.calls[0]?.[0]), /registered GreetingsController in app\.module\.ts/);
  });
});
