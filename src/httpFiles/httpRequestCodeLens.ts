/**
 * "Inspect stream" above every request of a .http / .rest file. Registered by file pattern, so
 * it shows without REST Client or httpYac installed. In an untrusted workspace the lenses stay
 * (they say why they will not send), and come back as "Inspect stream" once trusted.
 */
import * as vscode from 'vscode';
import { parseHttpFile } from './analysis/httpFileParser';
import { INSPECT_HTTP_REQUEST_COMMAND } from './inspectHttpRequest';

/** Where the lenses apply: by file name, and by language for untitled or renamed documents. */
export const HTTP_FILE_SELECTOR: vscode.DocumentSelector = [
  { pattern: '**/*.{http,rest}' },
  { language: 'http' },
];

export class HttpRequestCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.subscriptions = [this.changed, vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire())];
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const trusted = vscode.workspace.isTrusted;
    return parseHttpFile(document.getText()).requests.map((request) => {
      const position = new vscode.Position(request.line, 0);
      const target = `${request.sse ? 'SSE' : request.method} ${request.url}`;
      return new vscode.CodeLens(new vscode.Range(position, position), {
        title: trusted ? '$(radio-tower) Inspect stream' : '$(workspace-untrusted) Inspect stream (trust the workspace first)',
        tooltip: trusted
          ? `Open the SSE Inspector on ${target}`
          : 'Requests from .http files are sent only in a trusted workspace. Click for how to trust it.',
        command: INSPECT_HTTP_REQUEST_COMMAND,
        arguments: [document.uri, request.line],
      });
    });
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
  }
}
