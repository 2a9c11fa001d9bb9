/**
 * Finding the NestJS files around a location (the nearest `*.module.ts`, the app's `main.ts`)
 * by walking up folders with `vscode.workspace.fs`, so it works for local, remote and virtual
 * workspaces alike, and in monorepos where `**\/main.ts` matches several apps.
 */
import * as vscode from 'vscode';
import { pickModuleFile } from './analysis/scaffold';

/** How far up to look at most, in case neither a workspace root nor a package.json stops us. */
const MAX_LEVELS = 20;

/** File names in a folder (empty when it cannot be read). */
async function fileNames(folder: vscode.Uri): Promise<string[]> {
  try {
    const entries = await vscode.workspace.fs.readDirectory(folder);
    return entries.filter(([, type]) => (type & vscode.FileType.File) !== 0).map(([name]) => name);
  } catch {
    return [];
  }
}

/**
 * Calls `visit` on `start` and each parent folder until it returns a value, stopping after the
 * project root: the workspace folder that contains `start`, or the first folder with a
 * package.json, whichever comes first.
 */
async function walkUp<T>(start: vscode.Uri, visit: (folder: vscode.Uri, names: string[]) => Promise<T | undefined> | T | undefined): Promise<T | undefined> {
  const root = vscode.workspace.getWorkspaceFolder(start)?.uri.toString();
  let folder = start;
  for (let level = 0; level < MAX_LEVELS; level++) {
    const names = await fileNames(folder);
    const found = await visit(folder, names);
    if (found !== undefined) return found;
    if (folder.toString() === root || names.includes('package.json')) return undefined;
    const parent = vscode.Uri.joinPath(folder, '..');
    if (parent.path === folder.path) return undefined;
    folder = parent;
  }
  return undefined;
}

/** The nearest `*.module.ts` at or above `folder`, within its project. */
export function findNearestModule(folder: vscode.Uri): Promise<vscode.Uri | undefined> {
  return walkUp(folder, (dir, names) => {
    const name = pickModuleFile(dir.path.split('/').pop() ?? '', names);
    return name === undefined ? undefined : vscode.Uri.joinPath(dir, name);
  });
}

/**
 * The app's `main.ts` for a file: `main.ts` or `src/main.ts` in the file's folder or a parent,
 * within its project. Falls back to the only `main.ts` of the workspace folder when the walk
 * finds none (unusual layouts).
 */
export async function findMainTs(file: vscode.Uri): Promise<vscode.Uri | undefined> {
  const near = await walkUp(vscode.Uri.joinPath(file, '..'), async (dir, names) => {
    if (names.includes('main.ts')) return vscode.Uri.joinPath(dir, 'main.ts');
    const src = vscode.Uri.joinPath(dir, 'src');
    return (await fileNames(src)).includes('main.ts') ? vscode.Uri.joinPath(src, 'main.ts') : undefined;
  });
  if (near) return near;
  const folder = vscode.workspace.getWorkspaceFolder(file);
  if (!folder) return undefined;
  const found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/main.ts'), '**/node_modules/**', 2);
  return found.length === 1 ? found[0] : undefined;
}

/** Reads a file as UTF-8 text, or undefined when it cannot be read. */
export async function readText(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((doc) => doc.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

/** True when something exists at `uri`. */
export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
