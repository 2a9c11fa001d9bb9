/**
 * The one table of commands: every command id the manifest contributes maps to its handler here,
 * and `registerCommands` registers them all at once.
 */
import * as vscode from 'vscode';
import { captureCommands, type CaptureController } from './capture';
import { saveAsCheck } from './checks';
import { connectAgain } from './connect/connectAgain';
import { connectCommand, type ConnectArgument, type ConnectDeps } from './connect/connectCommand';
import { copyAsCurl, type HttpEnvironments, inspectHttpRequest, INSPECT_HTTP_REQUEST_COMMAND, type InspectHttpOptions, withheldHeaders } from './httpFiles';
import { INSPECT_ROUTE_COMMAND, insertSseEndpoint, isInspectRouteArgs, newReplayController, newSseController } from './nest';
import type { InspectorPanel } from './panel/inspectorPanel';
import type { PanelManager } from './panel/panelManager';
import { connectToProfile, forgetProfileSecrets, saveConnectionAsProfile } from './profiles/profileCommands';
import type { ProfileStore } from './profiles/profileStore';
import { exportEvents } from './recordings/exportEvents';
import { openRecording } from './recordings/openRecording';
import type { ReplayServers } from './replay/replayServers';
import { replayServerActions, servePanelRecording, serveRecording, stopServing } from './replay/serveRecording';

export interface CommandDeps extends ConnectDeps {
  panels: PanelManager;
  profiles: ProfileStore;
  httpEnvironments: HttpEnvironments;
  /** Capture Streams…: the running capture and where its recent targets are kept. */
  capture?: { controller: CaptureController; state: vscode.Memento };
  replay: ReplayServers;
}

type Handler = (...args: never[]) => unknown;

/**
 * Panel commands act on the panel a button names, else on the active panel (the palette, the
 * title bar); without one they say how to get one.
 */
function forPanel(panels: PanelManager, run: (panel: InspectorPanel) => unknown): (target?: unknown) => unknown {
  return (target?: unknown) => {
    const panel = panels.target(target);
    if (!panel) {
      void vscode.window.showWarningMessage('No SSE Inspector panel is open. Run "SSE Inspector: Connect…" first.');
      return undefined;
    }
    return run(panel);
  };
}

export function commandTable(deps: CommandDeps): Record<string, Handler> {
  const { panels } = deps;
  return {
    'sseInspector.connect': (argument?: ConnectArgument) => connectCommand(deps, argument),
    // A route with parameters (`:id`) cannot be connected as is: the prompt opens pre-filled.
    [INSPECT_ROUTE_COMMAND]: (argument?: unknown) =>
      isInspectRouteArgs(argument)
        ? connectCommand(deps, argument.needsReview ? { review: argument.url } : { url: argument.url, method: argument.method })
        : connectCommand(deps),
    'sseInspector.insertSseEndpoint': (options?: unknown) => insertSseEndpoint(options),
    'sseInspector.newSseController': (folder?: unknown, options?: unknown) => newSseController(folder, options),
    'sseInspector.connectProfile': (profileName?: string) =>
      connectToProfile(deps.profiles, (options) => connectCommand(deps, options), profileName),
    'sseInspector.saveProfile': forPanel(panels, (panel) => saveConnectionAsProfile(deps.profiles, panel, withheldHeaders(panel))),
    [INSPECT_HTTP_REQUEST_COMMAND]: (uri?: vscode.Uri, line?: number, options?: InspectHttpOptions) =>
      inspectHttpRequest(
        {
          environments: deps.httpEnvironments,
          connect: ({ url, method, headers, body, secretHeaders }) => connectCommand(deps, { url, method, headers, body, secretHeaders }),
        },
        uri,
        line,
        options,
      ),
    'sseInspector.selectHttpEnvironment': () => deps.httpEnvironments.pick(vscode.window.activeTextEditor?.document.uri),
    'sseInspector.copyAsCurl': forPanel(panels, (panel) => copyAsCurl(panel)),
    'sseInspector.forgetProfileSecrets': (profileName?: string) => forgetProfileSecrets(deps.profiles, profileName),
    'sseInspector.disconnect': forPanel(panels, (panel) => panel.session.disconnect()),
    'sseInspector.reconnect': forPanel(panels, (panel) => panel.session.reconnect()),
    'sseInspector.connectAgain': forPanel(panels, (panel) => connectAgain(panel, panels, deps.profiles)),
    'sseInspector.clear': forPanel(panels, (panel) => panel.session.clear()),
    'sseInspector.exportEvents': forPanel(panels, (panel) => exportEvents(panel)),
    'sseInspector.openRecording': (uri?: vscode.Uri) => openRecording(panels, uri),
    ...(deps.capture ? captureCommands(deps.capture.controller, deps.capture.state) : {}),
    // A Uri argument is where to write (the tests pass one); a panel button's argument names its panel.
    'sseInspector.saveAsCheck': (target?: unknown) =>
      target instanceof vscode.Uri ? saveAsCheck(panels.activePanel, target) : saveAsCheck(panels.target(target)),
    'sseInspector.serveRecording': (uri?: unknown, options?: unknown) => serveRecording(deps.replay, uri, options),
    'sseInspector.servePanelRecording': (target?: unknown, options?: unknown) =>
      forPanel(panels, (panel) => servePanelRecording(deps.replay, panel, options))(target),
    'sseInspector.stopServing': (url?: unknown) => stopServing(deps.replay, url),
    'sseInspector.replayServerActions': (url?: unknown) => replayServerActions(deps.replay, url),
    'sseInspector.newSseControllerFromRecording': (uri?: unknown, options?: unknown) => newReplayController(uri, options),
  };
}

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  return Object.entries(commandTable(deps)).map(([id, handler]) =>
    vscode.commands.registerCommand(id, handler as (...args: unknown[]) => unknown),
  );
}
