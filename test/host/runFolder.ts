// A fresh folder for one run of the host: user data, extensions, XDG dirs, TMPDIR, the browser
// profile and logs all live in it, so nothing is read from or written to the user's home, and two
// runs (or two engineers) never share state. Removed after a passing run, kept after a failing one.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RUNS_DIR } from './paths';

/**
 * User settings that keep the workbench quiet and offline: with these, code-server contacts
 * nothing but localhost (measured), and no welcome page or AI panel steals focus from tests.
 */
const HERMETIC_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
  'chat.disableAIFeatures': true,
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'git.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'security.workspace.trust.enabled': false,
  // The empty chat side bar would take a third of every screenshot.
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

export interface RunFolder {
  readonly dir: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  /** A fresh Chromium profile (launchPersistentContext wants an empty folder). */
  readonly browserProfileDir: string;
  readonly serverLog: string;
  /** Environment for code-server: the caller's, with every per-user location moved in here. */
  readonly env: NodeJS.ProcessEnv;
  /** Deletes the folder (after a passing run). */
  remove(): void;
}

/** Creates `.vscode-test/runs/<kind>-<time>-<pid>/` with hermetic settings. */
export function createRunFolder(kind: string): RunFolder {
  const stampText = new Date().toISOString().replace(/[:.]/g, '-');
  const dir = join(RUNS_DIR, `${kind}-${stampText}-${process.pid}`);
  const userDataDir = join(dir, 'user-data');
  const xdg = join(dir, 'xdg');
  const tmp = join(dir, 'tmp');
  for (const sub of [join(userDataDir, 'User'), join(dir, 'extensions'), join(xdg, 'config'), join(xdg, 'data'), join(xdg, 'cache'), tmp]) {
    mkdirSync(sub, { recursive: true });
  }
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(HERMETIC_SETTINGS, null, 2));
  return {
    dir,
    userDataDir,
    extensionsDir: join(dir, 'extensions'),
    browserProfileDir: join(dir, 'browser'),
    serverLog: join(dir, 'code-server.log'),
    env: {
      ...process.env,
      // Otherwise code-server queries the public extension gallery.
      EXTENSIONS_GALLERY: '{}',
      XDG_CONFIG_HOME: join(xdg, 'config'),
      XDG_DATA_HOME: join(xdg, 'data'),
      XDG_CACHE_HOME: join(xdg, 'cache'),
      // Otherwise its IPC sockets land in /tmp/vscode-*.sock, shared by everyone on the machine.
      TMPDIR: tmp,
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
