/**
 * "Inspect stream" on a request of a .http / .rest file: parse the file, resolve the request's
 * variables (all problems shown before anything is sent), and open a live panel on it.
 *
 * Only in a trusted workspace: a cloned repository's .http file could otherwise send requests
 * (with the user's environment variables) or read .env files as soon as someone clicks a lens.
 */
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { InspectorPanel } from '../panel/inspectorPanel';
import { dotenvLookup, type ReadText } from './analysis/dotenvFiles';
import { environmentScope } from './analysis/environments';
import { parseHttpFile, requestAtLine } from './analysis/httpFileParser';
import { resolveHttpRequest, type ResolvedHttpRequest } from './analysis/resolveRequest';
import { systemVariables } from './analysis/systemVariables';
import { readEnvironmentSetting, type HttpEnvironments } from './httpEnvironment';
import { rememberHttpOrigin } from './httpOrigins';

export const INSPECT_HTTP_REQUEST_COMMAND = 'sseInspector.inspectHttpRequest';

/** Options a caller (a test, another extension) may pass; the lens passes none. */
export interface InspectHttpOptions {
  /** A `rest-client.environmentVariables` environment to use instead of asking. */
  environment?: string;
}

export interface InspectHttpDeps {
  environments: HttpEnvironments;
  /** Opens the panel (Connect… with everything given). */
  connect(request: ResolvedHttpRequest): Promise<InspectorPanel | undefined>;
  /** Defaults to `vscode.workspace.isTrusted`. */
  isTrusted?: () => boolean;
}

export const UNTRUSTED_MESSAGE =
  'SSE Inspector sends requests from .http files, and reads their .env files, only in a trusted workspace: a file from a cloned repository could otherwise send your environment variables anywhere. Trust this workspace (Manage Workspace Trust) if you know where its .http files send requests.';

/** Inspects the request of `uri` at `line` (0-based); without arguments, the one at the cursor. */
export async function inspectHttpRequest(
  deps: InspectHttpDeps,
  uri?: vscode.Uri,
  line?: number,
  options: InspectHttpOptions = {},
): Promise<InspectorPanel | undefined> {
  if (!(deps.isTrusted ?? (() => vscode.workspace.isTrusted))()) {
    const choice = await vscode.window.showWarningMessage(UNTRUSTED_MESSAGE, 'Manage Workspace Trust');
    if (choice) await vscode.commands.executeCommand('workbench.trust.manage');
    return undefined;
  }
  const editor = vscode.window.activeTextEditor;
  // Menus pass the resource (and sometimes more); the palette passes nothing.
  const target = uri instanceof vscode.Uri ? uri : editor?.document.uri;
  if (typeof line !== 'number') line = undefined;
  if (typeof options !== 'object' || options === null) options = {};
  if (!target) {
    void vscode.window.showWarningMessage('Open a .http or .rest file and put the cursor in a request first.');
    return undefined;
  }
  const document = await vscode.workspace.openTextDocument(target);
  const at = line ?? (editor && editor.document.uri.toString() === target.toString() ? editor.selection.active.line : 0);
  const parsed = parseHttpFile(document.getText());
  const request = requestAtLine(parsed, at);
  if (!request) {
    void vscode.window.showWarningMessage(
      `No request at line ${at + 1} of ${vscode.workspace.asRelativePath(target)}: put the cursor between two ### lines, on a request such as "GET https://host/events".`,
    );
    return undefined;
  }

  const environment = await deps.environments.choose(target, options.environment);
  if (environment === null) return undefined;
  const { environment: variables, shared } = environmentScope(readEnvironmentSetting(target), environment);
  const httpFilePath = target.fsPath;
  const workspaceRoot = vscode.workspace.getWorkspaceFolder(target)?.uri.fsPath;
  const system = systemVariables({ env: process.env, dotenv: dotenvLookup(httpFilePath, workspaceRoot, environment, readText) });
  const result = resolveHttpRequest(parsed, request, { environment: variables, shared, environmentName: environment, system }, {
    httpFilePath,
    workspaceRoot,
    read: readText,
  });
  if (!result.ok) {
    const where = `${vscode.workspace.asRelativePath(target)}:${request.line + 1}`;
    void vscode.window.showErrorMessage(`SSE Inspector: the request at ${where} was not sent. ${result.errors.join(' ')}`);
    return undefined;
  }
  const panel = await deps.connect(result.request);
  if (panel) rememberHttpOrigin(panel, { dotenvHeaders: result.request.dotenvHeaders });
  return panel;
}

/** Reads a file next to the .http file; undefined when it is missing or unreadable. */
const readText: ReadText = (path, encoding) => {
  try {
    return readFileSync(path, encoding ?? 'utf8');
  } catch {
    return undefined;
  }
};
