// Runs the extension suite (out/test/suite/index.js) inside code-server's real extension host,
// the way @vscode/test-electron does on desktop: the workbench page gets `extensionTestsPath` in
// its payload, the extension host runs the suite and then reports its exit code to the page by
// calling window.codeAutomationExit, which Playwright exposes back to us.
//
//   node out/test/runSuiteInCodeServer.js [file-substring ...] [--grep <pattern>] [--timeout <s>]
//
// e.g. `node out/test/runSuiteInCodeServer.js activation` runs only suite/activation.test.js.
// Exit code: the suite's (0 when all passed). Run folder kept under .vscode-test/runs/ on failure.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser } from './host/chromium';
import { startCodeServer } from './host/codeServer';
import { COUNTS_FILE_ENV } from './host/countingReporter';
import { ensureHost } from './host/install';
import { REPO_ROOT } from './host/paths';
import { createRunFolder } from './host/runFolder';
import { SUITE_FILES_ENV, SUITE_GREP_ENV, SUITE_LOG_TAG } from './suite/index';

interface Options {
  readonly files: string[];
  readonly grep?: string;
  readonly timeoutMs: number;
}

const USAGE = 'usage: node out/test/runSuiteInCodeServer.js [file-substring ...] [--grep <pattern>] [--timeout <seconds>]';

function parseArgs(argv: readonly string[]): Options {
  const files: string[] = [];
  let grep: string | undefined;
  let timeoutMs = 180_000;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--grep' && argv[i + 1] !== undefined) grep = argv[++i];
    else if (arg === '--timeout' && Number(argv[i + 1]) > 0) timeoutMs = Number(argv[++i]) * 1000;
    else if (arg.startsWith('-')) throw new Error(`Unknown option ${arg}\n${USAGE}`);
    else files.push(arg);
  }
  return { files, grep, timeoutMs };
}

/** The extension host's console reaches the page console with VS Code's own decoration around it. */
function taggedLine(text: string): string | undefined {
  const at = text.indexOf(SUITE_LOG_TAG);
  if (at < 0) return undefined;
  return text.slice(at + SUITE_LOG_TAG.length + 1).replace(/\s+\(at console\.<anonymous>.*$/s, '');
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const startedAt = Date.now();
  await ensureHost();
  const run = createRunFolder('suite');
  const workspace = join(run.dir, 'workspace');
  mkdirSync(workspace);
  const server = await startCodeServer(run, {
    // The extension host inherits the server's environment: that is how the suite gets its filters.
    env: {
      [SUITE_FILES_ENV]: options.files.join(','),
      [SUITE_GREP_ENV]: options.grep ?? '',
      [COUNTS_FILE_ENV]: process.env[COUNTS_FILE_ENV] ?? '',
    },
  });
  const browser = await launchBrowser(run).catch(async (error: unknown) => {
    await server.stop();
    throw error;
  });
  let exitCode: number;
  try {
    const exited = new Promise<number>((resolve) => {
      void browser.page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
    });
    // Untagged errors (the extension failing to load, say) are shown only if the suite never reports.
    const recentErrors: string[] = [];
    browser.page.on('console', (message) => {
      const line = taggedLine(message.text());
      if (line !== undefined) console.log(line);
      else if (message.type() === 'error' && recentErrors.push(message.text()) > 20) recentErrors.shift();
    });
    browser.page.on('pageerror', (error) => console.error(`[workbench page error] ${error.message}`));
    await browser.page.goto(
      server.workbenchUrl({
        folder: workspace,
        extensionDevelopmentPath: REPO_ROOT,
        extensionTestsPath: join(REPO_ROOT, 'out', 'test', 'suite', 'index.js'),
      }),
      // Playwright's 30 s default is too short for a first load on a busy 2-core machine.
      { timeout: 120_000 },
    );
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<number>((resolve) => {
      timer = setTimeout(() => {
        console.error(
          `The extension suite did not finish within ${options.timeoutMs / 1000} s (raise it with --timeout <seconds>).\n` +
            `Last errors in the workbench console:\n  ${recentErrors.join('\n  ') || '(none)'}`,
        );
        resolve(124);
      }, options.timeoutMs);
    });
    exitCode = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    if (browser.blockedRequests.length > 0) {
      console.log(`Blocked ${browser.blockedRequests.length} non-loopback request(s), e.g. ${browser.blockedRequests[0]}`);
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  if (exitCode === 0) {
    run.remove();
    console.log(`Extension suite passed in code-server in ${seconds} s.`);
  } else {
    console.log(`Extension suite failed (exit code ${exitCode}) in ${seconds} s; logs kept in ${run.dir}`);
  }
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
