// The mocha entry that VS Code's extension host loads through `extensionTestsPath`: the same file
// serves code-server (test/runSuiteInCodeServer.ts) and VS Code desktop (test/runSuiteDesktop.ts).
// It finds every *.test.js beside it, runs them, and resolves or rejects; the host turns that
// into its exit code.
import Mocha from 'mocha';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { format } from 'node:util';
import CountingReporter from '../host/countingReporter';

/**
 * Prefix of every reporter line. In code-server the extension host's console reaches only the
 * browser page's console, mixed with the workbench's own messages; the runner prints the lines
 * carrying this tag, and only those.
 */
export const SUITE_LOG_TAG = '[sse-suite]';

/** Comma-separated substrings of suite file paths to run (all files when unset), e.g. "activation". */
export const SUITE_FILES_ENV = 'SSE_SUITE_FILES';
/** A mocha --grep pattern over test titles. */
export const SUITE_GREP_ENV = 'SSE_SUITE_GREP';

function testFilesBelow(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return testFilesBelow(full);
    return name.endsWith('.test.js') ? [full] : [];
  });
}

/** The user asked for suite files that do not exist: say which exist, without a stack trace. */
class SuiteSelectionError extends Error {}

function selectedFiles(): string[] {
  const all = testFilesBelow(__dirname).sort();
  const wanted = (process.env[SUITE_FILES_ENV] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (wanted.length === 0) return all;
  const picked = all.filter((file) => wanted.some((w) => relative(__dirname, file).includes(w)));
  if (picked.length === 0) {
    throw new SuiteSelectionError(
      `${SUITE_FILES_ENV}=${wanted.join(',')} matches no suite file; there are: ` +
        all.map((file) => relative(__dirname, file)).join(', '),
    );
  }
  return picked;
}

/** Called by the extension host after the extension under development is loaded. */
export function run(): Promise<void> {
  // Every reporter line goes through Base.consoleLog: format it ourselves (the reporter passes
  // printf-style arguments) and tag each line.
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => {
    for (const line of format(...args).split('\n')) console.log(`${SUITE_LOG_TAG} ${line}`);
  };
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 20_000, reporter: CountingReporter });
  const grep = process.env[SUITE_GREP_ENV];
  if (grep) mocha.grep(grep);
  return new Promise<void>((resolve, reject) => {
    try {
      for (const file of selectedFiles()) mocha.addFile(file);
      mocha.run((failures) => {
        if (failures > 0) reject(new Error(`${failures} extension test(s) failed.`));
        else resolve();
      });
    } catch (error) {
      // Printed here because the host's own report of a rejected run() is easy to miss.
      const detail = error instanceof SuiteSelectionError ? error.message : ((error as Error).stack ?? String(error));
      console.log(`${SUITE_LOG_TAG} Could not run the suite: ${detail}`);
      reject(error);
    }
  });
}
