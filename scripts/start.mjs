// `npm start`: try the extension in a real VS Code in your browser, with a demo SSE stream to
// look at. Installs what is missing (node_modules, the code-server test host), builds, starts the
// demo SSE server and code-server with this extension loaded from source, prints the address to
// open, keeps the build watching, and stops everything on Ctrl+C.
//
//   node scripts/start.mjs [--port 8080]
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const DEMO_PORT = 3917;
const DEMO_SCRIPT = join(ROOT, 'scripts/demo-server.mjs');
const DEMO_READY_TIMEOUT_MS = 90_000;

function parseArgs(argv) {
  let port = 8080;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--port' && Number.isInteger(Number(argv[i + 1])) && Number(argv[i + 1]) > 0) port = Number(argv[++i]);
    else {
      console.error(`Unknown argument ${argv[i]}\nusage: npm start -- [--port <code-server port, default 8080>]`);
      process.exit(2);
    }
  }
  return { port };
}

/** Runs a command to completion with inherited output; throws when it fails. */
function runOrThrow(command, args, what) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit' });
    child.on('error', (error) => reject(new Error(`${what}: cannot start ${command}: ${error.message}`)));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${what} failed (exit code ${code}); see the output above.`))));
  });
}

/** Children that must not outlive us; each leads its own process group. */
const children = new Set();

function spawnGroup(command, args) {
  const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

function killGroups(signal) {
  for (const child of children) {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // Already gone.
    }
  }
}
process.on('exit', () => killGroups('SIGKILL'));

/** Copies a child's output to ours, each line prefixed, and calls onLine for each. */
function relay(child, prefix, onLine = () => {}) {
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      console.log(`${prefix} ${line}`);
      onLine(line);
    });
  }
}

/** Starts the demo SSE server and resolves with the URL it printed once listening. */
function startDemoServer() {
  if (!existsSync(DEMO_SCRIPT)) {
    throw new Error(
      `The demo SSE server is not in this checkout yet: ${DEMO_SCRIPT} is missing.\n` +
        `npm start runs \`node scripts/demo-server.mjs --port ${DEMO_PORT}\` (the NestJS demo app); add it, then try again.`,
    );
  }
  const expected = `http://127.0.0.1:${DEMO_PORT}`;
  const child = spawnGroup(process.execPath, [DEMO_SCRIPT, '--port', String(DEMO_PORT)]);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`The demo server did not print ${expected} within ${DEMO_READY_TIMEOUT_MS / 1000} s (see [demo] lines above).`)),
      DEMO_READY_TIMEOUT_MS,
    );
    relay(child, '[demo]', (line) => {
      const url = line.match(/http:\/\/127\.0\.0\.1:\d+\S*/)?.[0];
      if (line.includes(expected) && url) {
        clearTimeout(timer);
        resolve({ child, url });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The demo server exited (code ${code}) before listening; is port ${DEMO_PORT} free? See [demo] lines above.`));
    });
  });
}

/** The URL Connect… offers when there is no recent one: the sseInspector.demoUrl setting's default. */
function demoStreamUrl() {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  return manifest.contributes?.configuration?.properties?.['sseInspector.demoUrl']?.default ?? `http://127.0.0.1:${DEMO_PORT}/events`;
}

async function main() {
  const { port } = parseArgs(process.argv.slice(2));
  if (!existsSync(join(ROOT, 'node_modules'))) {
    console.log('node_modules is missing: running npm ci ...');
    await runOrThrow('npm', ['ci', '--no-audit', '--no-fund'], 'npm ci');
  }
  await runOrThrow(process.execPath, ['scripts/build.mjs'], 'The build');
  // The host helpers are TypeScript, compiled by the build above.
  const { ensureHost } = require(join(ROOT, 'out/test/host/install.js'));
  const { startCodeServer } = require(join(ROOT, 'out/test/host/codeServer.js'));
  const { createRunFolder } = require(join(ROOT, 'out/test/host/runFolder.js'));
  await ensureHost((line) => console.log(line));

  const demo = await startDemoServer();
  const run = createRunFolder('start');
  const server = await startCodeServer(run, { port });
  const folder = existsSync(join(ROOT, 'demo')) ? join(ROOT, 'demo') : ROOT;
  const url = server.workbenchUrl({ folder, extensionDevelopmentPath: ROOT });

  // Rebuild on change: "Developer: Reload Window" in the browser then loads the new code.
  const watcher = spawnGroup(process.execPath, ['scripts/build.mjs', '--watch']);
  relay(watcher, '[build]');

  console.log(
    [
      '',
      'SSE Inspector is running.',
      `  Open in a browser:  ${url}`,
      `  Demo SSE server:    ${demo.url}`,
      `  Demo stream:        ${demoStreamUrl()} (what Connect… offers first)`,
      `  Workspace folder:   ${folder}`,
      `  code-server log:    ${run.serverLog}`,
      'Run "SSE Inspector: Connect…" from the command palette (F1). Notifications show under the bell',
      '(bottom right): this development mode hides pop-up toasts. Edits rebuild; reload the window to load them.',
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stop = async (code) => {
    // Our own kills make the children exit, which calls stop again: once is enough.
    if (stopping) return;
    stopping = true;
    killGroups('SIGTERM');
    await server.stop();
    if (code === 0) run.remove(); // after a failure the run folder keeps code-server's log
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  server.child.on('exit', (code) => {
    if (stopping) return;
    console.error(`code-server exited unexpectedly (code ${code}); its log: ${run.serverLog}`);
    void stop(1);
  });
  demo.child.on('exit', (code) => {
    if (stopping) return;
    console.error(`The demo server exited unexpectedly (code ${code}); see [demo] lines above.`);
    void stop(1);
  });
}

main().catch((error) => {
  console.error(`\nnpm start failed: ${error.message}`);
  killGroups('SIGTERM');
  process.exit(1);
});
