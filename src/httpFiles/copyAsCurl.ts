/**
 * "Copy as curl" for a live panel: its request as a curl command on the clipboard. Secret header
 * values stay out of it: they become shell variables the user sets first.
 */
import * as vscode from 'vscode';
import { toCurl } from '../core/curl';
import type { InspectorPanel } from '../panel/inspectorPanel';

/** Copies the command and returns it (undefined when there is no live panel). */
export async function copyAsCurl(panel: InspectorPanel | undefined): Promise<string | undefined> {
  const options = panel?.session.connectionOptions;
  if (!panel || !options) {
    void vscode.window.showWarningMessage('Focus a live SSE Inspector panel first: its request is what gets copied.');
    return undefined;
  }
  const { command, variables } = toCurl(options);
  await vscode.env.clipboard.writeText(command);
  const note = variables.length > 0 ? ` Secret values are not in it: set ${variables.map((v) => `$${v}`).join(', ')} in your shell first.` : '';
  void vscode.window.showInformationMessage(`Copied the request as a curl command.${note}`);
  return command;
}
