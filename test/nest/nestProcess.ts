/**
 * Runs a compiled scratch NestJS app as a child process and waits until it listens. The app
 * prints `LISTENING <url>`; NestJS's own log says which routes it mapped, which the proof test
 * compares with what route discovery found in the sources.
 */
import { spawn, type ChildProcess } from 'node:child_process';

/** A running app: its base URL, the routes NestJS mapped (`GET /api/x`), and how to stop it. */
export interface RunningApp {
  baseUrl: string;
  mappedRoutes: string[];
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * Starts `node <args>` in `cwd` and waits for `listening` (its group 1 is the base URL) in the
 * output; rejects with the output if that does not come in time.
 */
export function startApp(cwd: string, args: string[], timeoutMs: number, listening = /LISTENING (http:\/\/\S+)/): Promise<RunningApp> {
  const child: ChildProcess = spawn(process.execPath, args, { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      // enableShutdownHooks closes the app on SIGTERM; do not wait forever if it hangs.
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`the app did not listen within ${timeoutMs} ms. Output:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const found = listening.exec(output);
      if (!found) return;
      clearTimeout(timer);
      const mappedRoutes = [...output.matchAll(/Mapped \{(\S+), (\w+)\} route/g)].map((m) => `${m[2]} ${m[1]}`);
      resolve({ baseUrl: found[1], mappedRoutes, output: () => output, stop });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the app exited with code ${code} before listening. Output:\n${output}`));
    });
  });
}
