/**
 * Command "SSE Inspector: New SSE Controller from Recording…": a recording becomes a NestJS
 * controller that replays it (see analysis/replayController.ts), written next to the user's
 * code and registered in the nearest module, as "New SSE Controller…" does.
 */
import * as vscode from 'vscode';
import { readRecordingText } from '../core/recordingFormats';
import { toKebabCase, validateControllerName } from './analysis/names';
import { MAX_EMBEDDED_BYTES, planReplayController } from './analysis/replayController';
import { askFolder, register } from './newSseController';
import { exists, findNearestModule, readText } from './projectFiles';

/** Optional arguments, for tests: skip the matching questions. */
interface Options {
  name?: string;
  folder?: vscode.Uri;
}

function asOptions(value: unknown): Options {
  if (typeof value !== 'object' || value === null) return {};
  const { name, folder } = value as { name?: unknown; folder?: unknown };
  return { name: typeof name === 'string' ? name : undefined, folder: folder instanceof vscode.Uri ? folder : undefined };
}

/**
 * Runs the command on `recording` (the explorer's file, else asked for). Returns the created
 * controller's URI, or undefined when nothing was written.
 */
export async function newReplayController(recording?: unknown, options?: unknown): Promise<vscode.Uri | undefined> {
  const given = asOptions(options);
  const source = recording instanceof vscode.Uri ? recording : await askRecording();
  if (!source) return undefined;
  let text: string;
  try {
    text = new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(source));
  } catch (error) {
    void vscode.window.showErrorMessage(`SSE Inspector: cannot read ${source.fsPath}: ${(error as Error).message}`);
    return undefined;
  }
  const { records, problems } = readRecordingText(text);
  const fileName = source.path.split('/').pop() ?? 'recording';
  if (records.length === 0) {
    void vscode.window.showErrorMessage(`SSE Inspector: ${fileName} holds no records${problems[0] ? ` (${problems[0]})` : ''}. Recordings are NDJSON files written by Export Events… or the sse-inspector CLI.`);
    return undefined;
  }
  // Checked before any question, so a recording that is too large is refused at once.
  const probe = planReplayController('replay', records, fileName);
  if (!probe.ok) {
    void vscode.window.showErrorMessage(`SSE Inspector: ${probe.message}.`);
    return undefined;
  }
  const suggested = toKebabCase(fileName.replace(/\.[^.]*$/, '')) || 'replay';
  const name =
    given.name ??
    (await vscode.window.showInputBox({
      title: 'New SSE Controller from Recording',
      prompt: `Controller name: it replays the ${probe.events} events of ${fileName} (recordings up to ${MAX_EMBEDDED_BYTES / 1024} KiB are embedded in the code)`,
      value: validateControllerName(suggested) ? 'replay' : suggested,
      validateInput: validateControllerName,
    }));
  if (name === undefined) return undefined;
  const invalid = validateControllerName(name);
  if (invalid) {
    void vscode.window.showErrorMessage(invalid);
    return undefined;
  }
  const target = given.folder ?? (await askFolder());
  if (!target) return undefined;

  const plan = planReplayController(name.trim(), records, fileName);
  if (!plan.ok) {
    void vscode.window.showErrorMessage(`SSE Inspector: ${plan.message}.`);
    return undefined;
  }
  const uri = vscode.Uri.joinPath(target, plan.file.fileName);
  if (await exists(uri)) {
    void vscode.window.showErrorMessage(`${plan.file.fileName} already exists in ${vscode.workspace.asRelativePath(target)}: choose another name or folder.`);
    return undefined;
  }
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(plan.file.content));
  await vscode.window.showTextDocument(uri);
  const moduleUri = await findNearestModule(target);
  const moduleText = moduleUri && (await readText(moduleUri));
  const skipped = problems.length > 0 ? ` Skipped ${problems.length} unreadable line(s) of the recording.` : '';
  void vscode.window.showInformationMessage(`${await register(moduleUri, moduleText, target, [plan.file])}${skipped}`);
  return uri;
}

async function askRecording(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title: 'New SSE Controller from Recording',
    canSelectMany: false,
    openLabel: 'Use Recording',
    filters: { 'SSE recordings': ['ndjson', 'jsonl', 'json'], 'All files': ['*'] },
  });
  return picked?.[0];
}
