/**
 * A minimal Node inspector client for bench/live.ts (unless --no-heap): opens the inspector of a running
 * Node process (SIGUSR1, as `node --inspect` would at start), checks it reached the right
 * process, then reads process.memoryUsage() and forces a full garbage collection on request, and
 * takes a CPU profile for --profile.
 * RSS alone cannot tell a leak from a heap V8 has not bothered to shrink yet; the heap used
 * right after a forced collection can.
 */
import { WebSocket } from 'undici';
import { SAMPLING_INTERVAL_US, summarizeProfile, type CpuProfile, type ProfileSummary } from './profile';

export interface MemoryUsage {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

/** What the extension host's own loop went through (see `watchStalls`): times are Date.now(). */
export interface HostStalls {
  /** Event-loop turns that came later than 50 ms after they were due: [when, ms late]. */
  stalls: Array<[number, number]>;
  /** Garbage collections over 20 ms: [when it ended, ms, kind (Node's NODE_PERFORMANCE_GC_* number)]. */
  gcs: Array<[number, number, number]>;
}

export interface Inspector {
  memoryUsage(): Promise<MemoryUsage>;
  /**
   * Starts watching, inside the extension host, for late event-loop turns and long garbage
   * collections: a stale row on screen can come from there rather than from the webview.
   */
  watchStalls(): Promise<void>;
  /** What watchStalls saw so far. */
  stalls(): Promise<HostStalls>;
  /** Starts a CPU profile of the extension host (bench:live --profile). */
  startProfile(): Promise<void>;
  /** Stops it: self time per function, the extension's own bundle counted apart. */
  stopProfile(): Promise<ProfileSummary>;
  /** Starts sampling the extension host's allocations (bench:live --profile). */
  startAllocationSampling(): Promise<void>;
  /** Stops it: the sampling heap profile (DevTools' Memory panel opens it as .heapprofile). */
  stopAllocationSampling(): Promise<unknown>;
  /** A full collection (HeapProfiler.collectGarbage), then memoryUsage(); with how long the collection took. */
  collectGarbage(): Promise<MemoryUsage & { gcMs: number }>;
  close(): void;
}

/**
 * The stalls and long collections between `from` and `to` in words, times in seconds since
 * `from`; those in `forced` windows (the bench's own full collections) are left out.
 */
export function describeStalls(seen: HostStalls, from: number, to: number, forced: Array<[number, number]>): string {
  const ours = (at: number): boolean => forced.some(([start, end]) => at >= start && at <= end + 100);
  const during = <T extends [number, number, ...number[]]>(list: T[]): T[] => list.filter(([at]) => at >= from && at <= to && !ours(at));
  const when = ([at, ms]: [number, number, ...number[]]): string => `${((at - from) / 1000).toFixed(1)} s: ${ms} ms`;
  const stalls = during(seen.stalls);
  const gcs = during(seen.gcs);
  const longest = (list: Array<[number, number, ...number[]]>) => [...list].sort((a, b) => b[1] - a[1]).slice(0, 5).map(when).join(', ');
  return (
    `event loop late by over 50 ms ${stalls.length} times during load${stalls.length ? ` (worst: ${longest(stalls)})` : ''}; ` +
    `collections over 20 ms: ${gcs.length}${gcs.length ? ` (longest: ${longest(gcs)})` : ''}`
  );
}

/** Run in the extension host: a 20 ms timer that notes how late it fires, and a GC observer. */
const WATCH_STALLS = `(() => {
  if (globalThis.__benchStalls) return;
  const state = (globalThis.__benchStalls = { stalls: [], gcs: [] });
  let due = Date.now() + 20;
  setInterval(() => {
    const now = Date.now();
    if (now - due > 50) state.stalls.push([now, now - due]);
    due = now + 20;
  }, 20).unref();
  const { PerformanceObserver, performance } = require('perf_hooks');
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.duration > 20) state.gcs.push([Math.round(performance.timeOrigin + e.startTime + e.duration), Math.round(e.duration), e.detail ? e.detail.kind : 0]);
  }).observe({ entryTypes: ['gc'] });
})()`;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Opens the inspector of `pid` on 127.0.0.1:`port` (Node's default 9229). Throws when it cannot. */
export async function attachInspector(pid: number, port = 9229): Promise<Inspector> {
  process.kill(pid, 'SIGUSR1');
  let targets: Array<{ webSocketDebuggerUrl: string }> = [];
  for (let i = 0; i < 50 && targets.length === 0; i++) {
    await sleep(100);
    try {
      targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as typeof targets;
    } catch {
      // Not listening yet.
    }
  }
  if (targets.length === 0) throw new Error(`no inspector on 127.0.0.1:${port} after SIGUSR1 to ${pid} (port taken?)`);
  const socket = new WebSocket(targets[0].webSocketDebuggerUrl);
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve());
    socket.addEventListener('error', () => reject(new Error('inspector websocket failed')));
  });
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown; error?: { message: string } };
    if (message.id === undefined) return;
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.error) waiter?.reject(new Error(message.error.message));
    else waiter?.resolve(message.result);
  });
  const call = (method: string, params: object = {}): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      socket.send(JSON.stringify({ id, method, params }));
    });
  const evaluate = async <T>(expression: string): Promise<T> => {
    // includeCommandLineAPI: `require` in the evaluated expression (watchStalls needs perf_hooks).
    const result = (await call('Runtime.evaluate', { expression, returnByValue: true, includeCommandLineAPI: true })) as { result: { value: T } };
    return result.result.value;
  };
  const remotePid = await evaluate<number>('process.pid');
  if (remotePid !== pid) {
    socket.close();
    throw new Error(`the inspector on port ${port} belongs to pid ${remotePid}, not ${pid}`);
  }
  const memoryUsage = () => evaluate<MemoryUsage>('process.memoryUsage()');
  return {
    memoryUsage,
    watchStalls: () => evaluate<void>(WATCH_STALLS),
    stalls: () => evaluate<HostStalls>('globalThis.__benchStalls'),
    startProfile: async () => {
      await call('Profiler.enable');
      await call('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
      await call('Profiler.start');
    },
    startAllocationSampling: async () => {
      await call('HeapProfiler.enable');
      // Every 32 KiB allocated on average: cheap, and enough samples over a load of hundreds of MiB.
      await call('HeapProfiler.startSampling', { samplingInterval: 32768, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
    },
    stopAllocationSampling: async () => ((await call('HeapProfiler.stopSampling')) as { profile: unknown }).profile,
    stopProfile: async () => {
      const { profile } = (await call('Profiler.stop')) as { profile: CpuProfile };
      await call('Profiler.disable');
      return summarizeProfile(profile, 'extension.js');
    },
    collectGarbage: async () => {
      const started = Date.now();
      await call('HeapProfiler.collectGarbage');
      const gcMs = Date.now() - started;
      return { ...(await memoryUsage()), gcMs };
    },
    close: () => socket.close(),
  };
}
