// Child processes of the test host: run a command with its output in a log file, start a server
// in its own process group, and stop it by that group's id. Everything started here is also
// stopped when this Node process exits, so a crashed test run does not leave servers behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';

/** The last `lines` lines of a log file, or a note that it cannot be read. */
export function tailOf(file: string, lines = 40): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch (error) {
    return `(cannot read ${file}: ${(error as Error).message})`;
  }
}

/** Runs a command to completion with stdout and stderr appended to `logFile`; rejects with the log's tail. */
export function runLogged(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; logFile: string },
): Promise<void> {
  const fd = openSync(options.logFile, 'a');
  return new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', fd, fd] });
    child.on('error', (error) => reject(new Error(`Cannot start ${command}: ${error.message}`)));
    child.on('exit', (code, signal) => {
      if (code === 0) return resolve();
      reject(
        new Error(
          `${command} ${args.join(' ')} failed (${signal ?? `exit code ${code}`}) in ${options.cwd}.\n` +
            `Last lines of ${options.logFile}:\n${tailOf(options.logFile)}`,
        ),
      );
    });
  }).finally(() => closeSync(fd));
}

const started = new Set<ChildProcess>();

/**
 * Kills the process group of `child` (it was spawned detached, so its pid is the group id). The
 * group outlives its leader while any member runs, so this also reaches orphaned grandchildren.
 */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone: nothing to stop.
  }
}

// Synchronous on purpose: 'exit' handlers cannot wait, and a group kill is one syscall.
process.on('exit', () => {
  for (const child of started) killGroup(child, 'SIGKILL');
});

/**
 * Starts a long-running process in its own process group (so that its children, such as
 * code-server's extension host, can be stopped with it), output appended to `logFile`.
 */
export function startDetached(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; logFile: string },
): ChildProcess {
  const fd = openSync(options.logFile, 'a');
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', fd, fd], detached: true });
  closeSync(fd);
  started.add(child);
  child.on('exit', () => started.delete(child));
  return child;
}

/** Stops a process started with startDetached: SIGTERM to its group, SIGKILL after `graceMs`. */
export async function stopDetached(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  killGroup(child, 'SIGTERM');
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
  // The leader is gone; stragglers in its group (if any) go too.
  killGroup(child, 'SIGKILL');
}
