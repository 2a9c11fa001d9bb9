// One route for panel actions: a panel's button runs the same command as the palette, for THAT
// panel (its PanelTarget), even when another panel is the active one.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { InspectorPanel } from '../../src/panel/inspectorPanel';
import { PANEL_ACTION_COMMANDS, type PanelTarget } from '../../src/panel/panelActions';
import { sse, SseTestServer } from '../support/sseServer';
import { activateExtension, answerPrompts, closeAllEditors, waitFor } from './support/extension';

describe('Panel actions', () => {
  let server: SseTestServer;

  before(async () => {
    await activateExtension();
  });
  beforeEach(async () => {
    server = await SseTestServer.start();
    server.route('/a', sse(['event: a\nid: 1\ndata: 1\n\n', 'event: a\nid: 2\ndata: 2\n\n'], { end: 'hang' }));
    server.route('/b', sse(['event: b\ndata: x\n\n'], { end: 'hang' }));
  });
  afterEach(async () => {
    await closeAllEditors();
    await server.close();
  });

  async function connect(path: string): Promise<InspectorPanel> {
    const panel = await vscode.commands.executeCommand<InspectorPanel | undefined>('sseInspector.connect', server.url(path));
    assert.ok(panel, `no panel for ${path}`);
    return panel;
  }
  const targetOf = (panel: InspectorPanel): PanelTarget => ({ panelId: panel.session.info.id });

  it('Clear and Disconnect with a panel target act on that panel, not the active one', async () => {
    const first = await connect('/a');
    const second = await connect('/b');
    await waitFor('both streams', () => first.session.snapshotStats().events === 2 && second.session.snapshotStats().events === 1);

    await vscode.commands.executeCommand(PANEL_ACTION_COMMANDS.clear, targetOf(first));
    assert.equal(first.session.snapshotStats().events, 0);
    assert.equal(first.session.log.size, 0);
    assert.equal(second.session.snapshotStats().events, 1, 'the other panel keeps its events');

    await vscode.commands.executeCommand(PANEL_ACTION_COMMANDS.disconnect, targetOf(first));
    await waitFor('first closed', () => first.session.snapshotStats().phase === 'closed');
    assert.equal(second.session.snapshotStats().phase, 'open');
  });

  it('Connect Again reconnects a closed panel, sending its last event id', async () => {
    const panel = await connect('/a');
    await waitFor('events', () => panel.session.snapshotStats().events === 2);
    await vscode.commands.executeCommand(PANEL_ACTION_COMMANDS.disconnect, targetOf(panel));
    await waitFor('closed', () => panel.session.snapshotStats().phase === 'closed');
    await vscode.commands.executeCommand(PANEL_ACTION_COMMANDS.connectAgain, targetOf(panel));
    const requests = await server.waitForRequests('/a', 2);
    assert.equal(requests[1].headers['last-event-id'], '2');
    await waitFor('open again', () => panel.session.snapshotStats().phase === 'open');
  });

  it('a target naming a closed panel does nothing to the others', async () => {
    const gone = await connect('/a');
    const staying = await connect('/b');
    await waitFor('stream', () => staying.session.snapshotStats().events === 1);
    const target = targetOf(gone);
    gone.panel.dispose();
    const warnings = answerPrompts('showWarningMessage', () => undefined);
    try {
      await vscode.commands.executeCommand(PANEL_ACTION_COMMANDS.clear, target);
    } finally {
      warnings.restore();
    }
    assert.equal(staying.session.snapshotStats().events, 1);
    assert.equal(warnings.calls.length, 1);
    assert.match(String(warnings.calls[0][0]), /No SSE Inspector panel/);
  });
});
