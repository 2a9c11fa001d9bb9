/**
 * Counts the instructions a `record` command executes, under Valgrind's cachegrind, for
 * bench/merge.ts `--instructions`. Why: on these shared 2-core machines the time a run takes moves
 * by ±20 % between runs of the same code (other tenants, frequency), so a 10 % target measured in
 * time stays a coin toss however many rounds are run; the instruction count of the same command
 * moves by about 1 % between runs (3 December: 7,815 to 7,934 M without merging, 8,450 to 8,547 M
 * with it: how the socket's reads fall, when V8's compiler threads finish). It counts work, not
 * time: cache misses and memory traffic are not in it, which is why the timed arms stay beside it. Every thread counts (V8's compiler and collector helpers
 * too), as in the process CPU time the timed arms report.
 */
import { spawn, spawnSync } from 'node:child_process';

/** True when `valgrind` can be run here (`apt-get install valgrind` on Debian). */
export function hasValgrind(): boolean {
  const probe = spawnSync('valgrind', ['--version'], { encoding: 'utf8' });
  return probe.status === 0 && /^valgrind-/.test(probe.stdout);
}

/**
 * The instructions of one `sse-inspector record ARGS` run in its own process (`recordChild`, the
 * built support/recordChild.js), Node's startup included: subtract a short run's count to leave
 * the stream's share.
 */
export function countRecordInstructions(recordChild: string, args: readonly string[]): Promise<number> {
  const child = spawn(
    'valgrind',
    // No cache or branch simulation: only the instruction count is wanted, and it is the fastest mode.
    // V8 writes its compiled code into anonymous memory: Valgrind must watch it for changes.
    ['--tool=cachegrind', '--cache-sim=no', '--branch-sim=no', '--smc-check=all-non-file', '--cachegrind-out-file=/dev/null', process.execPath, recordChild, ...args],
    { stdio: ['ignore', 'inherit', 'pipe', 'ipc'] },
  );
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  return new Promise((resolve, reject) => {
    let code: number | undefined;
    child.on('message', (message) => (code = (message as { code: number }).code));
    child.once('error', reject);
    child.once('exit', () => {
      // Valgrind's summary line: "==1234== I   refs:      7,934,012,345".
      const refs = /I\s+refs:\s+([\d,]+)/.exec(stderr)?.[1];
      if (code !== 0 || refs === undefined) reject(new Error(`record under valgrind ended with ${code ?? 'no report'}: ${stderr.slice(-600)}`));
      else resolve(Number(refs.replace(/,/g, '')));
    });
  });
}
