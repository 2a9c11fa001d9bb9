/**
 * The replay servers running in the extension host: each with its status bar item (URL,
 * clients connected; a click offers Copy URL, Connect a Panel, Stop). Registered with the
 * extension context, so stopping, closing the window or disabling the extension closes every
 * port.
 */
import * as vscode from 'vscode';
import { Disposable } from '../disposable';
import type { LoadedRecording } from '../core/replay/loadRecording';
import { ReplayServer, type ReplayServerOptions } from '../core/replay/replayServer';

/** One running server, as commands and tests see it. */
export interface RunningReplay {
  url: string;
  /** The file or panel it serves, for people. */
  name: string;
  server: ReplayServer;
}

/** What `sseInspector.serveRecording` accepts besides the recording (tests, other commands). */
export interface ServeOptions {
  port?: number;
  speed?: number;
  loop?: boolean;
}

export class ReplayServers extends Disposable {
  private readonly running = new Map<string, { replay: RunningReplay; item: vscode.StatusBarItem }>();

  constructor() {
    super();
    this._register({ dispose: () => [...this.running.keys()].forEach((url) => void this.stop(url)) });
  }

  get all(): readonly RunningReplay[] {
    return [...this.running.values()].map((r) => r.replay);
  }

  /** Starts a server on 127.0.0.1 for `recording`; rejects with the core's ListenError. */
  async start(recording: LoadedRecording, name: string, options: ServeOptions = {}): Promise<RunningReplay> {
    const serverOptions: ReplayServerOptions = {
      routes: [{ plan: recording.plan, name }],
      host: '127.0.0.1',
      port: options.port ?? 0,
      speed: options.speed ?? 1,
      loop: options.loop ?? false,
    };
    const server = await ReplayServer.start(serverOptions);
    if (this.isDisposed) {
      await server.close();
      throw new Error('SSE Inspector is shutting down.');
    }
    const replay: RunningReplay = { url: server.urls[0], name, server };
    const item = vscode.window.createStatusBarItem('sseInspector.replay', vscode.StatusBarAlignment.Left, 50);
    item.name = 'SSE Inspector: Replay Server';
    item.command = { title: 'Replay server', command: 'sseInspector.replayServerActions', arguments: [replay.url] };
    const show = (clients: number): void => {
      item.text = `$(broadcast) ${new URL(replay.url).host} · ${clients} client${clients === 1 ? '' : 's'}`;
      item.tooltip = `Serving ${name} at ${replay.url} (${recording.plan.eventCount} events). Click to copy the URL, connect a panel or stop.`;
    };
    show(0);
    server.onClients(show);
    item.show();
    this.running.set(replay.url, { replay, item });
    return replay;
  }

  /** Stops one server (its port is closed when this resolves); false when none runs at `url`. */
  async stop(url: string): Promise<boolean> {
    const entry = this.running.get(url);
    if (!entry) return false;
    this.running.delete(url);
    entry.item.dispose();
    await entry.replay.server.close();
    return true;
  }
}
