/**
 * Waits for the machine to settle before a benchmark: until the 1-minute load average is under
 * `below`, at most `maxMs`. On these 2 cores a run started right after another (the load average
 * still 1.5–3.8 from it) gave stale windows and webview tasks several times worse than the same
 * code started once it had fallen under 1 (README, Performance, 2 December): the figures a newcomer
 * gets depend on that more than on anything in the code.
 */
import { loadavg } from 'node:os';

export interface QuietOptions {
  below?: number;
  maxMs?: number;
  /** How often to look, and to say so. */
  stepMs?: number;
  log?: (line: string) => void;
}

/** Resolves with the load average it started with (the one the run reports as "before"). */
export async function waitForQuiet({ below = 1.0, maxMs = 180_000, stepMs = 5_000, log = console.log }: QuietOptions = {}): Promise<number[]> {
  const started = Date.now();
  let said = false;
  while (loadavg()[0] >= below && Date.now() - started < maxMs) {
    if (!said) log(`waiting for the load average (${loadavg()[0].toFixed(2)}) to fall under ${below} (at most ${Math.round(maxMs / 1000)} s; --no-wait skips) ...`);
    said = true;
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
  const now = loadavg();
  if (now[0] >= below) log(`the load average is still ${now[0].toFixed(2)}: figures from this run will be noisier than usual`);
  else if (said) log(`load average ${now[0].toFixed(2)} after ${Math.round((Date.now() - started) / 1000)} s`);
  return now;
}

/** Whether a bench's command line lets it wait for the machine to settle (`--no-wait` says not). */
export function waitsForQuiet(argv: readonly string[]): boolean {
  return !argv.includes('--no-wait');
}

/** The load average a run starts with: after waiting for it to settle when `wait`, else as it is now. */
export function settledLoad(wait: boolean): Promise<number[]> {
  return wait ? waitForQuiet() : Promise.resolve(loadavg());
}
