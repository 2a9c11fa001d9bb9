/**
 * CPU time another process has used, read from Linux's /proc: the whole process (every thread:
 * the inspector's, the collector's, the file writers') and its main thread alone (where a
 * proxy forwards). On a shared machine a throughput ratio swings with the neighbours' load;
 * CPU milliseconds per MiB forwarded swing much less, and say what the proxy itself costs.
 * Undefined where /proc is not there (macOS, Windows).
 */
import { readFileSync } from 'node:fs';

export interface CpuSample {
  /** Every thread of the process, ms. */
  process: number;
  /** The main thread, ms. */
  main: number;
}

/** utime + stime of a /proc stat line, in ms (clock ticks are 10 ms on Linux). */
function statMs(path: string): number {
  const text = readFileSync(path, 'utf8');
  // The command name may hold spaces: fields count from after its closing parenthesis.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

export function cpuOf(pid: number): CpuSample | undefined {
  try {
    return { process: statMs(`/proc/${pid}/stat`), main: statMs(`/proc/${pid}/task/${pid}/stat`) };
  } catch {
    return undefined;
  }
}

/** What was used between two samples. */
export function cpuSince(before: CpuSample | undefined, after: CpuSample | undefined): CpuSample | undefined {
  return before && after ? { process: after.process - before.process, main: after.main - before.main } : undefined;
}
