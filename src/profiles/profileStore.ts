/**
 * Profiles live in the `sseInspector.profiles` setting; their secret header values live in
 * VS Code's SecretStorage under a key per profile and header, and nowhere else.
 */
import * as vscode from 'vscode';
import { profileProblems, type ConnectionProfile } from './profileModel';

const SETTING = 'profiles';

function secretKey(profileName: string, headerName: string): string {
  return `sseInspector.profile/${encodeURIComponent(profileName)}/${headerName.toLowerCase()}`;
}

export class ProfileStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  /** Usable profiles, plus one line per entry that is not (to show instead of silently skipping). */
  list(): { profiles: ConnectionProfile[]; problems: string[] } {
    const raw = vscode.workspace.getConfiguration('sseInspector').get<unknown[]>(SETTING, []);
    const profiles: ConnectionProfile[] = [];
    const problems: string[] = [];
    (Array.isArray(raw) ? raw : []).forEach((entry, index) => {
      const candidate = (typeof entry === 'object' && entry !== null ? entry : {}) as Partial<ConnectionProfile>;
      const wrong = profileProblems(candidate);
      if (wrong.length === 0) profiles.push(candidate as ConnectionProfile);
      else problems.push(`profile #${index + 1}${candidate.name ? ` "${candidate.name}"` : ''}: ${wrong.join(', ')}`);
    });
    return { profiles, problems };
  }

  /**
   * The secret header values of a profile. A value not stored yet is asked for (password box)
   * and stored; undefined when the user cancels.
   */
  async secretValues(profile: ConnectionProfile): Promise<Record<string, string> | undefined> {
    const values: Record<string, string> = {};
    for (const name of profile.secretHeaders ?? []) {
      const key = secretKey(profile.name, name);
      let value = await this.secrets.get(key);
      if (value === undefined) {
        value = await vscode.window.showInputBox({
          title: `Profile "${profile.name}"`,
          prompt: `Value of the ${name} header. It is kept in VS Code's SecretStorage, never in settings.json.`,
          password: true,
          ignoreFocusOut: true,
          validateInput: (text) => (text.trim() === '' ? 'Enter a value (Escape to cancel).' : undefined),
        });
        if (value === undefined) return undefined;
        await this.secrets.store(key, value);
      }
      values[name] = value;
    }
    return values;
  }

  /** Adds or replaces (by name) a profile in user settings, and stores its secret values. */
  async save(profile: ConnectionProfile, secretValues: Record<string, string>): Promise<void> {
    const config = vscode.workspace.getConfiguration('sseInspector');
    const current = config.get<ConnectionProfile[]>(SETTING, []).filter((p) => p?.name !== profile.name);
    for (const [name, value] of Object.entries(secretValues)) {
      await this.secrets.store(secretKey(profile.name, name), value);
    }
    await config.update(SETTING, [...current, profile], vscode.ConfigurationTarget.Global);
  }

  /** Forgets the stored secret values of a profile: the next connect asks for them again. */
  async forgetSecrets(profile: ConnectionProfile): Promise<void> {
    for (const name of profile.secretHeaders ?? []) await this.secrets.delete(secretKey(profile.name, name));
  }
}
