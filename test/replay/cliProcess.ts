/** The built CLI (dist/cli.js) as a child process: run to the end, or serve until stopped. */
import { spawn, type ChildProcess } from 'node:child_process';
import { CLI, runCli as runToEnd, type CliResult } from '../support/cliRun';

export type { CliResult };

/** Runs the CLI to its end (killed after `timeoutMs` so a hang fails the test). */
export const runCli = (args: string[], timeoutMs = 15_000): Promise<CliResult> => runToEnd(args, { timeoutMs });

/** A running `serve`: its URLs (stdout lines), and how to stop it with SIGTERM. */
export interface ServeProcess {
  urls: string[];
  child: ChildProcess;
  stderr: () => string;
  stop(): Promise<CliResult>;
}

/** Starts `sse-inspector serve ...args` and waits for its first stdout line (the URL). */
export function startServe(args: string[], lines = 1, timeoutMs = 10000): Promise<ServeProcess> {
  const started = Date.now();
  const child = spawn(process.execPath, [CLI, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const closed = new Promise<CliResult>((done) => child.on('close', (code) => done({ code, stdout, stderr, ms: Date.now() - started })));
  const stop = async (): Promise<CliResult> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    const result = await closed;
    clearTimeout(killer);
    return result;
  };
  return new Promise((done, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`serve printed no URL in ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      const got = stdout.split('\n');
      if (got.length > lines) {
        clearTimeout(timer);
        done({ urls: got.slice(0, lines), child, stderr: () => stderr, stop });
      }
    });
    void closed.then((result) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${result.code} before printing its URL: ${result.stderr}`));
    });
  });
}

/** Resolves true when something accepts connections on the URL's port. */
export async function isListening(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(1000), method: 'OPTIONS' });
    return true;
  } catch {
    return false;
  }
}
