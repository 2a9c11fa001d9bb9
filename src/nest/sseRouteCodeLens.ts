/**
 * "Inspect stream" above each `@Sse()` handler of a NestJS controller. The URL is the setting
 * `sseInspector.nest.baseUrl` + the global prefix (setting `sseInspector.nest.globalPrefix`, else
 * `app.setGlobalPrefix(…)` in the app's main.ts) + the controller and handler paths.
 */
import * as vscode from 'vscode';
import { findGlobalPrefix, findSseRoutes, routeUrl } from './analysis/nestRoutes';
import type { InspectRouteArgs } from './analysis/inspectRouteArgs';
import { findMainTs, readText } from './projectFiles';

/** The command the lenses run, with one `InspectRouteArgs` argument. */
export const INSPECT_ROUTE_COMMAND = 'sseInspector.inspectRoute';

/** Provides the lenses; fires `onDidChangeCodeLenses` when the settings or a main.ts change. */
export class SseRouteCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.subscriptions = [
      this.changed,
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('sseInspector.nest')) this.changed.fire();
      }),
      // The global prefix lives in main.ts: lenses in other files follow when it is saved.
      vscode.workspace.onDidSaveTextDocument((document) => {
        if (/[\\/]main\.ts$/.test(document.fileName)) this.changed.fire();
      }),
    ];
  }

  /** One lens per `@Sse()` handler in a `@Controller` class. */
  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    const config = vscode.workspace.getConfiguration('sseInspector.nest', document.uri);
    if (!config.get<boolean>('codeLens', true)) return [];
    const text = document.getText();
    if (!text.includes('@Sse')) return [];
    const routes = findSseRoutes(text);
    if (routes.length === 0) return [];
    const prefix = await this.globalPrefix(document.uri, config);
    if (token.isCancellationRequested) return [];
    const baseUrl = config.get<string>('baseUrl', 'http://localhost:3000') || 'http://localhost:3000';
    return routes.map((route) => {
      const args: InspectRouteArgs = {
        url: routeUrl(baseUrl, prefix, route.path),
        method: route.httpMethod,
        needsReview: route.pathIsGuess || /[:*]/.test(route.path),
      };
      const position = new vscode.Position(route.line, route.character);
      return new vscode.CodeLens(new vscode.Range(position, position), {
        title: '$(radio-tower) Inspect stream',
        tooltip: `Connect the SSE Inspector to ${args.method} ${args.url}${args.needsReview ? ' (check the URL first: it has parameters or a computed path)' : ''}`,
        command: INSPECT_ROUTE_COMMAND,
        arguments: [args],
      });
    });
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  /** The setting when set, else `setGlobalPrefix('…')` from the app's main.ts, else none. */
  private async globalPrefix(file: vscode.Uri, config: vscode.WorkspaceConfiguration): Promise<string> {
    const configured = config.get<string>('globalPrefix', '').trim();
    if (configured !== '') return configured;
    const main = await findMainTs(file);
    const mainText = main && (await readText(main));
    return (mainText && findGlobalPrefix(mainText)) ?? '';
  }
}
