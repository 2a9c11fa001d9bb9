// Export Events… then Open Recording… in a real VS Code host: the recording shows the same
// records in a new panel, without a connection.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { InspectorPanel } from '../../src/panel/inspectorPanel';
import { sse, SseTestServer } from '../support/sseServer';
import { activateExtension, answerPrompts, closeAllEditors, waitFor } from './support/extension';

interface Pickable {
  label: string;
}

describe('Recordings', () => {
  let server: SseTestServer;
  let dir: string;

  before(async () => {
    await activateExtension();
  });
  beforeEach(async () => {
    server = await SseTestServer.start();
    server.route('/events', sse(['event: a\nid: 1\ndata: {"x":1}\n\n', ': keepalive\n\n', 'event: b\ndata: two\ndata: lines\n\n'], { end: 'hang' }));
    dir = mkdtempSync(join(tmpdir(), 'sse-recordings-'));
  });
  afterEach(async () => {
    await closeAllEditors();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const format of ['NDJSON', 'JSON'] as const) {
    it(`exports as ${format} and opens it again in the same viewer`, async () => {
      const live = await vscode.commands.executeCommand<InspectorPanel>('sseInspector.connect', server.url('/events'));
      assert.ok(live);
      await waitFor('two events', () => live.session.snapshotStats().events === 2);
      const target = vscode.Uri.file(join(dir, `run.${format.toLowerCase()}`));
      const picks = answerPrompts('showQuickPick', (items) => (items as Pickable[]).find((i) => i.label === format));
      const save = answerPrompts('showSaveDialog', () => target);
      const done = answerPrompts('showInformationMessage', () => undefined);
      try {
        await vscode.commands.executeCommand('sseInspector.exportEvents');
      } finally {
        picks.restore();
        save.restore();
        done.restore();
      }
      assert.match(String(done.calls[0]?.[0]), /^Exported \d+ records/);
      const written = readFileSync(target.fsPath, 'utf8');
      const kept = live.session.log.toArray();
      if (format === 'NDJSON') {
        assert.equal(written.trimEnd().split('\n').length, kept.length, 'one line per record');
      } else {
        assert.equal((JSON.parse(written) as unknown[]).length, kept.length);
      }

      const replay = await vscode.commands.executeCommand<InspectorPanel>('sseInspector.openRecording', target);
      assert.ok(replay, 'no recording panel');
      assert.equal(replay.session.info.mode, 'recording');
      assert.equal(replay.session.isLive, false);
      assert.deepEqual(replay.session.log.toArray(), kept);
      assert.equal(replay.session.snapshotStats().events, 2);
      assert.match(replay.panel.title, /^Recording: run\./);
    });
  }

  it('a file that is not a recording is refused with a clear message and no panel', async () => {
    const bogus = vscode.Uri.file(join(dir, 'notes.ndjson'));
    await vscode.workspace.fs.writeFile(bogus, Buffer.from('hello\nworld\n'));
    const errors = answerPrompts('showErrorMessage', () => undefined);
    try {
      const panel = await vscode.commands.executeCommand('sseInspector.openRecording', bogus);
      assert.equal(panel, undefined);
    } finally {
      errors.restore();
    }
    assert.match(String(errors.calls[0]?.[0]), /holds no records.*line 1: not valid JSON/);
  });

  it('a recording longer than maxEvents opens with the newest records and counts the rest as dropped', async () => {
    const config = vscode.workspace.getConfiguration('sseInspector');
    await config.update('maxEvents', 100, vscode.ConfigurationTarget.Global);
    const file = vscode.Uri.file(join(dir, 'long.ndjson'));
    const lines = Array.from({ length: 250 }, (_, i) =>
      JSON.stringify({ kind: 'event', seq: i + 1, time: 1_000 + i, type: 'tick', data: String(i + 1), lastEventId: '', size: 1 }),
    );
    await vscode.workspace.fs.writeFile(file, Buffer.from(`${lines.join('\n')}\n`));
    const info = answerPrompts('showInformationMessage', () => undefined);
    try {
      const panel = await vscode.commands.executeCommand<InspectorPanel>('sseInspector.openRecording', file);
      assert.ok(panel);
      const kept = panel.session.log.toArray();
      assert.equal(kept.length, 100);
      assert.equal(kept[0].seq, 151);
      assert.equal(kept[99].seq, 250);
      assert.equal(panel.session.snapshotStats().dropped, 150);
    } finally {
      info.restore();
      await config.update('maxEvents', undefined, vscode.ConfigurationTarget.Global);
    }
    assert.match(String(info.calls[0]?.[0]), /newest 100 of 250 records.*150 older ones were skipped.*maxEvents/);
  });
});
