/**
 * Every open inspector panel, which one is active, and the context keys that show the
 * panel-only commands in the palette and the editor title bar.
 */
import * as vscode from 'vscode';
import type { AnnotationRecord, StreamRecord } from '../shared/records';
import { Disposable } from '../disposable';
import type { SessionInfo } from '../shared/protocol';
import { readSavedState, type SavedState } from '../shared/savedState';
import { readSettings } from '../settings';
import { InspectorPanel, PANEL_VIEW_TYPE, type PanelHost } from './inspectorPanel';
import { InspectorSession, type ConnectionOptions } from './inspectorSession';
import { isPanelTarget } from './panelActions';
import { sessionTitle } from './sessionTitle';

export class PanelManager extends Disposable implements PanelHost {
  private readonly panels = new Set<InspectorPanel>();
  private active: InspectorPanel | undefined;

  constructor(private readonly extensionUri: vscode.Uri) {
    super();
    this._register(
      vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
        // The state is whatever the webview last stored: validated by the webview's own reader.
        deserializeWebviewPanel: async (panel, state: unknown) => this.revive(panel, readSavedState(state)),
      }),
    );
    this._register({ dispose: () => [...this.panels].forEach((p) => p.dispose()) });
  }

  /** The panel commands act on: the focused one, else the one focused last. */
  get activePanel(): InspectorPanel | undefined {
    return this.active;
  }

  get all(): readonly InspectorPanel[] {
    return [...this.panels];
  }

  /**
   * The panel a command acts on: the one a panel button names (see PanelTarget), else the active
   * one. Undefined when the named panel is gone or none is open.
   */
  target(argument: unknown): InspectorPanel | undefined {
    if (isPanelTarget(argument)) return this.all.find((p) => p.session.info.id === argument.panelId);
    return this.active;
  }

  /** Opens a panel at once and starts connecting. */
  openLive(connection: ConnectionOptions, extra: Partial<SessionInfo> = {}): InspectorPanel {
    const info: SessionInfo = {
      id: newSessionId(),
      title: sessionTitle({ url: connection.url, mode: 'live' }),
      url: connection.url,
      mode: 'live',
      method: connection.method ?? 'GET',
      requestHeaders: {},
      insecureTls: connection.insecureTls === true ? true : undefined,
      ...extra,
    };
    const panel = this.createPanel(info, connection);
    panel.session.connect();
    return panel;
  }

  /**
   * Opens a recording read from a file, in the same viewer but without connection controls.
   * `skippedOlder` records of the file were not kept (only the newest fit): counted as dropped.
   */
  openRecording(records: readonly StreamRecord[], sourcePath: string, url: string, skippedOlder = 0, annotations: readonly AnnotationRecord[] = []): InspectorPanel {
    const showing = this.all.find((p) => p.session.info.mode === 'recording' && p.session.info.sourcePath === sourcePath);
    if (showing) {
      // The file may have changed since: show what it holds now, in the panel already open.
      showing.session.clear();
      showing.session.loadRecords(records, skippedOlder, annotations);
      showing.reveal();
      return showing;
    }
    const info: SessionInfo = {
      id: newSessionId(),
      title: sessionTitle({ url, mode: 'recording', sourcePath }),
      url,
      mode: 'recording',
      method: 'GET',
      requestHeaders: {},
      sourcePath,
    };
    const panel = this.createPanel(info, undefined, Math.max(readSettings().maxEvents, records.length));
    panel.session.loadRecords(records, skippedOlder, annotations);
    return panel;
  }

  panelFocused(panel: InspectorPanel | undefined): void {
    if (panel) this.active = panel;
    this.updateContext();
  }

  panelClosed(panel: InspectorPanel): void {
    this.panels.delete(panel);
    if (this.active === panel) this.active = [...this.panels].pop();
    this.updateContext();
  }

  private createPanel(info: SessionInfo, connection: ConnectionOptions | undefined, capacity = readSettings().maxEvents): InspectorPanel {
    const session = new InspectorSession(info, capacity, connection, readSettings().wireBytes);
    const panel = InspectorPanel.create(this.extensionUri, session, this);
    this.track(panel);
    return panel;
  }

  /**
   * A panel from before a window reload: its connection is gone (the old extension host ended
   * it), so it comes back closed, showing why, with "Connect again" in the panel.
   */
  private revive(webviewPanel: vscode.WebviewPanel, state: SavedState | undefined): void {
    const info = state?.session;
    if (!info) {
      webviewPanel.dispose();
      return;
    }
    const connection: ConnectionOptions | undefined =
      info.mode === 'live' ? { url: info.url, method: info.method, retryMs: readSettings().defaultRetryMs } : undefined;
    const session = new InspectorSession(info, readSettings().maxEvents, connection, readSettings().wireBytes);
    session.endedElsewhere(
      info.mode === 'live'
        ? 'The window was reloaded, which ended the connection. Use "Connect again" to resume.'
        : 'The window was reloaded. Use "Open again" to load the recording.',
    );
    this.track(InspectorPanel.revive(webviewPanel, this.extensionUri, session, this, state?.filter));
  }

  private track(panel: InspectorPanel): void {
    this.panels.add(panel);
    this.active = panel;
    this.updateContext();
  }

  private updateContext(): void {
    const panel = this.active;
    void vscode.commands.executeCommand('setContext', 'sseInspector.activePanel', panel !== undefined);
    void vscode.commands.executeCommand('setContext', 'sseInspector.activePanelLive', panel?.session.isLive === true);
  }
}

function newSessionId(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
