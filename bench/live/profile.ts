/**
 * CPU profiles for bench/live.ts --profile: the main thread of the renderer the webview runs in
 * (its own, or with --same-origin the workbench page's, which then runs both), and the extension
 * host (through the inspector bench/live/inspector.ts attached). Prints where the time went, by
 * function.
 */
import type { Frame, Page } from 'playwright-core';
import { ms } from './figures';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/** A V8 CPU profile, as the Profiler domain returns it (Chromium and Node alike). */
export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface HotSpot {
  /** function (file:line) */
  name: string;
  selfMs: number;
}

export interface ProfileSummary {
  /** The whole profile, for a .cpuprofile file (DevTools' Performance panel opens it). */
  raw: CpuProfile;
  totalMs: number;
  idleMs: number;
  /** Self time of the garbage collector. */
  gcMs: number;
  top: HotSpot[];
  /** Self time in files whose name contains `ownFile` (webview.js, extension.js). */
  ownMs: number;
}

export interface Profiler {
  /** Stops and returns self time per function, most first, and the total profiled time. */
  stop(): Promise<ProfileSummary>;
}

/** Sampling interval in µs: fine enough for frames of a few ms, coarse enough to cost little. */
export const SAMPLING_INTERVAL_US = 500;

/** Self time per function of `profile`, most first; `ownFile` names the extension's bundle. */
export function summarizeProfile(profile: CpuProfile, ownFile: string): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const node = byId.get(samples[i]);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    // VS Code's webview host page carries a long query string: the file name is enough.
    const file = url.split(/[?#]/)[0].split('/').pop() ?? '';
    const key = file ? `${functionName || '(anonymous)'} (${file}:${lineNumber + 1})` : functionName || '(anonymous)';
    // timeDeltas[i] is the time since the previous sample: it belongs to the sample before.
    const ms = (deltas[i + 1] ?? 0) / 1000;
    self.set(key, (self.get(key) ?? 0) + ms);
  }
  const totalMs = (profile.endTime - profile.startTime) / 1000;
  let ownMs = 0;
  for (const [key, ms] of self) if (key.includes(`(${ownFile}:`)) ownMs += ms;
  const top = [...self.entries()]
    .filter(([key]) => key !== '(idle)' && key !== '(program)')
    .sort((a, b) => b[1] - a[1])
    .slice(0, 15)
    .map(([name, selfMs]) => ({ name, selfMs }));
  return { raw: profile, totalMs, idleMs: self.get('(idle)') ?? 0, gcMs: self.get('(garbage collector)') ?? 0, top, ownMs };
}

/**
 * What to profile for the panel's webview `frame`: the workbench page when the webview is one of
 * its same-process iframes, else the webview's own outer frame (its process's root frame).
 */
export function webviewRenderer(page: Page, frame: Frame, sameOrigin: boolean): { target: Page | Frame; label: string } {
  const outer = frame.parentFrame();
  if (sameOrigin || !outer) return { target: page, label: 'workbench renderer main thread (the webview runs there)' };
  return { target: outer, label: "webview renderer main thread (the workbench page's is not profiled)" };
}

export async function startProfiler(target: Page | Frame): Promise<Profiler> {
  const page = 'parentFrame' in target ? target.page() : target;
  const cdp = await page.context().newCDPSession(target);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
  await cdp.send('Profiler.start');
  return {
    stop: async () => {
      const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
      await cdp.detach();
      return summarizeProfile(profile, 'webview.js');
    },
  };
}

/** The lines bench:live prints for one summary. */
export function describeProfile(what: string, summary: ProfileSummary, ownFile: string): string[] {
  const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
  const busy = summary.totalMs - summary.idleMs;
  return [
    `profile:   ${what} busy ${s(busy)} of ${s(summary.totalMs)} (garbage collector ${s(summary.gcMs)}); ${ownFile} self time ${s(summary.ownMs)}. Top self time:`,
    ...summary.top.map((spot) => `  ${ms(spot.selfMs).padStart(9)}  ${spot.name}`),
  ];
}
