/** Connect to Profile… and Save Connection as Profile…. */
import * as vscode from 'vscode';
import { optionsToProfile, profileToOptions } from './profileModel';
import type { InspectorPanel } from '../panel/inspectorPanel';
import { sessionLabel } from '../panel/sessionTitle';
import { readSettings } from '../settings';
import type { ProfileStore } from './profileStore';
import type { LlmFormatChoice } from '../shared/protocol';

/** Asks which profile, fills in its secrets, and hands the options to `connect`. */
export async function connectToProfile(
  store: ProfileStore,
  connect: (options: ReturnType<typeof profileToOptions> & { profileName: string; llmFormat?: LlmFormatChoice }) => Promise<InspectorPanel | undefined>,
  profileName?: string,
): Promise<InspectorPanel | undefined> {
  const { profiles, problems } = store.list();
  if (problems.length > 0) {
    void vscode.window.showWarningMessage(`SSE Inspector: some profiles in settings cannot be used: ${problems.join('; ')}`);
  }
  let profile = profileName ? profiles.find((p) => p.name === profileName) : undefined;
  if (!profile) {
    if (profiles.length === 0) {
      const choice = await vscode.window.showInformationMessage(
        'No connection profiles yet. Add one to the "sseInspector.profiles" setting, or use "Save Connection as Profile…" from a panel.',
        'Open Settings',
      );
      if (choice) await vscode.commands.executeCommand('workbench.action.openSettingsJson');
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      profiles.map((p) => ({ label: p.name, description: `${p.method ?? 'GET'} ${p.url}`, profile: p })),
      { title: 'SSE Inspector: Connect to Profile', placeHolder: 'Which profile?' },
    );
    if (!picked) return undefined;
    profile = picked.profile;
  }
  const secrets = await store.secretValues(profile);
  if (!secrets) return undefined;
  const settings = readSettings();
  const options = profileToOptions(profile, secrets, { retryMs: settings.defaultRetryMs, maxEventBytes: settings.maxEventBytes });
  const llmFormat = profile.llmFormat as LlmFormatChoice | undefined;
  return connect({ ...options, profileName: profile.name, ...(llmFormat && llmFormat !== 'auto' ? { llmFormat } : {}) });
}

/**
 * Saves what a panel connected with: plain parts in settings, secret header values in SecretStorage.
 * `withheld` headers (values from a .env file) are saved as secret names without a value: the
 * profile asks for them at connect.
 */
export async function saveConnectionAsProfile(store: ProfileStore, panel: InspectorPanel | undefined, withheld: readonly string[] = []): Promise<void> {
  const options = panel?.session.connectionOptions;
  if (!panel || !options) {
    void vscode.window.showWarningMessage('Focus a live SSE Inspector panel first: its connection is what gets saved.');
    return;
  }
  const taken = new Set(store.list().profiles.map((p) => p.name));
  const name = await vscode.window.showInputBox({
    title: 'Save Connection as Profile',
    prompt: 'Profile name (an existing name is replaced)',
    value: panel.session.info.profileName ?? sessionLabel(panel.session.info),
    validateInput: (text) => (text.trim() === '' ? 'Enter a name.' : undefined),
  });
  if (name === undefined) return;
  const { profile, secretValues: allSecrets } = optionsToProfile(name.trim(), options, panel.llm.format);
  const held = new Set(withheld.map((n) => n.toLowerCase()));
  const secretValues = Object.fromEntries(Object.entries(allSecrets).filter(([n]) => !held.has(n.toLowerCase())));
  await store.save(profile, secretValues);
  panel.session.nameProfile(profile.name);
  const kept = Object.keys(secretValues);
  const asked = (profile.secretHeaders ?? []).filter((n) => !kept.includes(n));
  const secretNote =
    (kept.length ? ` ${kept.join(', ')} kept in SecretStorage.` : '') +
    (asked.length ? ` ${asked.join(', ')} came from a .env file and is not stored: you are asked for it at connect.` : '');
  void vscode.window.showInformationMessage(
    `${taken.has(profile.name) ? 'Updated' : 'Saved'} profile "${profile.name}" in user settings.${secretNote}`,
  );
}

/**
 * Forgets the stored secret header values of a profile (an expired or wrong token): the next
 * Connect to Profile… asks for them again.
 */
export async function forgetProfileSecrets(store: ProfileStore, profileName?: string): Promise<void> {
  const withSecrets = store.list().profiles.filter((p) => (p.secretHeaders ?? []).length > 0);
  let profile = profileName ? withSecrets.find((p) => p.name === profileName) : undefined;
  if (!profile) {
    if (withSecrets.length === 0) {
      void vscode.window.showInformationMessage('No profile has secret headers: there is nothing to forget.');
      return;
    }
    const picked = await vscode.window.showQuickPick(
      withSecrets.map((p) => ({ label: p.name, description: (p.secretHeaders ?? []).join(', '), profile: p })),
      { title: 'SSE Inspector: Forget Profile Secrets', placeHolder: 'Whose stored secrets? You are asked for them at the next connect.' },
    );
    if (!picked) return;
    profile = picked.profile;
  }
  await store.forgetSecrets(profile);
  void vscode.window.showInformationMessage(
    `Forgot the stored ${(profile.secretHeaders ?? []).join(', ')} of profile "${profile.name}": Connect to Profile… asks for them again.`,
  );
}
