/**
 * Open Recording…: a file written by Export Events… or the CLI, shown in the same viewer.
 * A file with bad lines still opens with what could be read, and says which lines it skipped.
 */
import * as vscode from 'vscode';
import { readRecordingText } from '../core/recordingFormats';
import type { InspectorPanel } from '../panel/inspectorPanel';
import type { PanelManager } from '../panel/panelManager';

export async function openRecording(panels: PanelManager, uri?: vscode.Uri): Promise<InspectorPanel | undefined> {
  const target = uri ?? (await askForFile());
  if (!target) return undefined;
  let text: string;
  try {
    text = new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(target));
  } catch (error) {
    void vscode.window.showErrorMessage(`SSE Inspector: cannot read ${target.fsPath}: ${(error as Error).message}`);
    return undefined;
  }
  const { records, problems } = readRecordingText(text);
  if (records.length === 0) {
    const why = problems[0] ? ` (${problems[0]})` : '';
    void vscode.window.showErrorMessage(
      `SSE Inspector: ${target.fsPath} holds no records${why}. Recordings are NDJSON files written by Export Events… or the sse-inspector CLI.`,
    );
    return undefined;
  }
  if (problems.length > 0) {
    void vscode.window.showWarningMessage(
      `SSE Inspector: skipped ${problems.length} unreadable line(s) of ${target.fsPath}: ${problems.slice(0, 3).join('; ')}`,
    );
  }
  const url = records.find((r) => r.kind === 'open' || r.kind === 'connecting');
  return panels.openRecording(records, target.fsPath, url && 'url' in url ? url.url : target.fsPath);
}

async function askForFile(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title: 'Open Recording',
    canSelectMany: false,
    filters: { 'SSE recordings': ['ndjson', 'jsonl', 'json'], 'All files': ['*'] },
  });
  return picked?.[0];
}
