import * as vscode from 'vscode';

// Placeholder wiring while the panel is being built; replaced by the command table.
export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('sseInspector.connect', async () => {
      await vscode.window.showInformationMessage('SSE Inspector: Connect… is being built');
    }),
  );
}

export function deactivate(): void {}
