// A whole VS Code workbench for one UI test file: code-server with this extension loaded from
// source (development mode, no packaging), headless Chromium on its page, and a folder open.
import { existsSync, mkdirSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, type Browser } from '../../host/chromium';
import { startCodeServer, type CodeServer } from '../../host/codeServer';
import { ensureHost } from '../../host/install';
import { REPO_ROOT } from '../../host/paths';
import { createRunFolder, type RunFolder } from '../../host/runFolder';
import { saveScreenshot } from './screenshots';
import { serveWebviewsFromOwnOrigin } from './webviewOrigin';

export interface WorkbenchOptions {
  /** Names the run folder and screenshots: the test file's subject, e.g. "smoke". */
  readonly name: string;
  /** Folder to open, absolute or relative to the repository root. Default: an empty folder of the run's own. */
  readonly folder?: string;
  /**
   * Where webviews are served from. 'workbench' (the default, code-server's own choice): the
   * workbench's origin, so each webview is a same-process iframe of the workbench page. 'own':
   * an origin of their own, as VS Code desktop (vscode-webview://) and vscode.dev (a
   * vscode-cdn.net subdomain per webview) serve them, so Chromium renders each in its own
   * process (see webviewOrigin.ts).
   */
  readonly webviewOrigin?: 'workbench' | 'own';
}

export interface Workbench {
  readonly page: Page;
  readonly server: CodeServer;
  readonly browser: Browser;
  readonly run: RunFolder;
  /** The folder open in the workbench. */
  readonly folder: string;
  /** Saves test-results/ui/<name>-<label>.png and returns its path. */
  screenshot(label: string): Promise<string>;
  /** Stops browser and server; deletes the run folder unless `keep` (keep it after a failure: it has the logs). */
  close(options?: { keep?: boolean }): Promise<void>;
}

/** The workbench has rendered, and the extension host has loaded our extension in development mode. */
async function waitForWorkbench(page: Page, timeoutMs: number): Promise<void> {
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: timeoutMs });
  // The title bar says so once the page took the extensionDevelopmentPath payload.
  await page.waitForFunction(() => document.title.includes('[Extension Development Host]'), undefined, {
    timeout: timeoutMs,
  });
}

/** Starts code-server and Chromium and opens the workbench on `options.folder` (about 5 s once installed). */
export async function openWorkbench(options: WorkbenchOptions): Promise<Workbench> {
  await ensureHost();
  const run = createRunFolder(`ui-${options.name}`);
  let folder = join(run.dir, 'workspace');
  if (options.folder === undefined) mkdirSync(folder);
  else folder = isAbsolute(options.folder) ? options.folder : join(REPO_ROOT, options.folder);
  if (!existsSync(folder)) throw new Error(`The folder to open does not exist: ${folder}`);

  const server = await startCodeServer(run);
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser(run, { ownOriginWebviews: options.webviewOrigin === 'own' });
    const page = browser.page;
    if (options.webviewOrigin === 'own') await serveWebviewsFromOwnOrigin(page, server);
    // Playwright's 30 s default is too short for a first load on a busy 2-core machine.
    await page.goto(server.workbenchUrl({ folder, extensionDevelopmentPath: REPO_ROOT }), { timeout: 120_000 });
    await waitForWorkbench(page, 60_000);
    const opened = browser;
    return {
      page,
      server,
      browser: opened,
      run,
      folder,
      screenshot: (label) => saveScreenshot(page, `${options.name}-${label}`),
      close: async ({ keep = false } = {}) => {
        await opened.close();
        await server.stop();
        if (!keep) run.remove();
      },
    };
  } catch (error) {
    await browser?.close();
    await server.stop();
    throw new Error(`${(error as Error).message}\nRun folder with the server log kept: ${run.dir}`);
  }
}

/**
 * Mocha hooks for a UI test file: one workbench for the whole describe block, a screenshot of
 * every failing test (test-results/ui/<name>-failed-<test>.png), and the run folder kept when
 * anything failed. Call it inside describe(); use the returned getter inside tests.
 */
export function useWorkbench(options: WorkbenchOptions): () => Workbench {
  let workbench: Workbench | undefined;
  let failed = false;
  before(async function () {
    this.timeout(240_000); // a first run installs code-server
    workbench = await openWorkbench(options);
  });
  afterEach(async function () {
    if (this.currentTest?.state !== 'failed' || !workbench) return;
    failed = true;
    const file = await workbench.screenshot(`failed-${this.currentTest.title}`);
    console.log(`    screenshot of the failure: ${file}`);
  });
  after(async function () {
    await workbench?.close({ keep: failed });
    if (failed && workbench) console.log(`    run folder kept: ${workbench.run.dir}`);
  });
  return () => {
    if (!workbench) throw new Error('The workbench is not open: call useWorkbench() inside describe() and use it in tests.');
    return workbench;
  };
}
