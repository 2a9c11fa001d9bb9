/**
 * Command "SSE Inspector: New SSE Controller…": asks the variant, a name and a folder, writes the
 * files of scaffold.ts, registers them in the nearest `*.module.ts` and opens the controller.
 */
import * as vscode from 'vscode';
import { toWorkspaceEdit } from './insertSseEndpoint';
import { detectImportSuffix, planModuleRegistration } from './analysis/moduleRegistration';
import { validateControllerName } from './analysis/names';
import { exists, findNearestModule, readText } from './projectFiles';
import { planControllerFiles, relativeSpecifier, type ControllerVariant } from './analysis/scaffold';

/** Optional arguments, for tests and other commands: skip the matching questions. */
export interface NewSseControllerOptions {
  name?: string;
  variant?: ControllerVariant;
}

function asOptions(value: unknown): NewSseControllerOptions {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const { name, variant } = value as { name?: unknown; variant?: unknown };
  return {
    name: typeof name === 'string' ? name : undefined,
    variant: variant === 'interval' || variant === 'broadcast' ? variant : undefined,
  };
}

/**
 * Runs the command. `folder` is the explorer folder it was invoked on (any other value is
 * ignored and the folder is asked); `options` (`{ name?, variant? }`) skips those questions.
 */
export async function newSseController(folder?: unknown, options?: unknown): Promise<void> {
  const given = asOptions(options);
  const variant = given.variant ?? (await askVariant());
  if (!variant) return;
  const name =
    given.name ??
    (await vscode.window.showInputBox({
      title: 'New SSE Controller',
      prompt: 'Controller name: "news" makes NewsController in news.controller.ts, streaming at GET /news',
      placeHolder: 'news',
      validateInput: validateControllerName,
    }));
  if (name === undefined) return;
  const invalid = validateControllerName(name);
  if (invalid) {
    void vscode.window.showErrorMessage(invalid);
    return;
  }
  const target = folder instanceof vscode.Uri ? folder : await askFolder();
  if (!target) return;

  const moduleUri = await findNearestModule(target);
  const moduleText = moduleUri && (await readText(moduleUri));
  const files = planControllerFiles(name.trim(), variant, moduleText ? detectImportSuffix(moduleText) : '');
  for (const file of files) {
    if (await exists(vscode.Uri.joinPath(target, file.fileName))) {
      void vscode.window.showErrorMessage(`${file.fileName} already exists in ${vscode.workspace.asRelativePath(target)}: choose another name or folder.`);
      return;
    }
  }
  for (const file of files) {
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(target, file.fileName), new TextEncoder().encode(file.content));
  }
  const controllerUri = vscode.Uri.joinPath(target, files[0].fileName);
  await vscode.window.showTextDocument(controllerUri);
  void vscode.window.showInformationMessage(await register(moduleUri, moduleText, target, files));
}

/** Adds the new classes to the module; returns what to tell the user. */
export async function register(
  moduleUri: vscode.Uri | undefined,
  moduleText: string | undefined,
  folder: vscode.Uri,
  files: ReturnType<typeof planControllerFiles>,
): Promise<string> {
  const created = files.map((f) => f.fileName).join(' and ');
  const classes = files.map((f) => f.className).join(' and ');
  if (!moduleUri || moduleText === undefined) {
    return `Created ${created}. Found no *.module.ts in this folder or above it in the project: add ${classes} to a module yourself.`;
  }
  const moduleName = moduleUri.path.split('/').pop();
  const moduleDir = moduleUri.path.slice(0, moduleUri.path.lastIndexOf('/'));
  const suffix = detectImportSuffix(moduleText);
  const plan = planModuleRegistration(
    moduleText,
    files.map((f) => ({ className: f.className, kind: f.kind, importPath: relativeSpecifier(moduleDir, `${folder.path}/${f.fileName}`, suffix) })),
  );
  if (!plan.ok) return `Created ${created}, but did not change ${moduleName}: ${plan.message}.`;
  if (plan.added.length === 0) return `Created ${created}; ${moduleName} already lists ${classes}.`;
  const document = await vscode.workspace.openTextDocument(moduleUri);
  const wasDirty = document.isDirty;
  if (!(await vscode.workspace.applyEdit(toWorkspaceEdit(document, plan.edits)))) {
    return `Created ${created}, but could not edit ${moduleName}: add ${classes} to it yourself.`;
  }
  // Save only when the module had no unsaved changes of the user's: never save their work for them.
  if (!wasDirty) await document.save();
  return `Created ${created} and registered ${plan.added.join(' and ')} in ${moduleName}.`;
}

async function askVariant(): Promise<ControllerVariant | undefined> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'Interval stream', description: 'a tick every second, resumes with Last-Event-ID', variant: 'interval' as const },
      { label: 'Broadcast with a service', description: 'a Subject in a service; POST …/emit sends to every client', variant: 'broadcast' as const },
    ],
    { title: 'New SSE Controller', placeHolder: 'What should the controller stream?' },
  );
  return picked?.variant;
}

/** Offers each workspace folder's `src` (or the folder itself), and "Browse…". */
export async function askFolder(): Promise<vscode.Uri | undefined> {
  const candidates: { label: string; description?: string; uri?: vscode.Uri }[] = [];
  for (const workspaceFolder of vscode.workspace.workspaceFolders ?? []) {
    const src = vscode.Uri.joinPath(workspaceFolder.uri, 'src');
    const uri = (await exists(src)) ? src : workspaceFolder.uri;
    candidates.push({ label: vscode.workspace.asRelativePath(uri, true), description: workspaceFolder.name, uri });
  }
  candidates.push({ label: '$(folder-opened) Browse…' });
  const picked = candidates.length === 1 ? candidates[0] : await vscode.window.showQuickPick(candidates, { title: 'New SSE Controller: folder' });
  if (!picked) return undefined;
  if (picked.uri) return picked.uri;
  const chosen = await vscode.window.showOpenDialog({ canSelectFiles: false, canSelectFolders: true, canSelectMany: false, openLabel: 'Create Controller Here' });
  return chosen?.[0];
}
