/**
 * Runs the built CLI (dist/cli.js) as a user does, to its end, and collects what it printed.
 * One helper for every test folder that spawns it: a hang fails the test (the child is killed
 * after `timeoutMs`) instead of the whole run.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * dist/cli.js of this checkout. Test files are bundled one by one, so `__dirname` is that of the
 * test that imports this (out/test/<folder>/…): look upwards for the checkout's package.json.
 */
export const CLI = join(checkoutRoot(__dirname), 'dist', 'cli.js');

function checkoutRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'src'))) return dir;
    if (dirname(dir) === dir) throw new Error(`No checkout (package.json beside src/) above ${from}`);
  }
}

/** How a run ended. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Wall time from spawn to close. */
  ms: number;
}

export interface CliRunOptions {
  /** Killed (SIGKILL) after this long. Default 15 s. */
  timeoutMs?: number;
  /** Added to this process's environment. */
  env?: NodeJS.ProcessEnv;
}

export function runCli(args: string[], options: CliRunOptions = {}): Promise<CliResult> {
  const started = Date.now();
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const killer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 15_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      done({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}
