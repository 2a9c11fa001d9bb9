/**
 * Activation: wiring only. Everything created here is registered with the extension context,
 * the one place disposables are released.
 */
import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { RecentUrls } from './connect/recentUrls';
import { INSPECT_ROUTE_COMMAND, SseRouteCodeLensProvider, type InspectRouteArgs } from './nest';
import type { InspectorPanel } from './panel/inspectorPanel';
import { askRequestDetails } from './connect/requestDetails';
import { PanelManager } from './panel/panelManager';
import { connectToProfile, saveConnectionAsProfile } from './profiles/profileCommands';
import { ProfileStore } from './profiles/profileStore';
import { exportEvents } from './recordings/exportEvents';
import { openRecording } from './recordings/openRecording';

/** What the extension exports: read by the extension tests (and other extensions, if they wish). */
export interface SseInspectorApi {
  /** The open inspector panels, newest last. */
  panels(): readonly InspectorPanel[];
}

export function activate(context: vscode.ExtensionContext): SseInspectorApi {
  const panels = new PanelManager(context.extensionUri);
  const recent = new RecentUrls(context.globalState);
  const profiles = new ProfileStore(context.secrets);
  panels.setControls({
    exportEvents: async (panel) => {
      await exportEvents(panel);
    },
    saveProfile: (panel) => saveConnectionAsProfile(profiles, panel),
    reconnectRestored: async (panel) => {
      const { profileName, url, method } = panel.session.info;
      if (profileName) {
        // In place, so the panel keeps its filter; the profile brings the headers and secrets back.
        await connectToProfile(profiles, async ({ profileName: _name, ...options }) => {
          panel.session.replaceConnection(options);
          panel.session.connect();
          return panel;
        }, profileName);
      } else if (method === 'GET') {
        panel.session.connect();
      } else {
        // A body is not kept across a reload: ask, with the URL pre-filled, in a new panel.
        const reopened = await vscode.commands.executeCommand(INSPECT_ROUTE_COMMAND, { url, method, needsReview: true } satisfies InspectRouteArgs);
        if (reopened) panel.dispose();
      }
    },
    reopenRecording: async (panel) => {
      const source = panel.session.info.sourcePath;
      if (!source) return;
      // Loads into this very panel: openRecording reuses the one showing the same file.
      await openRecording(panels, vscode.Uri.file(source));
    },
  });
  const routeLenses = new SseRouteCodeLensProvider();
  context.subscriptions.push(
    panels,
    ...registerCommands({ panels, recent, profiles, askRequestDetails }),
    routeLenses,
    vscode.languages.registerCodeLensProvider(
      [
        { language: 'typescript', scheme: 'file' },
        { language: 'typescript', scheme: 'untitled' },
      ],
      routeLenses,
    ),
  );
  return { panels: () => panels.all };
}

export function deactivate(): void {
  // Panels and connections are released through context.subscriptions.
}
