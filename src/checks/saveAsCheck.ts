/**
 * "Save as Check…" on a panel: writes a check file that the panel's current stream passes (see
 * core/checks/draft.ts) and opens it. Secret header values never reach the file: they become
 * `${env:NAME}` variables; a profile connection is saved by the profile's name.
 */
import * as vscode from 'vscode';
import { draftCheck, type DraftRequest } from '../core/checks/draft';
import { splitSecretHeaders } from '../core/secretHeaders';
import type { InspectorPanel } from '../panel/inspectorPanel';

/** `Authorization` -> `AUTHORIZATION`: the environment variable a secret header is read from. */
export const envNameFor = (header: string) => header.toUpperCase().replace(/[^A-Z0-9_]/g, '_');

/** The request of a panel's connection, secrets replaced by variables. */
export function draftRequest(panel: InspectorPanel, name: string): DraftRequest {
  const { info } = panel.session;
  const options = panel.session.connectionOptions;
  if (info.profileName) return { name, profile: info.profileName };
  const request: DraftRequest = { name, url: options?.url ?? info.url, method: options?.method ?? info.method };
  const { plain, secrets } = splitSecretHeaders(options?.headers ?? {}, options?.secretHeaders);
  const headers = { ...plain };
  for (const header of Object.keys(secrets)) headers[header] = `\${env:${envNameFor(header)}}`;
  if (Object.keys(headers).length > 0) request.headers = headers;
  if (typeof options?.body === 'string') request.body = options.body;
  return request;
}

export async function saveAsCheck(panel: InspectorPanel | undefined, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  if (!panel) {
    void vscode.window.showWarningMessage('Open an SSE Inspector panel first: Save as Check… turns the stream it shows into a check.');
    return undefined;
  }
  const host = panel.session.info.title.replace(/^SSE |^Recording: /, '');
  const draft = draftCheck(draftRequest(panel, `${host} stream`), panel.session.log.toArray());
  if ('error' in draft) {
    void vscode.window.showWarningMessage(`SSE Inspector: ${draft.error}`);
    return undefined;
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const uri =
    target ??
    (await vscode.window.showSaveDialog({
      title: 'Save as Check',
      defaultUri: folder ? vscode.Uri.joinPath(folder, `${host.replace(/[^a-z0-9.-]+/gi, '_')}.ssecheck.yaml`) : undefined,
      filters: { 'Stream checks': ['ssecheck.yaml', 'yaml'] },
    }));
  if (!uri) return undefined;
  await vscode.workspace.fs.writeFile(uri, Buffer.from(draft.yaml, 'utf8'));
  await vscode.window.showTextDocument(uri);
  return uri;
}
