/**
 * Measuring a small overhead on a shared, noisy machine: run every arm once per round, in an
 * order that changes round by round (all orders in turn, so no arm always runs first or right
 * after the same other one), and compare each arm with the baseline of the SAME round. The
 * median of those paired ratios moves far less with drift and neighbours' load than a ratio of
 * medians. Each run is timed twice: wall time, and the CPU time of this process
 * (process.cpuUsage, user + system), which does not grow while another process holds the core.
 */
import { cpus, loadavg } from 'node:os';

/** One timed run: wall and CPU time in ms, and how many items (events) it handled. */
export interface Sample {
  wallMs: number;
  cpuMs: number;
  items: number;
}

/**
 * Times `run` (which returns the items handled). No forced GC between runs: with one (--expose-gc,
 * gc()) the observer-alone figure of bench:diagnostics tripled and its spread with it.
 */
export async function sample(run: () => Promise<number> | number): Promise<Sample> {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  const items = await run();
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (used.user + used.system) / 1000, items };
}

/** Every order of `arms` (arms.length! of them; keep arms few). */
export function orders<T>(arms: readonly T[]): T[][] {
  if (arms.length <= 1) return [arms.slice()];
  const out: T[][] = [];
  arms.forEach((arm, i) => {
    for (const rest of orders([...arms.slice(0, i), ...arms.slice(i + 1)])) out.push([arm, ...rest]);
  });
  return out;
}

/** Runs `rounds` rounds of every arm, each round in the next order; returns the samples per arm, round by round. */
export async function pairedRounds<T extends string>(arms: readonly T[], rounds: number, run: (arm: T) => Promise<Sample>): Promise<Record<T, Sample[]>> {
  const all = orders(arms);
  const samples = Object.fromEntries(arms.map((arm) => [arm, [] as Sample[]])) as Record<T, Sample[]>;
  for (let round = 0; round < rounds; round++) {
    for (const arm of all[round % all.length]) samples[arm].push(await run(arm));
  }
  return samples;
}

export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  return sorted[lo] + (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]) * (at - lo);
}

export const median = (values: readonly number[]): number => quantile(values, 0.5);

/** Per-round cost of `arm` over `base` in percent (>0: slower / more CPU), by `pick`. */
export function pairedPercent(arm: readonly Sample[], base: readonly Sample[], pick: (s: Sample) => number): number[] {
  return arm.map((s, i) => (pick(s) / pick(base[i]) - 1) * 100);
}

const pct = (v: number): string => `${v >= 0 ? '+' : ''}${v.toFixed(1)}%`;

/**
 * A 95% confidence interval for the median of `values` (distribution-free: the order statistics
 * n/2 ± 0.98·√n, from the binomial distribution of how many values fall below the median). It
 * says whether a median is far enough from a target, which the middle half alone does not.
 */
export function medianInterval(values: readonly number[]): [number, number] {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const half = 0.98 * Math.sqrt(n);
  const lo = Math.max(0, Math.floor(n / 2 - half) - 1);
  const hi = Math.min(n - 1, Math.ceil(n / 2 + half) - 1);
  return [sorted[lo], sorted[hi]];
}

/** "+1.2% (95% CI +0.3% .. +2.0%; middle half -0.4% .. +2.9%)": the median of paired percents, its confidence interval and the interquartile range. */
export function describePercents(values: readonly number[]): string {
  const [lo, hi] = medianInterval(values);
  return `${pct(median(values))} (95% CI ${pct(lo)} .. ${pct(hi)}; middle half ${pct(quantile(values, 0.25))} .. ${pct(quantile(values, 0.75))})`;
}

/**
 * The table for one measurement: per arm, median events/s by wall time and µs of CPU per event;
 * the paired costs (median and middle half of arm/baseline over rounds), in CPU and wall time;
 * and the cost between the arms' fastest tenths (p10 of CPU per event): a neighbour's load only
 * ever adds time, so the low end of each arm is the least disturbed.
 */
export function report<T extends string>(title: string, arms: readonly T[], samples: Record<T, Sample[]>, base: T): string[] {
  const perItem = (arm: T) => samples[arm].map((x) => (x.cpuMs * 1000) / x.items);
  const lines = [`${title} (${samples[base].length} rounds; cost = median over rounds of arm/baseline in the same round)`];
  lines.push(`  ${'arm'.padEnd(12)} ${'wall ev/s'.padStart(12)} ${'CPU µs/ev'.padStart(10)}   ${'CPU cost'.padEnd(62)} ${'CPU p10'.padEnd(8)} wall cost`);
  for (const arm of arms) {
    const s = samples[arm];
    const rate = median(s.map((x) => x.items / (x.wallMs / 1000)));
    const isBase = arm === base;
    const cpuCost = isBase ? 'baseline' : describePercents(pairedPercent(s, samples[base], (x) => x.cpuMs));
    const lowCost = isBase ? '' : pct((quantile(perItem(arm), 0.1) / quantile(perItem(base), 0.1) - 1) * 100);
    const wallCost = isBase ? 'baseline' : describePercents(pairedPercent(s, samples[base], (x) => x.wallMs));
    lines.push(`  ${arm.padEnd(12)} ${Math.round(rate).toLocaleString('en-US').padStart(12)} ${median(perItem(arm)).toFixed(3).padStart(10)}   ${cpuCost.padEnd(62)} ${lowCost.padEnd(8)} ${wallCost}`);
  }
  return lines;
}

/** "2 CPUs, load average 1.52 1.40 1.20". */
export function machineLine(): string {
  return `${cpus().length} CPUs, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;
}
