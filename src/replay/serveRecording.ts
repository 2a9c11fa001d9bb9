/**
 * "Serve Recording…" (a file from the palette or the explorer) and "Serve This Recording" (the
 * active panel's records): the recording served on 127.0.0.1 by the core replay server, then
 * Copy URL / Connect a Panel / Stop offered at once and from the status bar item.
 */
import * as vscode from 'vscode';
import { loadRecording, planRecording, RecordingError, type LoadedRecording } from '../core/replay/loadRecording';
import { ListenError } from '../core/replay/replayServer';
import { readRecordingText } from '../core/recordingFormats';
import type { InspectorPanel } from '../panel/inspectorPanel';
import type { ReplayServers, RunningReplay, ServeOptions } from './replayServers';

const COPY = 'Copy URL';
const CONNECT = 'Connect a Panel';
const STOP = 'Stop';

function asOptions(value: unknown): ServeOptions & { quiet?: boolean } {
  if (typeof value !== 'object' || value === null) return {};
  const { port, speed, loop, quiet } = value as Record<string, unknown>;
  return {
    port: typeof port === 'number' ? port : undefined,
    speed: typeof speed === 'number' && speed >= 0 ? speed : undefined,
    loop: loop === true,
    quiet: quiet === true,
  };
}

/** Reads a recording from any file system VS Code can read; local files are streamed by line. */
async function readRecording(uri: vscode.Uri): Promise<LoadedRecording> {
  if (uri.scheme === 'file') return loadRecording(uri.fsPath);
  let text: string;
  try {
    text = new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
  } catch (error) {
    throw new RecordingError(`Cannot read ${uri.toString()}: ${(error as Error).message}`);
  }
  if (text.trim() === '') throw new RecordingError(`${uri.toString()} is empty.`);
  const { records, problems } = readRecordingText(text);
  return planRecording(uri.toString(), records, problems.slice(0, 5), problems.length);
}

/** Starts the server and tells the user; returns it (for tests), or undefined when it did not start. */
async function startAndOffer(servers: ReplayServers, recording: LoadedRecording, name: string, options: ServeOptions & { quiet?: boolean }): Promise<RunningReplay | undefined> {
  let replay: RunningReplay;
  try {
    replay = await servers.start(recording, name, options);
  } catch (error) {
    const why = error instanceof ListenError ? error.message : `Could not start the replay server: ${(error as Error).message}`;
    void vscode.window.showErrorMessage(`SSE Inspector: ${why}`);
    return undefined;
  }
  if (recording.skipped > 0) {
    void vscode.window.showWarningMessage(`SSE Inspector: skipped ${recording.skipped} unreadable line(s) of ${name}: ${recording.problems.slice(0, 3).join('; ')}`);
  }
  if (!options.quiet) {
    void vscode.window
      .showInformationMessage(
        `Serving ${recording.plan.eventCount} events of ${name} at ${replay.url}. Add faults per request, e.g. ?drop-after=3&chunk-bytes=1&line-endings=cr.`,
        COPY,
        CONNECT,
        STOP,
      )
      .then((choice) => act(servers, replay.url, choice));
  }
  return replay;
}

async function act(servers: ReplayServers, url: string, choice: string | undefined): Promise<void> {
  if (choice === COPY) {
    await vscode.env.clipboard.writeText(url);
  } else if (choice === CONNECT) {
    await vscode.commands.executeCommand('sseInspector.connect', url);
  } else if (choice === STOP) {
    await servers.stop(url);
  }
}

/** `sseInspector.serveRecording`: a file from the explorer (`uri`), or asked for. */
export async function serveRecording(servers: ReplayServers, uri?: unknown, options?: unknown): Promise<RunningReplay | undefined> {
  const target = uri instanceof vscode.Uri ? uri : await askForFile();
  if (!target) return undefined;
  let recording: LoadedRecording;
  try {
    recording = await readRecording(target);
  } catch (error) {
    if (!(error instanceof RecordingError)) throw error;
    void vscode.window.showErrorMessage(`SSE Inspector: ${error.message} Recordings are NDJSON files written by Export Events… or the sse-inspector CLI.`);
    return undefined;
  }
  return startAndOffer(servers, recording, vscode.workspace.asRelativePath(target), asOptions(options));
}

/** `sseInspector.servePanelRecording`: what a panel holds (a recording or a finished stream). */
export async function servePanelRecording(servers: ReplayServers, panel: InspectorPanel, options?: unknown): Promise<RunningReplay | undefined> {
  const name = panel.panel.title;
  let recording: LoadedRecording;
  try {
    recording = planRecording(name, panel.session.log.toArray());
  } catch (error) {
    if (!(error instanceof RecordingError)) throw error;
    void vscode.window.showErrorMessage(`SSE Inspector: ${error.message}`);
    return undefined;
  }
  return startAndOffer(servers, recording, name, asOptions(options));
}

/** The status bar item's click, and `sseInspector.stopServing` from the palette. */
export async function replayServerActions(servers: ReplayServers, url?: unknown): Promise<void> {
  const replay = servers.all.find((r) => r.url === url) ?? (await pickServer(servers, 'Replay server'));
  if (!replay) return;
  const choice = await vscode.window.showQuickPick([COPY, CONNECT, STOP], { title: `${replay.name} at ${replay.url} (${replay.server.clients} clients)` });
  await act(servers, replay.url, choice);
}

/** `sseInspector.stopServing`: the server at `url`, the only one, or the one picked. */
export async function stopServing(servers: ReplayServers, url?: unknown): Promise<boolean> {
  const replay = servers.all.find((r) => r.url === url) ?? (await pickServer(servers, 'Stop Serving'));
  return replay ? servers.stop(replay.url) : false;
}

async function pickServer(servers: ReplayServers, title: string): Promise<RunningReplay | undefined> {
  const all = servers.all;
  if (all.length === 0) {
    void vscode.window.showInformationMessage('No recording is being served. Run "SSE Inspector: Serve Recording…" first.');
    return undefined;
  }
  if (all.length === 1) return all[0];
  const picked = await vscode.window.showQuickPick(
    all.map((r) => ({ label: r.url, description: r.name, replay: r })),
    { title },
  );
  return picked?.replay;
}

async function askForFile(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title: 'Serve Recording',
    canSelectMany: false,
    openLabel: 'Serve',
    filters: { 'SSE recordings': ['ndjson', 'jsonl', 'json'], 'All files': ['*'] },
  });
  return picked?.[0];
}
