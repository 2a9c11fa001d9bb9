// Starts code-server (VS Code 1.139 with a real Node extension host) on 127.0.0.1, quietly and
// hermetically, and builds the workbench URLs that load this extension in development mode.
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { CODE_SERVER_ENTRY, NODE_BIN } from './paths';
import { startDetached, stopDetached, tailOf } from './processes';
import type { RunFolder } from './runFolder';

/** What the workbench page should load, besides the folder it opens. */
export interface WorkbenchTarget {
  /** Absolute folder to open in the workbench. */
  readonly folder: string;
  /** Absolute path of an extension to load from source (no packaging): this repository. */
  readonly extensionDevelopmentPath?: string;
  /** Absolute path of a compiled mocha suite index exporting run(): the extension host runs it, then exits. */
  readonly extensionTestsPath?: string;
}

export interface CodeServer {
  readonly port: number;
  /** http://127.0.0.1:<port> */
  readonly origin: string;
  readonly child: ChildProcess;
  /** The page that opens `target.folder` with the given extension and tests loaded. */
  workbenchUrl(target: WorkbenchTarget): string;
  stop(): Promise<void>;
}

/** A port that was free a moment ago (the kernel's choice), for runs that must not collide. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Rejects with a readable message when `port` is taken on 127.0.0.1. */
export function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          error.code === 'EADDRINUSE'
            ? `Port ${port} on 127.0.0.1 is already in use: stop what uses it or choose another port with --port.`
            : `Cannot listen on 127.0.0.1:${port}: ${error.message}`,
        ),
      ),
    );
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}

/**
 * The workbench URL. `payload` is how VS Code's own smoke tests pass development options to a
 * web workbench; code-server honours it only with --vscode-option enable-smoke-test-driver.
 * Paths inside the payload are remote URIs: the extension host runs on the server.
 */
function buildWorkbenchUrl(origin: string, authority: string, target: WorkbenchTarget): string {
  const payload: [string, string][] = [];
  if (target.extensionDevelopmentPath) {
    payload.push(['extensionDevelopmentPath', `vscode-remote://${authority}${target.extensionDevelopmentPath}`]);
  }
  if (target.extensionTestsPath) {
    payload.push(['extensionTestsPath', `vscode-remote://${authority}${target.extensionTestsPath}`]);
  }
  const query = new URLSearchParams({ folder: target.folder });
  if (payload.length > 0) query.set('payload', JSON.stringify(payload));
  return `${origin}/?${query.toString()}`;
}

async function waitForHealth(origin: string, child: ChildProcess, logFile: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`code-server exited (${child.signalCode ?? `code ${child.exitCode}`}) before listening.\n${tailOf(logFile)}`);
    }
    try {
      const response = await fetch(`${origin}/healthz`, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`code-server did not answer ${origin}/healthz within ${timeoutMs / 1000} s.\nLast lines of ${logFile}:\n${tailOf(logFile)}`);
}

/**
 * Starts code-server for one run folder and waits until it answers /healthz (about 0.5 s).
 * `port` 0 (the default) picks a free port. `env` adds variables for the server and its
 * extension host (the suite reads its file filter from there).
 */
export async function startCodeServer(
  run: RunFolder,
  options: { port?: number; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<CodeServer> {
  const port = options.port ? (await assertPortFree(options.port), options.port) : await findFreePort();
  const authority = `127.0.0.1:${port}`;
  const origin = `http://${authority}`;
  // Its own config file, or it creates ~/.config/code-server/config.yaml with a password.
  const configFile = join(run.dir, 'config.yaml');
  writeFileSync(configFile, `bind-addr: ${authority}\nauth: none\ncert: false\n`);
  const args = [
    CODE_SERVER_ENTRY,
    '--config', configFile,
    '--bind-addr', authority,
    '--auth', 'none',
    '--user-data-dir', run.userDataDir,
    '--extensions-dir', run.extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    // Without it the built workbench ignores the `payload` query parameter.
    '--vscode-option', 'enable-smoke-test-driver',
  ];
  const child = startDetached(NODE_BIN, args, {
    cwd: options.cwd ?? run.dir,
    env: { ...run.env, ...options.env },
    logFile: run.serverLog,
  });
  try {
    await waitForHealth(origin, child, run.serverLog, 30_000);
  } catch (error) {
    await stopDetached(child);
    throw error;
  }
  return {
    port,
    origin,
    child,
    workbenchUrl: (target) => buildWorkbenchUrl(origin, authority, target),
    stop: () => stopDetached(child),
  };
}
