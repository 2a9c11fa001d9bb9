/**
 * A capture running in the extension host: the proxy (core), what it captured, the status bar
 * item and the tree; open viewer panels of its event streams are fed live. One capture at a
 * time. Stopping, closing the window or deactivating closes the port (dispose).
 */
import * as vscode from 'vscode';
import { CaptureProxy, isLoopbackHost } from '../core/capture/captureProxy';
import { bundledWorkerScript } from '../core/capture/inspectorThread';
import { Disposable } from '../disposable';
import type { InspectorPanel } from '../panel/inspectorPanel';
import type { PanelManager } from '../panel/panelManager';
import { readSettings } from '../settings';
import type { CaptureFileRecord } from '../shared/records';
import { CapturedStreams, INSPECTOR_SKIPPED, type CapturedStream } from './capturedStreams';
import { CaptureTreeProvider, type CaptureTreeSource } from './captureTree';
import { setupHints, type SetupHint } from './setupHints';

export const CAPTURE_MENU_COMMAND = 'sseInspector.captureMenu';
/**
 * How far (in body bytes) the inspector may fall behind before it skips: its records are parsed
 * again and shown on the extension host's thread, which must stay free for the app's bytes.
 */
const EXTENSION_QUEUED_BYTES = 8 * 1024 * 1024;

/** How a capture is started. */
export interface CaptureStart {
  target: string;
  host?: string;
  port: number;
  insecureTls?: boolean;
}

export class CaptureController extends Disposable implements CaptureTreeSource {
  private proxy: CaptureProxy | undefined;
  private captured = new CapturedStreams(readSettings().maxEvents);
  private readonly panels = new Map<number, InspectorPanel>();
  private readonly statusItem: vscode.StatusBarItem;
  readonly tree: CaptureTreeProvider;
  private captureId = 0;
  private warnedSkipped = false;
  running: { address: string; target: string; hints: SetupHint[] } | undefined;

  constructor(private readonly panelManager: PanelManager) {
    super();
    this.statusItem = this._register(vscode.window.createStatusBarItem('sseInspector.capture', vscode.StatusBarAlignment.Left, 50));
    this.statusItem.name = 'SSE Inspector Capture';
    this.tree = new CaptureTreeProvider(this);
    this._register(this.tree);
    this._register(vscode.window.registerTreeDataProvider('sseInspector.captures', this.tree));
    // Closing the window or deactivating: the port must not outlive the extension host.
    this._register({ dispose: () => void this.stop() });
  }

  get isRunning(): boolean {
    return this.proxy !== undefined;
  }

  /** What the status bar item shows while capturing (text and tooltip), else undefined. */
  get status(): { text: string; tooltip: string } | undefined {
    if (!this.proxy) return undefined;
    return { text: this.statusItem.text, tooltip: String(this.statusItem.tooltip ?? '') };
  }

  get address(): string | undefined {
    return this.proxy?.address;
  }

  streams(): CapturedStream[] {
    return this.captured.list();
  }

  /** Starts the proxy (stopping a running one first); rejects with a CaptureStartError. */
  async start(options: CaptureStart): Promise<CaptureProxy> {
    await this.stop();
    this.captured = new CapturedStreams(readSettings().maxEvents);
    this.warnedSkipped = false;
    const id = ++this.captureId;
    const proxy = await CaptureProxy.start({
      target: options.target,
      host: options.host,
      port: options.port,
      insecureTls: options.insecureTls,
      maxEventBytes: readSettings().maxEventBytes,
      // Parsing runs in the inspector's own thread (dist/captureWorker.js), as the CLI's does:
      // the extension host only forwards bytes and shows the records.
      thread: {
        script: bundledWorkerScript(),
        // Records come to this thread to be shown: a smaller backlog than the CLI's file allows.
        maxQueuedBytes: EXTENSION_QUEUED_BYTES,
        onError: (message) => {
          if (this.captureId === id) void vscode.window.showWarningMessage(`SSE Inspector: ${message} Stop and start the capture again to record.`);
        },
      },
      // A late record of a stopped capture is dropped.
      onRecord: (record) => {
        if (this.captureId === id) this.onRecord(record);
      },
    });
    this.proxy = proxy;
    this.running = { address: proxy.address, target: proxy.target.href, hints: setupHints(proxy.address, proxy.target.href) };
    if (options.host !== undefined && !isLoopbackHost(options.host)) {
      void vscode.window.showWarningMessage(`SSE Inspector: the capture proxy listens on ${options.host}: other machines can send requests through it to ${proxy.target.origin}.`);
    }
    await vscode.commands.executeCommand('setContext', 'sseInspector.capturing', true);
    this.updateStatus();
    this.tree.refresh();
    return proxy;
  }

  /** Closes the port and every connection through it; the list and open panels stay. */
  async stop(): Promise<void> {
    const proxy = this.proxy;
    if (!proxy) return;
    this.proxy = undefined;
    this.captureId++;
    this.panels.clear();
    this.statusItem.hide();
    this.running = undefined;
    this.tree.refresh();
    void vscode.commands.executeCommand('setContext', 'sseInspector.capturing', false);
    await proxy.close();
  }

  /** Opens an event stream in the viewer (or shows the panel already showing it); fed live while it runs. */
  openStream(stream: number): InspectorPanel | undefined {
    const entry = this.captured.get(stream);
    if (!entry?.isEventStream) return undefined;
    const open = this.panels.get(stream);
    if (open && this.panelManager.all.includes(open)) {
      open.reveal();
      return open;
    }
    let name = entry.capture?.url ?? '';
    try {
      name = new URL(name).pathname;
    } catch {
      // keep the text as is
    }
    // The viewer names a recording after its source: no slashes, so the whole label shows.
    const source = `Capture #${stream} ${entry.capture?.method ?? ''} ${name.replace(/\//g, ' ').trim()}`;
    const panel = this.panelManager.openRecording(entry.records, source, entry.capture?.url ?? source);
    this.panels.set(stream, panel);
    return panel;
  }

  /** Status bar: address and streams captured; a click offers Stop and the hints. */
  private updateStatus(): void {
    if (!this.proxy) return;
    const count = this.captured.eventStreamCount;
    this.statusItem.text = `$(radio-tower) ${this.proxy.address.replace(/^http:\/\//, '')} · ${count} stream${count === 1 ? '' : 's'}`;
    this.statusItem.tooltip = `SSE Inspector is capturing: ${this.proxy.address} → ${this.proxy.target.href}\nClick to stop or copy setup lines.`;
    this.statusItem.command = CAPTURE_MENU_COMMAND;
    this.statusItem.show();
  }

  private onRecord(record: CaptureFileRecord): void {
    const added = this.captured.add(record);
    if (!added) return;
    if (record.kind === 'error' && record.code === INSPECTOR_SKIPPED && !this.warnedSkipped) {
      // Once per capture: the list and the stream's own records say where.
      this.warnedSkipped = true;
      void vscode.window.showWarningMessage(
        `SSE Inspector: stream #${record.stream} came faster than the capture could record; parts of it are not in its records (marked where they are missing). Your app received every byte unchanged.`,
      );
    }
    const panel = this.panels.get(added.entry.stream);
    if (panel && added.viewerRecord) {
      if (this.panelManager.all.includes(panel)) panel.session.loadRecords([added.viewerRecord]);
      else this.panels.delete(added.entry.stream);
    }
    if (record.kind === 'capture') this.updateStatus();
    this.tree.refresh();
  }
}
