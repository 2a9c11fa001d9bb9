/**
 * "Connect again" on a closed panel: a live panel connects once more; a panel restored after a
 * window reload lost its headers and body (they may hold secrets), so it goes through its profile,
 * or through Connect… pre-filled; a recording's panel loads its file again.
 */
import * as vscode from 'vscode';
import { INSPECT_ROUTE_COMMAND, type InspectRouteArgs } from '../nest';
import type { InspectorPanel } from '../panel/inspectorPanel';
import type { PanelManager } from '../panel/panelManager';
import { connectToProfile } from '../profiles/profileCommands';
import type { ProfileStore } from '../profiles/profileStore';
import { openRecording } from '../recordings/openRecording';

export async function connectAgain(panel: InspectorPanel, panels: PanelManager, profiles: ProfileStore): Promise<void> {
  const session = panel.session;
  if (!session.isLive) {
    const source = session.info.sourcePath;
    // Loads into this very panel: openRecording reuses the one showing the same file.
    if (source) await openRecording(panels, vscode.Uri.file(source));
    return;
  }
  if (!panel.restoredFromReload) {
    session.connect();
    return;
  }
  const { profileName, url, method } = session.info;
  if (profileName) {
    // In place, so the panel keeps its filter; the profile brings the headers and secrets back.
    await connectToProfile(profiles, async ({ profileName: _name, llmFormat: _format, ...options }) => {
      session.replaceConnection(options);
      session.connect();
      return panel;
    }, profileName);
  } else if (method === 'GET') {
    session.connect();
  } else {
    // A body is not kept across a reload: ask, with the URL pre-filled, in a new panel.
    const reopened = await vscode.commands.executeCommand(INSPECT_ROUTE_COMMAND, { url, method, needsReview: true } satisfies InspectRouteArgs);
    if (reopened) panel.dispose();
  }
}
