/** Small helpers for bench:live's figures. */
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { HOST_VERSIONS } from '../../test/host/paths';
import type { MemoryUsage } from './inspector';

// ---------------------------------------------------------------------------------------------
// Figures

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const ms = (n: number): string => (Number.isFinite(n) ? `${Math.round(n)} ms` : 'n/a');
export const mib = (kib: number | undefined): string => (kib === undefined ? 'n/a' : `${(kib / 1024).toFixed(0)} MiB`);
export const count = (n: number): string => n.toLocaleString('en-US');

export interface RssSample {
  at: number;
  kib: number;
  events: number;
  dropped: number;
  /** process.memoryUsage() of the extension host (unless --no-heap). */
  memory?: MemoryUsage;
}

export function machineInfo(): Record<string, string> {
  const cpu = cpus();
  let chromium = 'unknown';
  try {
    chromium = execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    // Reported as unknown.
  }
  return {
    cpu: `${cpu[0]?.model ?? 'unknown CPU'} × ${cpu.length}`,
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    host: `code-server ${HOST_VERSIONS.codeServer} (VS Code ${HOST_VERSIONS.codeServer.replace(/^4\./, '1.')}), extension host on Node ${HOST_VERSIONS.nodeMajor}`,
    chromium,
  };
}

/** One line of the verdict table: what, the figure, the goal, and PASS/MISS (undefined: for information). */
export type TargetRow = [label: string, value: string, goal: string, pass: boolean | undefined];

/** Prints the verdict table, its columns `widths` wide (label, value, goal). */
export function printTargets(rows: readonly TargetRow[], widths: [number, number, number]): void {
  const [label, value, goal] = widths;
  console.log('');
  console.log(`${'target'.padEnd(label)} ${'measured'.padEnd(value)} ${'goal'.padEnd(goal)} verdict`);
  for (const [l, v, g, pass] of rows) console.log(`${l.padEnd(label)} ${v.padEnd(value)} ${g.padEnd(goal)} ${pass === undefined ? '' : pass ? 'PASS' : 'MISS'}`);
  console.log('');
}
