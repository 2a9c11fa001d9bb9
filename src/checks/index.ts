/**
 * Stream checks in the editor: the Testing view's controller, its run profile, "Open Recording"
 * on a failure, and "Save as Check…". Everything is returned as disposables for activate().
 */
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ProfileResolver } from '../core/checks/runner';
import { profileToOptions } from '../profiles/profileModel';
import type { PanelManager } from '../panel/panelManager';
import type { ProfileStore } from '../profiles/profileStore';
import { openRecording } from '../recordings/openRecording';
import { readSettings } from '../settings';
import { CheckRunner, OPEN_CHECK_RECORDING_COMMAND, type CheckRunReport } from './checkRun';
import { CheckTests } from './checkTests';

export { saveAsCheck } from './saveAsCheck';
export { OPEN_CHECK_RECORDING_COMMAND } from './checkRun';

/** What the extension's API exposes of checks (read by the extension tests). */
export interface ChecksApi {
  controller: vscode.TestController;
  /** Resolves when the first scan of the workspace is done. */
  ready: Promise<void>;
  /** The latest result of each check that ran, by test id. */
  reports: ReadonlyMap<string, CheckRunReport>;
  onDidFinishRun: vscode.Event<readonly CheckRunReport[]>;
}

/** Profiles by name, secrets from SecretStorage (asked for once when missing). */
function profileResolver(profiles: ProfileStore): ProfileResolver {
  return async (name) => {
    const { profiles: list } = profiles.list();
    const profile = list.find((p) => p.name === name);
    if (!profile) {
      const known = list.length > 0 ? `the profiles are: ${list.map((p) => `"${p.name}"`).join(', ')}` : 'there are none yet: "SSE Inspector: Save Connection as Profile…" makes one';
      return { error: `request.profile: no profile named "${name}" in the sseInspector.profiles setting (${known})` };
    }
    const secrets = await profiles.secretValues(profile);
    if (!secrets) return { error: `request.profile: the secrets of profile "${name}" were not entered` };
    const settings = readSettings();
    return profileToOptions(profile, secrets, { retryMs: settings.defaultRetryMs, maxEventBytes: settings.maxEventBytes });
  };
}

export function registerChecks(context: vscode.ExtensionContext, panels: PanelManager, profiles: ProfileStore): { api: ChecksApi; disposables: vscode.Disposable[] } {
  const tests = new CheckTests();
  const runner = new CheckRunner(tests, join(context.globalStorageUri.fsPath, 'check-recordings'), profileResolver(profiles));
  const profile = tests.controller.createRunProfile('Run', vscode.TestRunProfileKind.Run, (request, token) => runner.run(request, token), true);
  const openCommand = vscode.commands.registerCommand(OPEN_CHECK_RECORDING_COMMAND, async (argument?: { test?: vscode.TestItem }) => {
    const recording = argument?.test ? runner.reports.get(argument.test.id)?.recording : undefined;
    if (!recording) {
      void vscode.window.showWarningMessage('SSE Inspector: this check has no recording yet: run it first.');
      return undefined;
    }
    return openRecording(panels, vscode.Uri.file(recording));
  });
  return {
    api: { controller: tests.controller, ready: tests.ready, reports: runner.reports, onDidFinishRun: runner.onDidFinishRun },
    disposables: [tests, runner, profile, openCommand],
  };
}
