/**
 * The .vsix as a user gets it: packaged with vsce after a production build, holding only what
 * runs, installed into a fresh code-server with `--install-extension`, and working there with
 * no development path: F1 -> "SSE Inspector: Connect…" to a local SSE server shows the event.
 *
 * The build and the packaging happen in a staging copy of the repository (sources, manifest,
 * docs, assets; node_modules linked), so the shared checkout's dist/ is never overwritten by a
 * minified build while other work runs from it.
 *
 *   node scripts/build.mjs && npx mocha --config test/package/.mocharc.json
 */
import * as assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, type Browser } from '../host/chromium';
import { startCodeServer, type CodeServer } from '../host/codeServer';
import { ensureHost } from '../host/install';
import { CODE_SERVER_ENTRY, EXTENSION_ID, NODE_BIN, REPO_ROOT, TEST_RESULTS_DIR } from '../host/paths';
import { runLogged, tailOf } from '../host/processes';
import { createRunFolder, type RunFolder } from '../host/runFolder';
import { SseTestServer, sse } from '../support/sseServer';
import { connectFromPalette, webviewFrame } from '../ui/support';

/** What the repository contributes to a package build; everything else stays out of the staging copy. */
const STAGED = ['package.json', '.vscodeignore', 'tsconfig.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'src', 'scripts', 'media', 'snippets', 'schemas'];

/** Files the package must hold (paths inside the .vsix, under extension/). */
const REQUIRED = [
  'extension/package.json',
  'extension/dist/extension.js',
  // undici, yaml, ajv and jsonpath-plus, once for the extension and the CLI (scripts/build.mjs).
  'extension/dist/vendor.js',
  // The capture inspector's worker thread: the extension starts it from its own file.
  'extension/dist/captureWorker.js',
  'extension/dist/webview.js',
  'extension/dist/codicons/codicon.css',
  'extension/dist/codicons/codicon.ttf',
  'extension/media/icon.png',
  'extension/media/panel.css',
  'extension/media/wire.css',
  'extension/media/panel-icon.svg',
  'extension/snippets/nestjs-sse.code-snippets',
  'extension/schemas/ssecheck.schema.json',
];
/** Found case-insensitively, with whatever extension vsce gives them (it may add .txt / .md). */
const REQUIRED_DOCS = [/^extension\/readme\.md$/i, /^extension\/changelog\.md$/i, /^extension\/license(\.txt|\.md)?$/i];
/** Nothing of the development side may ship. */
const FORBIDDEN = [/(^|\/)src\//, /(^|\/)test\//, /(^|\/)bench\//, /(^|\/)out\//, /node_modules\//, /\.vscode-test\//, /\.map$/, /\.ts$/, /(^|\/)scripts\//, /tsconfig/, /\.vsix$/];

const EVENT_DATA = 'vsix-installed-event-5c1e';

/**
 * Names of the entries of a zip file, read from its central directory (no zip library: a .vsix
 * is a plain zip, and this is all the test needs).
 */
function zipEntries(file: string): string[] {
  const buffer = readFileSync(file);
  // The end-of-central-directory record: signature 0x06054b50, within the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 65_557); i--) {
    if (buffer.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${file} is not a zip file (no end of central directory)`);
  const entries = buffer.readUInt16LE(eocd + 10);
  let at = buffer.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let n = 0; n < entries; n++) {
    if (buffer.readUInt32LE(at) !== 0x02014b50) throw new Error(`${file}: bad central directory entry ${n}`);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    names.push(buffer.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

/** Relative image paths the README shows (markdown images and <img src>), e.g. media/screenshot.png. */
function readmeImages(): string[] {
  const file = join(REPO_ROOT, 'README.md');
  if (!existsSync(file)) return [];
  const text = readFileSync(file, 'utf8');
  const paths = [...text.matchAll(/!\[[^\]]*\]\(\s*<?([^)\s>]+)/g), ...text.matchAll(/<img\b[^>]*\bsrc=["']([^"']+)["']/gi)].map((m) => m[1]);
  return paths.filter((path) => !/^[a-z][a-z0-9+.-]*:/i.test(path)).map((path) => path.replace(/^\.\//, '').split('#')[0]);
}

/**
 * The vsce arguments of the `package` npm script ("... && vsce package --no-dependencies"), so
 * this test packages exactly as a release does.
 */
function packageScriptVsceArgs(): string[] {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  const script = manifest.scripts?.package;
  const command = script
    ?.split('&&')
    .map((part) => part.trim())
    .find((part) => /^(npx\s+)?vsce\s+package\b/.test(part));
  if (!command) throw new Error(`package.json has no "package" script running "vsce package" (it is: ${JSON.stringify(script)})`);
  return command.replace(/^npx\s+/, '').split(/\s+/).slice(1);
}

/** Copies what a package build needs into `dir`, with node_modules linked, not copied. */
function stage(dir: string): string[] {
  const notes: string[] = [];
  for (const name of STAGED) {
    const from = join(REPO_ROOT, name);
    if (!existsSync(from)) {
      if (name === 'README.md' || name === 'CHANGELOG.md') {
        // vsce wants both; a placeholder keeps this test about packaging while the docs are written.
        cpSync(join(REPO_ROOT, 'package.json'), join(dir, name));
        notes.push(`${name} is missing in the repository: packaged a placeholder`);
        continue;
      }
      throw new Error(`${name} is missing in the repository`);
    }
    cpSync(from, join(dir, name), { recursive: true });
  }
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return notes;
}

describe('the packaged .vsix', function () {
  this.timeout(180_000);
  const work = mkdtempSync(join(tmpdir(), 'sse-vsix-'));
  const staging = join(work, 'staging');
  const vsix = join(work, 'sse-inspector.vsix');
  const log = join(work, 'package.log');
  let entries: string[] = [];
  let vsceArgs: string[] = [];
  let run: RunFolder | undefined;
  let codeServer: CodeServer | undefined;
  let browser: Browser | undefined;
  let events: SseTestServer | undefined;
  let failed = false;

  before(async function () {
    this.timeout(300_000);
    // Until packaging worked, a failure here keeps the staging folder and its package.log.
    failed = true;
    mkdirSync(staging);
    for (const note of stage(staging)) console.log(`    note: ${note}`);
    const env = { ...process.env, NODE_ENV: 'production' };
    await runLogged(process.execPath, ['scripts/build.mjs', '--production'], { cwd: staging, env, logFile: log });
    // The same vsce and the same arguments as `npm run package`, written to our own file.
    const vsce = join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
    vsceArgs = packageScriptVsceArgs();
    await runLogged(process.execPath, [vsce, ...vsceArgs, '--out', vsix], { cwd: staging, env, logFile: log });
    entries = zipEntries(vsix);
    failed = false;
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed') failed = true;
  });

  after(async () => {
    await browser?.close();
    await codeServer?.stop();
    await events?.close();
    if (failed) {
      console.log(`    kept for a look: ${work}${run ? ` and ${run.dir}` : ''}`);
    } else {
      rmSync(work, { recursive: true, force: true });
      run?.remove();
    }
  });

  it('holds the bundles, codicons, media, snippets, manifest and docs', () => {
    const missing = REQUIRED.filter((file) => !entries.includes(file));
    const missingDocs = REQUIRED_DOCS.filter((pattern) => !entries.some((entry) => pattern.test(entry)));
    assert.deepEqual([...missing, ...missingDocs.map(String)], [], `missing from the .vsix; it holds:\n${entries.join('\n')}`);
  });

  it('holds every image the README links relatively, when vsce leaves relative links alone', function () {
    // With --no-rewrite-relative-links, VS Code's extension page resolves README images inside
    // the installed extension: they must ship. Otherwise vsce points them at the web.
    if (!vsceArgs.includes('--no-rewrite-relative-links')) this.skip();
    const missing = readmeImages().filter((path) => !entries.includes(`extension/${path}`));
    assert.deepEqual(missing, [], 'README images missing from the .vsix');
  });

  it('holds nothing that does not run: no sources, tests, node_modules, test host or source maps', () => {
    const extra = entries.filter((entry) => FORBIDDEN.some((pattern) => pattern.test(entry)));
    assert.deepEqual(extra, [], `should not ship`);
    // The whole list, so a new file in the package is a decision, not an accident.
    const files = entries.filter((entry) => entry.startsWith('extension/')).sort();
    const allowed = (entry: string) =>
      REQUIRED.includes(entry) ||
      REQUIRED_DOCS.some((pattern) => pattern.test(entry)) ||
      // The command-line recorder (package.json "bin").
      entry === 'extension/dist/cli.js' ||
      readmeImages().some((path) => entry === `extension/${path}`);
    assert.deepEqual(files.filter((entry) => !allowed(entry)), [], 'files in the .vsix that no one listed as shipped');
    const kib = statSync(vsix).size / 1024;
    console.log(`    ${entries.length} entries, ${kib.toFixed(0)} KiB`);
  });

  it('ships a minified production build', () => {
    const extension = readFileSync(join(staging, 'dist', 'extension.js'), 'utf8');
    assert.ok(!extension.includes('sourceMappingURL'), 'dist/extension.js points at a source map');
    // A minified bundle has long lines; an unminified one averages well under 100 characters.
    const lines = extension.split('\n').length;
    assert.ok(extension.length / lines > 200, `dist/extension.js does not look minified (${lines} lines for ${extension.length} characters)`);
  });

  it('installs into a fresh code-server and connects from the palette', async function () {
    this.timeout(300_000); // a first run installs code-server
    await ensureHost();
    run = createRunFolder('vsix');
    await runLogged(
      NODE_BIN,
      [CODE_SERVER_ENTRY, '--user-data-dir', run.userDataDir, '--extensions-dir', run.extensionsDir, '--install-extension', vsix],
      { cwd: run.dir, env: run.env, logFile: run.serverLog },
    );
    const installed = readdirSync(run.extensionsDir).filter((name) => name.toLowerCase().startsWith(`${EXTENSION_ID}-`));
    assert.equal(installed.length, 1, `expected one ${EXTENSION_ID}-<version> folder in ${run.extensionsDir}; install log:\n${tailOf(run.serverLog)}`);
    // It is the package's content, not a link to this checkout.
    assert.ok(!existsSync(join(run.extensionsDir, installed[0], 'src')), 'the installed extension has a src/ folder');

    events = await SseTestServer.start();
    events.route('/events', sse([`event: greeting\ndata: ${EVENT_DATA}\n\n`], { end: 'hang' }));
    codeServer = await startCodeServer(run);
    browser = await launchBrowser(run);
    const page = browser.page;
    const workspace = join(run.dir, 'workspace');
    mkdirSync(workspace);
    // No extensionDevelopmentPath: the extension can only come from the extensions folder.
    await page.goto(codeServer.workbenchUrl({ folder: workspace }));
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
    try {
      const url = events.url('/events');
      await connectFromPalette(page, url);
      await webviewFrame(page).locator('.sse-row', { hasText: EVENT_DATA }).waitFor({ timeout: 30_000 });
      assert.ok(!(await page.title()).includes('[Extension Development Host]'), 'the workbench runs in development mode');
      assert.deepEqual(browser.blockedRequests, [], 'the workbench tried to reach the internet');
    } finally {
      mkdirSync(join(TEST_RESULTS_DIR, 'package'), { recursive: true });
      await page.screenshot({ path: join(TEST_RESULTS_DIR, 'package', 'vsix-installed-connected.png') });
    }
  });
});
