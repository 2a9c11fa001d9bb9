/**
 * The host side of one inspector panel: sets the webview's HTML once, then speaks only the typed
 * protocol. The webview says `ready` on every load (first open, and again after it was hidden and
 * re-created); the host answers with `init` and then frames (see liveView.ts): the log stays
 * here, and the webview fetches the rows it shows, so a reload loses nothing.
 */
import * as vscode from 'vscode';
import type { StreamRecord } from '../shared/records';
import { Disposable } from '../disposable';
import { assertNever, type HostToWebview, type ViewFilter, type WebviewToHost } from '../shared/protocol';
import { parseJsonData } from '../shared/json';
import { renderPanelHtml } from './html';
import type { InspectorSession } from './inspectorSession';
import { createNonce } from './nonce';
import { PANEL_ACTION_COMMANDS, type PanelTarget } from './panelActions';
import { LiveView } from './liveView';
import { PanelLlmMerge } from './llmMerge';
import { WIRE_BYTES_WHILE_CLOSED } from '../core/diagnostics/wireCapture';

export const PANEL_VIEW_TYPE = 'sseInspector.panel';

/** How often the header's counters refresh while the panel is visible. */
const STATS_INTERVAL_MS = 250;

/** What a panel tells the manager that tracks it. */
export interface PanelHost {
  panelFocused(panel: InspectorPanel | undefined): void;
  panelClosed(panel: InspectorPanel): void;
}

export class InspectorPanel extends Disposable {
  private ready = false;
  /** Came back through the serializer: its connection details beyond URL and method are gone. */
  restoredFromReload = false;
  private filter: ViewFilter | undefined;
  /** The webview's Wire view is open: chunks are sent, newest after `wireSent`. */
  private wireOpen = false;
  private wireSent = 0;
  private readonly live: LiveView;
  /** The Message view: LLM streams merged as they arrive. */
  readonly llm = new PanelLlmMerge(
    'auto',
    (view, choice) => this.post({ type: 'llm', view, choice }),
    () => this.live.tick(),
  );

  /** Opens a new panel beside the editor. */
  static create(extensionUri: vscode.Uri, session: InspectorSession, host: PanelHost): InspectorPanel {
    const panel = vscode.window.createWebviewPanel(
      PANEL_VIEW_TYPE,
      session.info.title,
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      webviewOptions(extensionUri),
    );
    return new InspectorPanel(panel, extensionUri, session, host);
  }

  /** Takes over a panel VS Code restored after a reload (see the serializer). */
  static revive(
    panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    session: InspectorSession,
    host: PanelHost,
    filter: ViewFilter | undefined,
  ): InspectorPanel {
    panel.webview.options = webviewOptions(extensionUri);
    const revived = new InspectorPanel(panel, extensionUri, session, host);
    revived.filter = filter;
    revived.restoredFromReload = true;
    return revived;
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    readonly session: InspectorSession,
    private readonly host: PanelHost,
  ) {
    super();
    this.live = new LiveView({
      log: session.log,
      post: (message) => this.post(message),
      stats: () => session.snapshotStats(),
      complete: (frame) => {
        const llm = this.llm.take();
        if (llm) frame.llm = llm;
      },
    });
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'panel-icon.svg');
    panel.webview.html = this.html(extensionUri);
    this._register(panel.webview.onDidReceiveMessage((message: WebviewToHost) => this.receive(message)));
    this._register(
      panel.onDidChangeViewState(({ webviewPanel }) => {
        // A hidden webview is torn down; its next load says `ready` again and gets a replay.
        if (!webviewPanel.visible) {
          this.ready = false;
          this.live.stop();
        }
        this.host.panelFocused(webviewPanel.active ? this : undefined);
      }),
    );
    this._register(panel.onDidDispose(() => this.dispose()));
    const statsTimer = setInterval(() => this.postStats(), STATS_INTERVAL_MS);
    this._register({ dispose: () => clearInterval(statsTimer) });
    this._register({ dispose: () => this.live.dispose() });
    this._register({ dispose: () => this.llm.dispose() });
    this.llm.reset(session.log.toArray(), session.info.llmFormat ?? 'auto');
    this.setWireOpen(false);
    this._register({ dispose: () => session.dispose() });
    session.setListener({
      onRecord: (record) => this.recordAdded(record),
      onCleared: () => this.cleared(),
      onSessionChanged: () => this.sessionChanged(),
      onDiagnostics: () => this.post({ type: 'diagnostics', diagnostics: this.session.diagnostics.slice() }),
      streamFinished: () => this.llm.finished,
    });
    this.host.panelFocused(this);
  }

  /** The filter the webview shows now (for "export only what the filter shows"). */
  get currentFilter(): ViewFilter | undefined {
    return this.filter;
  }

  /** Called by the session for every record it logs. */
  recordAdded(record: StreamRecord): void {
    this.live.recordAdded(record);
    this.llm.push(record);
  }

  /** Called by the session when its log was emptied. */
  cleared(): void {
    this.live.cleared();
    this.llm.reset([]);
    if (this.wireOpen) this.postWire(true);
  }

  /** Tells the webview the session's description changed (a reconnect, a profile saved). */
  sessionChanged(): void {
    this.panel.title = this.session.info.title;
    this.post({ type: 'session', session: this.session.info });
  }

  reveal(): void {
    this.panel.reveal();
  }

  override dispose(): void {
    if (this.isDisposed) return;
    super.dispose();
    this.host.panelClosed(this);
    this.panel.dispose();
  }

  private html(extensionUri: vscode.Uri): string {
    const webview = this.panel.webview;
    const asset = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...path)).toString();
    return renderPanelHtml({
      cspSource: webview.cspSource,
      nonce: createNonce(),
      scriptUri: asset('dist', 'webview.js'),
      styleUris: [asset('dist', 'codicons', 'codicon.css'), asset('media', 'panel.css'), asset('media', 'wire.css')],
      title: this.session.info.title,
    });
  }

  private receive(message: WebviewToHost): void {
    if (message.type === 'filterChanged') this.filter = message.filter;
    // Frames, fetches and filters: the live view's part of the protocol.
    if (this.live.receive(message)) return;
    switch (message.type) {
      case 'ready':
        this.replay();
        return;
      case 'control': {
        // The same command the palette runs, for this panel (see panelActions.ts).
        const target: PanelTarget = { panelId: this.session.info.id };
        vscode.commands.executeCommand(PANEL_ACTION_COMMANDS[message.action], target).then(undefined, (error: unknown) => {
          void vscode.window.showErrorMessage(`SSE Inspector: ${describeError(error)}`);
        });
        return;
      }
      case 'filterChanged':
      case 'ack':
      case 'viewport':
      case 'fetch':
      case 'detail':
      case 'detailOfSeq':
        return;
      case 'copy':
        vscode.env.clipboard.writeText(message.text).then(
          () => vscode.window.setStatusBarMessage(`$(check) Copied ${message.label}`, 2000),
          (error: unknown) => void vscode.window.showErrorMessage(`SSE Inspector: could not copy: ${describeError(error)}`),
        );
        return;
      case 'wireView':
        this.setWireOpen(message.open);
        if (message.open) this.postWire(true);
        return;
      case 'openData':
        this.openData(message.seq).catch((error: unknown) => {
          void vscode.window.showErrorMessage(`SSE Inspector: could not open the event's data: ${describeError(error)}`);
        });
        return;
      case 'openLink':
        void openLink(message.url);
        return;
      case 'llmFormat':
        this.llm.reset(this.session.log.toArray(), message.choice);
        return;
      default:
        assertNever(message);
    }
  }

  /** Starts the webview over: its description, then frames with what the log holds. */
  private replay(): void {
    this.ready = true;
    // The serializer's filter (or the last one the webview reported) is what the view starts with.
    if (this.filter) this.live.index.setFilter(this.filter);
    this.live.start({
      type: 'init',
      session: this.session.info,
      stats: this.session.snapshotStats(),
      maxEvents: this.session.log.capacity,
      filter: this.filter,
    });
    this.llm.flush(true);
    // A reloaded webview starts with its Wire view closed and says when it opens it.
    this.setWireOpen(false);
    this.post({ type: 'diagnostics', diagnostics: this.session.diagnostics.slice() });
  }

  /** The capture keeps the setting's bytes while the Wire view is open, little while it is closed. */
  private setWireOpen(open: boolean): void {
    this.wireOpen = open;
    const wire = this.session.wire;
    wire.keepAtMost(open ? wire.maxBytes : WIRE_BYTES_WHILE_CLOSED);
  }

  /** Chunks for the open Wire view: all that are kept (`reset`), or those since the last post. */
  private postWire(reset: boolean): void {
    const wire = this.session.wire;
    if (reset) this.wireSent = 0;
    const chunks = this.session.wireChunks(this.wireSent);
    if (!reset && chunks.length === 0) return;
    this.wireSent = wire.total;
    const log = this.session.log;
    const lastSeq = log.at(log.size - 1)?.seq ?? 0;
    this.post({ type: 'wire', chunks, reset, dropped: wire.dropped, maxBytes: wire.maxBytes, lastSeq });
  }

  /** The rate and countdown move without records: a frame (coalesced with any pending one). */
  private postStats(): void {
    if (!this.ready || !this.panel.visible) return;
    this.live.tick();
    if (this.wireOpen) this.postWire(false);
  }

  private post(message: HostToWebview): void {
    if (!this.ready) return;
    void this.panel.webview.postMessage(message);
  }

  /** Shows an event's whole data in an editor: the view cuts very large data. */
  private async openData(seq: number): Promise<void> {
    const record = this.session.log.find((r) => r.seq === seq);
    if (!record || record.kind !== 'event') {
      void vscode.window.showWarningMessage('That event is no longer kept (the log dropped it or was cleared).');
      return;
    }
    const language = parseJsonData(record.data).kind === 'tree' ? 'json' : 'plaintext';
    const document = await vscode.workspace.openTextDocument({ content: record.data, language });
    await vscode.window.showTextDocument(document, { preview: true, viewColumn: vscode.ViewColumn.Beside });
  }
}

/**
 * Opens a link from the merged (untrusted) Markdown: http and https only, never `command:` or any
 * other scheme, and only after the user saw the whole URL and agreed.
 */
async function openLink(url: string): Promise<void> {
  let uri: vscode.Uri;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('not http(s)');
    uri = vscode.Uri.parse(parsed.href, true);
  } catch {
    void vscode.window.showWarningMessage(`SSE Inspector: only http and https links open from a message (not "${url.slice(0, 80)}").`);
    return;
  }
  const choice = await vscode.window.showInformationMessage(`Open this link from the stream?\n${uri.toString(true)}`, { modal: true }, 'Open');
  if (choice === 'Open') await vscode.env.openExternal(uri);
}

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableFindWidget: false,
    // Only the built assets: nothing else of the extension or the workspace is reachable.
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
