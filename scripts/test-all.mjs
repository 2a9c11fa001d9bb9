// `npm test`: every check this project has, in order, each one timed, ending with ONE line
// `N passed, N failed[, N skipped]` totalled over all stages, and a non-zero exit on any failure.
//
//   node scripts/test-all.mjs                  everything
//   node scripts/test-all.mjs --only unit,ui   build, then only the named stages
//
// Stages: build, typecheck, lint; then one plain-Node mocha stage per test/<name>/.mocharc.json
// (unit first; a new test folder with such a file joins `npm test` by itself); then host (install
// code-server into .vscode-test/ on first use), suite (mocha inside code-server's extension host)
// and ui (Playwright + Chromium). A check without mocha (build, typecheck, lint, host) counts as
// one test; mocha stages report their own counts through out/test/host/countingReporter.js.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
/** test/<name>/ folders run by mocha in plain Node: those with their own .mocharc.json, unit first. */
const NODE_MOCHA_STAGES = readdirSync(join(ROOT, 'test'))
  .filter((name) => name !== 'ui' && name !== 'suite' && existsSync(join(ROOT, 'test', name, '.mocharc.json')))
  .sort((a, b) => (a === 'unit' ? -1 : b === 'unit' ? 1 : a.localeCompare(b)));
const STAGES = ['build', 'typecheck', 'lint', ...NODE_MOCHA_STAGES, 'host', 'suite', 'ui'];
const ESLINT_CONFIGS = ['eslint.config.js', 'eslint.config.mjs', 'eslint.config.cjs', 'eslint.config.ts', 'eslint.config.mts', 'eslint.config.cts'];
const COUNTING_REPORTER = join(ROOT, 'out/test/host/countingReporter.js');

function parseOnly(argv) {
  const at = argv.indexOf('--only');
  if (at < 0) return STAGES;
  const wanted = (argv[at + 1] ?? '').split(',').filter(Boolean);
  const unknown = wanted.filter((s) => !STAGES.includes(s));
  if (wanted.length === 0 || unknown.length > 0) {
    console.error(`--only takes a comma-separated list of: ${STAGES.join(', ')}${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}`);
    process.exit(2);
  }
  return ['build', ...wanted.filter((s) => s !== 'build')];
}

/** Runs a command with inherited output; resolves to its exit code (never rejects). */
function run(command, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('error', (error) => {
      console.error(`Cannot start ${command}: ${error.message}`);
      resolve(127);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/** Runs a mocha-based stage with the counting reporter; a crash before any count is one failure. */
async function runCounted(command, args) {
  const dir = mkdtempSync(join(tmpdir(), 'sse-counts-'));
  const countsFile = join(dir, 'counts.json');
  try {
    const code = await run(command, args, { SSE_TEST_COUNTS_FILE: countsFile });
    if (!existsSync(countsFile)) {
      return { passed: 0, failed: 1, skipped: 0, note: `exited with code ${code} before reporting any test results` };
    }
    const counts = JSON.parse(readFileSync(countsFile, 'utf8'));
    // A non-zero exit with all tests green (say, a crash in teardown) is still a failure.
    if (code !== 0 && counts.failed === 0) return { ...counts, failed: 1, note: `all tests passed but it exited with code ${code}` };
    return counts;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const check = (code) => (code === 0 ? { passed: 1, failed: 0, skipped: 0 } : { passed: 0, failed: 1, skipped: 0, note: `exit code ${code}` });
const skipped = (note) => ({ passed: 0, failed: 0, skipped: 1, note });

function hasFiles(dir, suffix) {
  if (!existsSync(dir)) return false;
  return readdirSync(dir).some((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? hasFiles(full, suffix) : name.endsWith(suffix);
  });
}

const node = process.execPath;
const mocha = join(ROOT, 'node_modules/mocha/bin/mocha.js');
// Logs (CI, a file) get no colour codes; a terminal keeps mocha's default.
const mochaColor = process.stdout.isTTY ? [] : ['--no-color'];

/** What each stage does; returns counts. `state` carries what later stages depend on. */
const stageRunners = {
  build: async (state) => {
    const result = check(await run(node, ['scripts/build.mjs']));
    state.built = result.failed === 0;
    return result;
  },
  typecheck: async () => check(await run(node, [join(ROOT, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', '.'])),
  lint: async () => {
    if (!ESLINT_CONFIGS.some((f) => existsSync(join(ROOT, f)))) return skipped('no eslint.config.* in the repository');
    // bench/ may not exist yet on a fresh clone (git keeps no empty folders): not an error.
    const eslint = join(ROOT, 'node_modules/eslint/bin/eslint.js');
    return check(await run(node, [eslint, '--no-error-on-unmatched-pattern', 'src', 'test', 'bench', 'scripts']));
  },
  ...Object.fromEntries(
    NODE_MOCHA_STAGES.map((name) => [
      name,
      async (state) => {
        if (!state.built) return { passed: 0, failed: 1, skipped: 0, note: 'not run: the build failed' };
        if (!hasFiles(join(ROOT, 'out/test', name), '.test.js')) return skipped(`no tests (test/${name}/**/*.test.ts)`);
        return runCounted(node, [mocha, ...mochaColor, '--config', `test/${name}/.mocharc.json`, '--reporter', COUNTING_REPORTER]);
      },
    ]),
  ),
  host: async (state) => {
    if (!state.built) return { passed: 0, failed: 1, skipped: 0, note: 'not run: the build failed' };
    const { ensureHost, isHostInstalled } = require(join(ROOT, 'out/test/host/install.js'));
    const { assertSystemPackages, CHROMIUM, KRB5_HEADERS, BUILD_TOOLS } = require(join(ROOT, 'out/test/host/preflight.js'));
    try {
      // Everything missing in one message, before a long install that would fail anyway.
      assertSystemPackages(isHostInstalled() ? [CHROMIUM] : [CHROMIUM, KRB5_HEADERS, ...BUILD_TOOLS]);
      const { installedMs } = await ensureHost((line) => console.log(line));
      state.hostReady = true;
      console.log(installedMs > 0 ? 'Installed the test host.' : 'Test host already installed in .vscode-test/ (skipping install).');
      return check(0);
    } catch (error) {
      console.error(`\n${error.message}\n`);
      // Without the host, suite and UI tests cannot run: say so once, loudly, and stop.
      state.abort = true;
      return { passed: 0, failed: 1, skipped: 0, note: error.name === 'MissingSystemPackagesError' ? 'missing system packages (see above)' : 'install failed (see above)' };
    }
  },
  suite: async (state) => {
    if (!state.hostReady) return { passed: 0, failed: 1, skipped: 0, note: 'not run: the test host is not installed' };
    return runCounted(node, [join(ROOT, 'out/test/runSuiteInCodeServer.js')]);
  },
  ui: async (state) => {
    if (!state.hostReady) return { passed: 0, failed: 1, skipped: 0, note: 'not run: the test host is not installed' };
    if (!hasFiles(join(ROOT, 'out/test/ui'), '.test.js')) return skipped('no UI tests (test/ui/**/*.test.ts)');
    return runCounted(node, [mocha, ...mochaColor, '--config', 'test/ui/.mocharc.json', '--reporter', COUNTING_REPORTER, 'out/test/ui/**/*.test.js']);
  },
};

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

async function main() {
  const selected = parseOnly(process.argv.slice(2));
  const results = [];
  const startedAt = Date.now();

  // A clean clone: install the project's own dependencies exactly as locked.
  if (!existsSync(join(ROOT, 'node_modules'))) {
    console.log('\n=== dependencies: node_modules is missing, running npm ci ===');
    const t = Date.now();
    const code = await run('npm', ['ci', '--no-audit', '--no-fund']);
    results.push({ stage: 'npm ci', ms: Date.now() - t, ...check(code) });
    if (code !== 0) return finish(results, startedAt);
  }

  const state = { built: false, hostReady: false, abort: false };
  for (const stage of STAGES) {
    if (!selected.includes(stage)) continue;
    // The suite and UI stages need the host; with --only it is installed even if not named.
    if ((stage === 'suite' || stage === 'ui') && !state.hostReady && !selected.includes('host')) {
      console.log('\n=== host ===');
      const t = Date.now();
      const host = await stageRunners.host(state);
      results.push({ stage: 'host', ms: Date.now() - t, ...host });
      selected.push('host');
    }
    if (state.abort) break;
    console.log(`\n=== ${stage} ===`);
    const t = Date.now();
    const result = await stageRunners[stage](state).catch((error) => {
      console.error(error);
      return { passed: 0, failed: 1, skipped: 0, note: `crashed: ${error.message}` };
    });
    const ms = Date.now() - t;
    results.push({ stage, ms, ...result });
    const verdict = result.failed > 0 ? 'FAILED' : result.passed > 0 ? 'ok' : 'skipped';
    console.log(`=== ${stage}: ${verdict} in ${seconds(ms)}${result.note ? ` (${result.note})` : ''} ===`);
    if (state.abort) break;
  }
  // Stages that an abort left out are listed, so the table shows what did not run.
  for (const stage of STAGES.filter((s) => selected.includes(s) && !results.some((r) => r.stage === s))) {
    results.push({ stage, ms: 0, passed: 0, failed: 0, skipped: 0, note: 'not run' });
  }
  return finish(results, startedAt);
}

function finish(results, startedAt) {
  console.log(`\n${'stage'.padEnd(11)} ${'result'.padEnd(34)} ${'time'.padStart(8)}`);
  for (const r of results) {
    const counts = `${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''}`;
    console.log(`${r.stage.padEnd(11)} ${counts.padEnd(34)} ${seconds(r.ms).padStart(8)}${r.note ? `  ${r.note}` : ''}`);
  }
  console.log(`${'total'.padEnd(46)} ${seconds(Date.now() - startedAt).padStart(8)}\n`);
  const total = (key) => results.reduce((sum, r) => sum + r[key], 0);
  const failed = total('failed');
  const skippedCount = total('skipped');
  // The one summary line: keep it last and in exactly this form (tools read it).
  console.log(`${total('passed')} passed, ${failed} failed${skippedCount > 0 ? `, ${skippedCount} skipped` : ''}`);
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
