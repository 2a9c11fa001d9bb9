// Runs the same extension suite (out/test/suite/index.js) in VS Code desktop through
// @vscode/test-electron, for machines with a display and internet (it downloads VS Code from
// Microsoft's update server on first use; that download fails on the project's build machines,
// where test/runSuiteInCodeServer.ts runs the suite in code-server instead).
//
//   node out/test/runSuiteDesktop.js [file-substring ...] [--grep <pattern>]
//
// VSCODE_EXECUTABLE_PATH=<path to an installed `code`> skips the download; VSCODE_VERSION picks
// the version to download (default: the stable release).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { COUNTS_FILE_ENV } from './host/countingReporter';
import { REPO_ROOT } from './host/paths';
import { SUITE_FILES_ENV, SUITE_GREP_ENV } from './suite/index';

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const grepAt = argv.indexOf('--grep');
  const grep = grepAt >= 0 ? argv.splice(grepAt, 2)[1] : undefined;
  const workspace = mkdtempSync(join(tmpdir(), 'sse-inspector-suite-'));
  try {
    return await runTests({
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: join(REPO_ROOT, 'out', 'test', 'suite', 'index.js'),
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE_PATH || undefined,
      version: process.env.VSCODE_VERSION || undefined,
      // Other installed extensions would make the run depend on the machine.
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
      extensionTestsEnv: {
        [SUITE_FILES_ENV]: argv.join(','),
        [SUITE_GREP_ENV]: grep ?? '',
        [COUNTS_FILE_ENV]: process.env[COUNTS_FILE_ENV] ?? '',
      },
    });
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    // runTests rejects with TestRunFailedError when the suite fails: its message is enough.
    console.error(`The extension suite did not pass in VS Code desktop: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  },
);
