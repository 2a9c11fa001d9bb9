/**
 * Activation: wiring only. Everything created here is registered with the extension context,
 * the one place disposables are released.
 */
import * as vscode from 'vscode';
import { CaptureController } from './capture';
import { registerChecks, type ChecksApi } from './checks';
import { registerCommands } from './commands';
import { RecentUrls } from './connect/recentUrls';
import { HTTP_FILE_SELECTOR, HttpEnvironments, HttpRequestCodeLensProvider } from './httpFiles';
import { SseRouteCodeLensProvider } from './nest';
import type { InspectorPanel } from './panel/inspectorPanel';
import { askRequestDetails } from './connect/requestDetails';
import { PanelManager } from './panel/panelManager';
import { ProfileStore } from './profiles/profileStore';
import { ReplayServers } from './replay/replayServers';

/** What the extension exports: read by the extension tests (and other extensions, if they wish). */
export interface SseInspectorApi {
  /** The open inspector panels, newest last. */
  panels(): readonly InspectorPanel[];
  /** The capture proxy's address while Capture Streams… runs. */
  captureAddress(): string | undefined;
  /** The capture's status bar item (text, tooltip) while Capture Streams… runs. */
  captureStatus(): { text: string; tooltip: string } | undefined;
  /** Stream checks in the Testing view. */
  checks: ChecksApi;
}

export function activate(context: vscode.ExtensionContext): SseInspectorApi {
  const panels = new PanelManager(context.extensionUri);
  const recent = new RecentUrls(context.globalState);
  const profiles = new ProfileStore(context.secrets);
  const checks = registerChecks(context, panels, profiles);
  const routeLenses = new SseRouteCodeLensProvider();
  const httpLenses = new HttpRequestCodeLensProvider();
  const httpEnvironments = new HttpEnvironments(context.workspaceState);
  // Disposed with the extension (deactivation, window closed): the capture's port closes.
  const capture = new CaptureController(panels);
  // Replay servers close their ports when the extension is disposed (window closed, disabled).
  const replay = new ReplayServers();
  context.subscriptions.push(
    panels,
    capture,
    replay,
    ...registerCommands({
      panels,
      recent,
      profiles,
      askRequestDetails,
      httpEnvironments,
      capture: { controller: capture, state: context.globalState },
      replay,
    }),
    ...checks.disposables,
    routeLenses,
    vscode.languages.registerCodeLensProvider(
      [
        { language: 'typescript', scheme: 'file' },
        { language: 'typescript', scheme: 'untitled' },
      ],
      routeLenses,
    ),
    httpLenses,
    vscode.languages.registerCodeLensProvider(HTTP_FILE_SELECTOR, httpLenses),
  );
  return { panels: () => panels.all, captureAddress: () => capture.address, captureStatus: () => capture.status, checks: checks.api };
}

export function deactivate(): void {
  // Panels and connections are released through context.subscriptions.
}
