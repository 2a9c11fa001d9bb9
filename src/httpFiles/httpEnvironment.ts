/**
 * Which of REST Client's `rest-client.environmentVariables` environments a request uses. With
 * one environment, that one; with several, the one picked before in this workspace, else the user
 * picks (and can change it with "Select .http Environment…"). "No Environment" keeps `$shared`.
 */
import * as vscode from 'vscode';
import { environmentNames } from './analysis/environments';

const STATE_KEY = 'sseInspector.httpEnvironment';
/** Stored for "No Environment" (undefined means "never picked"). */
const NONE = '';

/** The `rest-client.environmentVariables` setting for this resource (any extension's or none). */
export function readEnvironmentSetting(uri: vscode.Uri | undefined): unknown {
  return vscode.workspace.getConfiguration('rest-client', uri).get<unknown>('environmentVariables');
}

export class HttpEnvironments {
  constructor(private readonly state: vscode.Memento) {}

  /**
   * The environment to use: `given` when it exists, else as described above. `null` when the user
   * cancelled the picker; undefined for "No Environment".
   */
  async choose(uri: vscode.Uri | undefined, given?: string): Promise<string | undefined | null> {
    const names = environmentNames(readEnvironmentSetting(uri));
    if (given !== undefined) return names.includes(given) ? given : undefined;
    if (names.length === 0) return undefined;
    if (names.length === 1) return names[0];
    const stored = this.state.get<string>(STATE_KEY);
    if (stored === NONE) return undefined;
    if (stored !== undefined && names.includes(stored)) return stored;
    return this.pick(uri);
  }

  /** Asks which environment and remembers the answer for this workspace. `null` when cancelled. */
  async pick(uri: vscode.Uri | undefined): Promise<string | undefined | null> {
    const names = environmentNames(readEnvironmentSetting(uri));
    if (names.length === 0) {
      void vscode.window.showInformationMessage(
        'No environments are defined: add them to the "rest-client.environmentVariables" setting ("$shared" plus one object per environment).',
      );
      return undefined;
    }
    const current = this.state.get<string>(STATE_KEY);
    const picked = await vscode.window.showQuickPick(
      [
        ...names.map((name) => ({ label: name, description: name === current ? 'current' : undefined, name })),
        { label: 'No Environment', description: 'only the variables of "$shared"', name: NONE },
      ],
      { title: 'SSE Inspector: .http environment', placeHolder: 'Which rest-client.environmentVariables environment do requests use?' },
    );
    if (!picked) return null;
    await this.state.update(STATE_KEY, picked.name);
    return picked.name === NONE ? undefined : picked.name;
  }
}
