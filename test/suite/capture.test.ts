// Capture Streams… in a real VS Code host: start, requests through the proxy
// show in the list, an event stream opens in the viewer and keeps filling live, Stop closes the
// port. And a port in use gives an error that says what to do.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import type { InspectorPanel } from '../../src/panel/inspectorPanel';
import { activateExtension, answerPrompts, closeAllEditors, waitFor } from './support/extension';

describe('Capture Streams…', () => {
  let upstream: http.Server;
  let target: string;
  let release: (() => void) | undefined;

  before(async () => {
    await activateExtension();
    upstream = http.createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.write('id: 1\nevent: first\ndata: one\n\n');
      // The second event waits until the test says so: it must reach an already open viewer.
      release = () => res.end('id: 2\ndata: two\n\n');
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    target = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  });
  after(async () => {
    await vscode.commands.executeCommand('sseInspector.stopCapture');
    await closeAllEditors();
    upstream.closeAllConnections();
    await new Promise<void>((resolve) => upstream.close(() => resolve()));
  });

  it('starts, lists a stream, opens it live in the viewer, and Stop closes the port', async () => {
    const api = await activateExtension();
    // The target prompt is a QuickPick from createQuickPick (no stub to answer it): the command
    // takes the answers as an argument instead, and goes the same way from there.
    const info = answerPrompts('showInformationMessage', () => undefined);
    let address: string | undefined;
    try {
      address = await vscode.commands.executeCommand<string>('sseInspector.captureStreams', { target, port: 0 });
    } finally {
      info.restore();
    }
    assert.match(String(address), /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(api.captureAddress(), address);
    const hostPort = String(address).replace('http://', '');
    assert.equal(api.captureStatus()?.text, `$(radio-tower) ${hostPort} · 0 streams`, 'the status bar shows the address');
    assert.ok(api.captureStatus()?.tooltip.includes(target), 'and the target in its tooltip');

    const received = new Promise<string>((resolve) => {
      http.get(`${address}/events`, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          if (text.includes('data: two')) resolve(text);
        });
      });
    });
    // Stream 1: the first request through the proxy.
    let panel: InspectorPanel | undefined;
    await waitFor('the stream in the list', async () => {
      panel = await vscode.commands.executeCommand<InspectorPanel | undefined>('sseInspector.openCapturedStream', 1);
      return panel !== undefined && panel.session.snapshotStats().events === 1;
    });
    assert.ok(panel);
    assert.equal(panel.session.info.url, `${target}/events`);
    release!();
    assert.match(await received, /data: two/);
    await waitFor('the second event in the open viewer', () => panel!.session.snapshotStats().events === 2);
    const kinds = panel.session.log.toArray().map((r) => r.kind);
    assert.deepEqual(kinds, ['connecting', 'open', 'event', 'event', 'closed']);

    assert.equal(api.captureStatus()?.text, `$(radio-tower) ${hostPort} · 1 stream`, 'the status bar counts the stream');
    await vscode.commands.executeCommand('sseInspector.stopCapture');
    assert.equal(api.captureAddress(), undefined);
    assert.equal(api.captureStatus(), undefined, 'no status once stopped');
    await assert.rejects(
      new Promise((resolve, reject) => http.get(`${address}/events`, resolve).on('error', reject)),
      /ECONNREFUSED/,
    );
  });

  it('a port in use: an error that says to pick another', async () => {
    const taken = http.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const errors = answerPrompts('showErrorMessage', () => undefined);
    try {
      const address = await vscode.commands.executeCommand<string | undefined>('sseInspector.captureStreams', { target, port: (taken.address() as AddressInfo).port });
      assert.equal(address, undefined);
      assert.match(String(errors.calls[0]?.[0]), /already in use.*another port/);
    } finally {
      errors.restore();
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });

  it('Open Recording… on a capture file opens the event stream the user picks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sse-capture-file-'));
    const file = join(dir, 'capture.ndjson');
    const capture = (stream: number, path: string, contentType: string) =>
      ({ kind: 'capture', seq: stream * 10, time: 1, stream, method: 'GET', url: `http://up${path}`, status: 200, contentType, requestHeaders: {}, headers: {} });
    const lines = [
      capture(1, '/page', 'text/html'),
      capture(2, '/a', 'text/event-stream'),
      capture(3, '/b', 'text/event-stream; charset=utf-8'),
      { kind: 'event', seq: 31, time: 2, stream: 3, type: 'message', data: 'from b', lastEventId: '', size: 6 },
      { kind: 'event', seq: 21, time: 2, stream: 2, type: 'message', data: 'from a', lastEventId: '', size: 6 },
    ];
    writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const pick = answerPrompts('showQuickPick', (items) => (items as Array<{ label: string }>).find((i) => i.label.startsWith('#3')));
    try {
      const panel = await vscode.commands.executeCommand<InspectorPanel>('sseInspector.openRecording', vscode.Uri.file(file));
      assert.ok(panel);
      assert.equal((pick.calls[0]?.[0] as unknown[]).length, 2, 'only the event streams are offered');
      const records = panel.session.log.toArray();
      assert.deepEqual(records.map((r) => r.kind), ['connecting', 'event']);
      assert.equal(records[1].kind === 'event' && records[1].data, 'from b');
    } finally {
      pick.restore();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
