/**
 * CPU profile of the workbench page's renderer main thread for bench/live.ts --profile: the
 * webview's document is same-origin with the workbench, so both run on that thread and one
 * Chrome DevTools Protocol profile covers both. Prints where the time went, by function.
 */
import type { Page } from 'playwright-core';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface Profile {
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

export interface Profiler {
  /** Stops and returns self time per function, most first, and the total profiled time. */
  stop(): Promise<{ totalMs: number; idleMs: number; top: HotSpot[]; webviewMs: number }>;
}

export async function startProfiler(page: Page): Promise<Profiler> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  return {
    stop: async () => {
      const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
      await cdp.detach();
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
      const idleMs = self.get('(idle)') ?? 0;
      let webviewMs = 0;
      for (const [key, ms] of self) if (key.includes('(webview.js:')) webviewMs += ms;
      const top = [...self.entries()]
        .filter(([key]) => key !== '(idle)' && key !== '(program)')
        .sort((a, b) => b[1] - a[1])
        .slice(0, 15)
        .map(([name, selfMs]) => ({ name, selfMs }));
      return { totalMs, idleMs, top, webviewMs };
    },
  };
}
