/**
 * Open Recording…: a file written by Export Events… or the CLI, shown in the same viewer. The file
 * is read as a stream with a progress notification that can be cancelled; only the newest
 * `sseInspector.maxEvents` records are kept (the panel counts the older ones as dropped, and a
 * message says how many and why). A file with bad lines still opens with what could be read.
 */
import * as vscode from 'vscode';
import { openCaptureFile } from '../capture/openCaptureFile';
import { readRecordingText } from '../core/recordingFormats';
import { readRecordingFile, type RecordingReadResult } from '../core/recordingReader';
import type { InspectorPanel } from '../panel/inspectorPanel';
import type { PanelManager } from '../panel/panelManager';
import { readSettings } from '../settings';
import { formatCount } from '../shared/format';

/** Progress updates per second at most: each one is a message to the workbench. */
const PROGRESS_INTERVAL_MS = 200;

export async function openRecording(panels: PanelManager, uri?: vscode.Uri): Promise<InspectorPanel | undefined> {
  const target = uri ?? (await askForFile());
  if (!target) return undefined;
  const keep = readSettings().maxEvents;
  let result: RecordingReadResult;
  try {
    result = await readWithProgress(target, keep);
  } catch (error) {
    void vscode.window.showErrorMessage(`SSE Inspector: cannot read ${target.fsPath}: ${(error as Error).message}`);
    return undefined;
  }
  const { records, problems, problemCount, captures } = result;
  if (result.cancelled && records.length === 0) return undefined;
  if (records.length === 0 && captures.length === 0) {
    const why = problems[0] ? ` (${problems[0]})` : '';
    void vscode.window.showErrorMessage(
      `SSE Inspector: ${target.fsPath} holds no records${why}. Recordings are NDJSON files written by Export Events… or the sse-inspector CLI.`,
    );
    return undefined;
  }
  if (problemCount > 0) {
    void vscode.window.showWarningMessage(
      `SSE Inspector: skipped ${formatCount(problemCount)} unreadable line(s) of ${target.fsPath}: ${problems.slice(0, 3).join('; ')}`,
    );
  }
  if (result.skipped > 0 || result.cancelled) {
    const read = result.cancelled ? `the first ${formatCount(result.total)} records read before Cancel` : `${formatCount(result.total)} records`;
    void vscode.window.showInformationMessage(
      `SSE Inspector: showing the newest ${formatCount(records.length)} of ${read} in ${target.fsPath}; ${formatCount(result.skipped)} older ones were skipped (setting sseInspector.maxEvents).`,
    );
  }
  // A capture file (sse-inspector proxy -o): one of its event streams, picked by the user.
  if (captures.length > 0) return openCaptureFile(panels, target.fsPath, records, captures);
  const url = records.find((r) => r.kind === 'open' || r.kind === 'connecting');
  return panels.openRecording(records, target.fsPath, url && 'url' in url ? url.url : target.fsPath, result.skipped, result.annotations);
}

/** Streams a local file; files of other schemes are read whole through the workspace file system. */
async function readWithProgress(target: vscode.Uri, keep: number): Promise<RecordingReadResult> {
  if (target.scheme !== 'file') {
    const text = new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(target));
    const { records, captures, annotations, problems } = readRecordingText(text);
    const kept = records.slice(-keep);
    return { records: kept, total: records.length, skipped: records.length - kept.length, problemCount: problems.length, problems, cancelled: false, captures, annotations };
  }
  const name = target.fsPath.split(/[\\/]/).pop() ?? target.fsPath;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Opening recording ${name}`, cancellable: true },
    (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      let reported = 0;
      let lastReport = 0;
      return readRecordingFile(target.fsPath, {
        keep,
        signal: controller.signal,
        onProgress: (bytesRead, totalBytes) => {
          const now = Date.now();
          if (now - lastReport < PROGRESS_INTERVAL_MS || totalBytes === 0) return;
          lastReport = now;
          const percent = Math.floor((bytesRead / totalBytes) * 100);
          progress.report({ increment: percent - reported, message: `${percent}%` });
          reported = percent;
        },
      });
    },
  );
}

async function askForFile(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title: 'Open Recording',
    canSelectMany: false,
    filters: { 'SSE recordings': ['ndjson', 'jsonl', 'json'], 'All files': ['*'] },
  });
  return picked?.[0];
}
