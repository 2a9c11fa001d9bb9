/**
 * Command "SSE Inspector: Insert @Sse() Endpoint": asks the route path and inserts the handler
 * into the class at the cursor, with its imports (see endpointPlan.ts for what is inserted).
 */
import * as vscode from 'vscode';
import { findClassAtOffset } from './analysis/classAtOffset';
import { NOT_IN_CLASS_MESSAGE, planSseEndpoint } from './analysis/endpointPlan';
import { validateRoutePath } from './analysis/names';
import type { TextEdit } from './analysis/textEdits';

/** Optional arguments, for tests and other commands: skip the path question. */
export interface InsertSseEndpointOptions {
  path: string;
}

function isOptions(value: unknown): value is InsertSseEndpointOptions {
  return typeof value === 'object' && value !== null && typeof (value as { path?: unknown }).path === 'string';
}

/** Converts offset edits against `document` into a WorkspaceEdit. */
export function toWorkspaceEdit(document: vscode.TextDocument, edits: readonly TextEdit[], into = new vscode.WorkspaceEdit()): vscode.WorkspaceEdit {
  for (const edit of edits) {
    into.replace(document.uri, new vscode.Range(document.positionAt(edit.start), document.positionAt(edit.end)), edit.text);
  }
  return into;
}

/** The editor's indentation unit: a tab, or `tabSize` spaces. */
function indentUnit(editor: vscode.TextEditor): string {
  const { insertSpaces, tabSize } = editor.options;
  return insertSpaces === false ? '\t' : ' '.repeat(typeof tabSize === 'number' ? tabSize : 2);
}

/**
 * Runs the command on the active editor. `options` (any value; used only when it is
 * `{ path: string }`) skips the path question.
 */
export async function insertSseEndpoint(options?: unknown): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !/^typescript/.test(editor.document.languageId)) {
    void vscode.window.showErrorMessage('Open a TypeScript controller file and place the cursor inside its class, then run "Insert @Sse() Endpoint".');
    return;
  }
  // Check before asking anything, so nobody types a path in vain.
  if (!findClassAtOffset(editor.document.getText(), editor.document.offsetAt(editor.selection.active))) {
    void vscode.window.showErrorMessage(NOT_IN_CLASS_MESSAGE);
    return;
  }
  const path = isOptions(options)
    ? options.path
    : await vscode.window.showInputBox({
        title: 'Insert @Sse() Endpoint',
        prompt: 'Route path of the stream, relative to the controller path (leave empty for the controller path itself)',
        value: 'events',
        validateInput: validateRoutePath,
      });
  if (path === undefined) return;

  // Plan against the text as it is now: the user may have typed while the input box was open.
  const document = editor.document;
  const plan = planSseEndpoint(document.getText(), document.offsetAt(editor.selection.active), path, { indentUnit: indentUnit(editor) });
  if (!plan.ok) {
    void vscode.window.showErrorMessage(plan.message);
    return;
  }
  if (!(await vscode.workspace.applyEdit(toWorkspaceEdit(document, plan.edits)))) {
    void vscode.window.showErrorMessage('Could not insert the endpoint: the file changed or is read-only. Try again.');
    return;
  }
  const at = document.getText().indexOf(`${plan.methodName}(): `);
  if (at >= 0) {
    const position = document.positionAt(at);
    editor.selection = new vscode.Selection(position, position.translate(0, plan.methodName.length));
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }
}
