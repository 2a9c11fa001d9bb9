/**
 * Runs the built CLI (dist/cli.js) as a user would, with its stdout read the way a given
 * consumer reads it (at once, after a stall, slowly), and reports what it wrote and how much
 * memory it needed at its peak (VmHWM, reported by the child itself via peakReporter).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';

// Tests are bundled one file each into out/, so __dirname is wherever the importing test landed.
const ROOT = __dirname.slice(0, __dirname.lastIndexOf(`${sep}out${sep}`));
const CLI = resolve(ROOT, 'dist/cli.js');
const PEAK_REPORTER = resolve(ROOT, 'out/test/faults/support/peakReporter.js');

/** How the other end of the pipe reads. */
export type Consumer =
  /** Reads everything at once. */
  | { kind: 'fast' }
  /** Reads nothing for `ms`, then everything (`| (sleep N; cat)`); `onResume` runs as it starts reading. */
  | { kind: 'stall'; ms: number; onResume?: () => void }
  /** Reads in bursts: pauses for `pauseMs` after every `bytes` it read. */
  | { kind: 'slow'; bytes: number; pauseMs: number }
  /** Closes the pipe after `lines` lines (`| head -n`). */
  | { kind: 'quit'; lines: number };

export interface CliRun {
  args: string[];
  consumer?: Consumer;
  /** Called with each stdout line, in order (no line is kept unless `keepLines`). */
  onLine?: (line: string) => void;
  keepLines?: boolean;
  /** The child is killed after this long (a hang fails the test, not the suite). Default 20 s. */
  killAfterMs?: number;
}

export interface CliResult {
  code: number | null;
  stderr: string;
  lines: string[];
  lineCount: number;
  outBytes: number;
  /** Peak resident memory of the CLI process, bytes. */
  peakRss: number;
  ms: number;
}

/** Where a child's peak memory is reported, and how to read it. */
export function peakMemoryProbe(): { env: Record<string, string>; read(): number; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'sse-faults-'));
  const file = join(dir, 'peak');
  return {
    env: { SSE_FAULT_PEAK_FILE: file, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} -r ${PEAK_REPORTER}`.trim() },
    read() {
      const kib = Number(readFileSync(file, 'utf8'));
      if (!(kib > 0)) throw new Error('the CLI did not report its peak memory');
      return kib * 1024;
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function runCli(run: CliRun): Promise<CliResult> {
  const started = Date.now();
  const probe = peakMemoryProbe();
  const consumer = run.consumer ?? { kind: 'fast' };
  return new Promise<CliResult>((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI, ...run.args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...probe.env } });
    const lines: string[] = [];
    let lineCount = 0;
    let outBytes = 0;
    let tail = '';
    let stderr = '';
    let sinceRest = 0;
    const stdout = child.stdout;
    stdout.setEncoding('utf8');
    stdout.on('data', (text: string) => {
      outBytes += Buffer.byteLength(text);
      const parts = (tail + text).split('\n');
      tail = parts.pop() ?? '';
      for (const line of parts) {
        if (consumer.kind === 'quit' && lineCount >= consumer.lines) {
          stdout.destroy();
          tail = '';
          return;
        }
        lineCount++;
        if (run.keepLines) lines.push(line);
        run.onLine?.(line);
      }
      if (consumer.kind === 'slow') {
        sinceRest += text.length;
        if (sinceRest >= consumer.bytes) {
          sinceRest = 0;
          stdout.pause();
          setTimeout(() => stdout.resume(), consumer.pauseMs);
        }
      }
    });
    if (consumer.kind === 'stall') {
      stdout.pause();
      setTimeout(() => {
        consumer.onResume?.();
        stdout.resume();
      }, consumer.ms);
    }
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const killer = setTimeout(() => child.kill('SIGKILL'), run.killAfterMs ?? 20000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      try {
        if (tail !== '') throw new Error(`stdout ended mid-line: ${JSON.stringify(tail.slice(0, 200))}`);
        resolvePromise({ code, stderr, lines, lineCount, outBytes, peakRss: probe.read(), ms: Date.now() - started });
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      } finally {
        probe.dispose();
      }
    });
  });
}
