/**
 * A CPU hog: a child process busy on one core for the whole run, as the server being debugged
 * or a build would be on a developer's laptop (`--hog`). Stopped by its pid.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface Hog {
  readonly pid: number | undefined;
  stop(): void;
}

export function startHog(): Hog {
  // A tight loop that never yields; it checks the clock so it cannot outlive the bench by long.
  const script = 'const end = Date.now() + 15 * 60 * 1000; let x = 0; while (Date.now() < end) { x = (x * 31 + 7) % 1000003; }';
  const child: ChildProcess = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
  return {
    pid: child.pid,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null && child.pid) process.kill(child.pid, 'SIGKILL');
    },
  };
}
