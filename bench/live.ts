/**
 * Live benchmark: the whole product in a real VS Code (code-server, extension in development
 * mode, headless Chromium), fed by a local SSE server running in a child process.
 *
 *   npm run bench:live                       (build, then node out/bench/live.js)
 *   node out/bench/live.js --seconds 5 --rate 20000 --latency-seconds 5   (a quick trial)
 *
 * Flags: --rate N (load events/s, default 20000), --seconds N (load duration, default 30),
 * --latency-rate N (default 10), --latency-seconds N (default 15), --keep (keep the run folder),
 * --no-heap (do not attach the inspector to the extension host; by default it is attached
 * with SIGUSR1 on 127.0.0.1:9229 to read process.memoryUsage() every second and the heap left
 * by a forced full GC 2 s after the log filled and at the end: RSS alone cannot tell a leak from
 * a heap V8 has not shrunk yet. Staleness samples during that GC are left out), --profile (CPU
 * profile of the workbench renderer, where the webview runs, during the load: top functions).
 *
 * One connection, two phases on it (the server keeps the response open between them):
 *  1. latency: 10 events/s. In the webview, a MutationObserver sees each new row; a message
 *     posted from there runs after the frame that holds the change was painted, and records
 *     Date.now(). Latency = that time - the send time the server wrote into the event's data.
 *  2. load: 20,000 events/s for 30 s, so the log (sseInspector.maxEvents, 100,000 by default)
 *     fills after about 5 s. Measured: events the server sent vs the panel's Events counter at
 *     the end; every 100 ms in the webview, Date.now() - send time of the newest row painted
 *     (how stale the panel is); the webview's long tasks (PerformanceObserver 'longtask'); the
 *     extension host's RSS every second from /proc/<pid>/status, and its heap after a forced
 *     full GC when the log filled and at the end ("flat" is judged on that heap); CPU per process.
 * Server, extension host, webview and this process share one machine clock (Date.now()).
 * Prints figures with targets and PASS/MISS; exits 0 whenever it ran (it is a benchmark),
 * 1 only when it could not run.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { HOST_VERSIONS, TEST_RESULTS_DIR } from '../test/host/paths';
import { startProfiler, type Profiler } from './live/profile';
import { attachInspector, type Inspector, type MemoryUsage } from './live/inspector';
import { connectFromPalette, openWorkbench, type Workbench } from '../test/ui/support';

// ---------------------------------------------------------------------------------------------
// Options

interface Options {
  rate: number;
  seconds: number;
  latencyRate: number;
  latencySeconds: number;
  keep: boolean;
  /** Attach the inspector to the extension host: heap figures and a forced GC at log-full and at the end (default; --no-heap). */
  heap: boolean;
  /** CPU-profile the workbench renderer during the load and print the hot functions. */
  profile: boolean;
}

function parseOptions(argv: readonly string[]): Options {
  const number = (name: string, fallback: number): number => {
    const at = argv.indexOf(`--${name}`);
    if (at < 0) return fallback;
    const value = Number(argv[at + 1]);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} takes a positive number, got "${argv[at + 1]}"`);
    return value;
  };
  return {
    rate: number('rate', 20_000),
    seconds: number('seconds', 30),
    latencyRate: number('latency-rate', 10),
    latencySeconds: number('latency-seconds', 15),
    keep: argv.includes('--keep'),
    heap: !argv.includes('--no-heap'),
    profile: argv.includes('--profile'),
  };
}

// ---------------------------------------------------------------------------------------------
// The load server (child process)

type ServerMessage =
  | { type: 'listening'; port: number }
  | { type: 'connected'; connections: number }
  | { type: 'progress'; name: string; sent: number; totalSent: number; at: number }
  | { type: 'phaseDone'; name: string; sent: number; totalSent: number; elapsedMs: number; maxBufferedBytes: number };

interface LoadServer {
  readonly child: ChildProcess;
  readonly port: number;
  connections: number;
  totalSent: number;
  runPhase(name: string, rate: number, seconds: number): Promise<Extract<ServerMessage, { type: 'phaseDone' }>>;
  stop(): void;
}

async function startLoadServer(): Promise<LoadServer> {
  const child = fork(join(__dirname, 'live', 'loadServer.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: ServerMessage) => (m.type === 'listening' ? resolve(m.port) : reject(new Error(`unexpected ${m.type}`))));
    child.once('exit', (code) => reject(new Error(`load server exited with code ${code}`)));
  });
  const server: LoadServer = {
    child,
    port,
    connections: 0,
    totalSent: 0,
    runPhase: (name, rate, seconds) =>
      new Promise((resolve, reject) => {
        const onMessage = (m: ServerMessage): void => {
          if (m.type === 'phaseDone' && m.name === name) {
            child.off('message', onMessage);
            resolve(m);
          }
        };
        child.on('message', onMessage);
        child.once('exit', (code) => reject(new Error(`load server exited with code ${code} during ${name}`)));
        child.send({ cmd: 'phase', name, rate, seconds });
      }),
    stop: () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      try {
        child.send({ cmd: 'close' });
      } catch {
        // IPC already closed.
      }
      // By pid, and only this child.
      setTimeout(() => {
        if (child.exitCode === null && child.signalCode === null && child.pid) process.kill(child.pid, 'SIGKILL');
      }, 1000).unref();
    },
  };
  child.on('message', (m: ServerMessage) => {
    if (m.type === 'connected') server.connections = m.connections;
    if (m.type === 'progress' || m.type === 'phaseDone') server.totalSent = m.totalSent;
  });
  return server;
}

// ---------------------------------------------------------------------------------------------
// Processes: the extension host under code-server, read from /proc

interface ProcInfo {
  pid: number;
  ppid: number;
  cmdline: string;
}

function listProcesses(): ProcInfo[] {
  const out: ProcInfo[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name may hold spaces and parentheses: fields start after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ').trim();
      out.push({ pid: Number(name), ppid: Number(fields[1]), cmdline });
    } catch {
      // Gone meanwhile.
    }
  }
  return out;
}

/** Descendants of `root` whose command line names the extension host (VS Code forks it with --type=extensionHost). */
function findExtensionHosts(root: number): ProcInfo[] {
  const all = listProcesses();
  const below = new Set<number>([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of all) {
      if (!below.has(p.pid) && below.has(p.ppid)) {
        below.add(p.pid);
        grew = true;
      }
    }
  }
  return all.filter((p) => p.pid !== root && below.has(p.pid) && /extensionHost/.test(p.cmdline));
}

function rssKiB(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** User + system CPU time of a process, in clock ticks (100 per second on Linux). */
function cpuTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

/** CPU ticks of every visible process, and the machine's busy/total ticks from /proc/stat. */
interface CpuSnapshot {
  at: number;
  procs: Map<number, { ticks: number; ppid: number; cmdline: string }>;
  machineBusy: number;
  machineTotal: number;
}

function cpuSnapshot(): CpuSnapshot {
  const procs = new Map<number, { ticks: number; ppid: number; cmdline: string }>();
  for (const p of listProcesses()) {
    const ticks = cpuTicks(p.pid);
    if (ticks !== undefined) procs.set(p.pid, { ticks, ppid: p.ppid, cmdline: p.cmdline });
  }
  // cpu  user nice system idle iowait irq softirq steal ...
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  const idle = fields[3] + (fields[4] ?? 0);
  return { at: Date.now(), procs, machineBusy: total - idle, machineTotal: total };
}

/**
 * Where the CPU went between two snapshots, in % of one core: the machine as a whole (every
 * process the kernel runs, other people's included), and this run's parts.
 */
function cpuBreakdown(before: CpuSnapshot, after: CpuSnapshot, roles: { extHost: number; codeServer: number; loadServer: number }): Array<[string, number]> {
  const seconds = (after.at - before.at) / 1000;
  const percent = (ticks: number) => (ticks / 100 / seconds) * 100;
  const used = (pid: number) => {
    const a = after.procs.get(pid);
    if (!a) return 0;
    return a.ticks - (before.procs.get(pid)?.ticks ?? 0);
  };
  const descendants = (root: number): number[] => {
    const out = new Set<number>([root]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const [pid, p] of after.procs) {
        if (!out.has(pid) && out.has(p.ppid)) {
          out.add(pid);
          grew = true;
        }
      }
    }
    return [...out];
  };
  const serverTree = descendants(roles.codeServer).filter((pid) => pid !== roles.extHost);
  const chromiumPids = [...after.procs.entries()].filter(([, p]) => /chromium/.test(p.cmdline)).map(([pid]) => pid);
  const renderer = chromiumPids.filter((pid) => /--type=renderer/.test(after.procs.get(pid)?.cmdline ?? ''));
  const sum = (pids: number[]) => pids.reduce((total, pid) => total + used(pid), 0);
  const machineCores = cpus().length;
  const machine = ((after.machineBusy - before.machineBusy) / (after.machineTotal - before.machineTotal)) * 100 * machineCores;
  return [
    [`machine, all processes (of ${machineCores * 100} %)`, machine],
    ['extension host', percent(used(roles.extHost))],
    ['code-server, other processes', percent(sum(serverTree))],
    ['Chromium renderers (workbench + webview)', percent(sum(renderer))],
    ['Chromium, other processes', percent(sum(chromiumPids.filter((pid) => !renderer.includes(pid))))],
    ['load server', percent(used(roles.loadServer))],
    ['this bench', percent(used(process.pid))],
  ];
}

// ---------------------------------------------------------------------------------------------
// The webview

/** The Frame of the panel's document (VS Code's outer iframe, then #active-frame). */
async function panelFrame(page: Page): Promise<Frame> {
  const outer = page.locator('iframe.webview.ready').first();
  await outer.waitFor({ state: 'attached', timeout: 30_000 });
  const outerFrame = await (await outer.elementHandle())?.contentFrame();
  if (!outerFrame) throw new Error('the webview iframe has no frame');
  const inner = await outerFrame.waitForSelector('#active-frame', { state: 'attached', timeout: 30_000 });
  const frame = await inner.contentFrame();
  if (!frame) throw new Error('#active-frame has no frame');
  await frame.waitForSelector('.sse-rows', { state: 'attached', timeout: 30_000 });
  return frame;
}

interface PanelHeader {
  events: number;
  state: string;
  shown: string;
  dropped: string;
}

/** What the header shows: the Events counter (parsed), the state and the Shown counter. */
function readHeader(frame: Frame): Promise<PanelHeader> {
  return frame.evaluate(() => {
    const counter = (label: string): string => {
      for (const el of Array.from(document.querySelectorAll('.sse-header .sse-counter'))) {
        if (el.querySelector('.sse-counter-label')?.textContent === label) return el.querySelector('.sse-counter-value')?.textContent ?? '';
      }
      return '';
    };
    return {
      events: Number(counter('Events').replace(/,/g, '')) || 0,
      state: document.querySelector('.sse-header .sse-state-text')?.textContent ?? '',
      shown: counter('Shown'),
      dropped: counter('Dropped'),
    };
  });
}

/** What the in-page instruments collected (see installInstruments). */
interface Collected {
  /** seq -> [sendTime, paintedAt] for rows seen by the MutationObserver. */
  painted: Array<[number, number, number]>;
  /** Staleness samples during the load phase: [Date.now(), Date.now() - send time of the newest row]. */
  lags: Array<[number, number]>;
  longTasks: Array<{ start: number; duration: number; name: string }>;
  longFrames: Array<{ start: number; duration: number; blocking: number }>;
  longTaskSupported: boolean;
}

/**
 * Installs, inside the webview document: a MutationObserver on the row layer that records, for
 * every event row it has not seen, the send time embedded in its data and the time just after
 * the frame holding it was painted (a message posted from the observer callback, which runs in
 * the app's requestAnimationFrame render, is delivered after that frame's task, paint included);
 * a PerformanceObserver for long tasks and long animation frames; and a sampler, started later,
 * of the newest painted row's age.
 */
function installInstruments(frame: Frame): Promise<void> {
  return frame.evaluate(() => {
    const DATA = /"seq":(\d+),"t":(\d+)/;
    const state = {
      seen: new Set<number>(),
      painted: [] as Array<[number, number, number]>,
      lags: [] as Array<[number, number]>,
      longTasks: [] as Array<{ start: number; duration: number; name: string }>,
      longFrames: [] as Array<{ start: number; duration: number; blocking: number }>,
      longTaskSupported: PerformanceObserver.supportedEntryTypes.includes('longtask'),
      sampler: 0,
      recordPaints: true,
    };
    (window as unknown as { __liveBench: typeof state }).__liveBench = state;
    const layer = document.querySelector('.sse-rows');
    if (!layer) throw new Error('no .sse-rows in the panel');

    /** Newest event row in the DOM (highest seq) with its send time. */
    const newest = (): { seq: number; t: number } | undefined => {
      let best: { seq: number; t: number } | undefined;
      for (const row of Array.from(layer.children) as HTMLElement[]) {
        if (row.hidden || !row.classList.contains('kind-event')) continue;
        const m = DATA.exec(row.querySelector('.sse-col-data')?.textContent ?? '');
        if (m && (!best || Number(m[1]) > best.seq)) best = { seq: Number(m[1]), t: Number(m[2]) };
      }
      return best;
    };
    (window as unknown as { __liveNewest: typeof newest }).__liveNewest = newest;

    const channel = new MessageChannel();
    let waiting: Array<[number, number]> = [];
    channel.port1.onmessage = () => {
      const now = Date.now();
      for (const [seq, t] of waiting) state.painted.push([seq, t, now]);
      waiting = [];
    };
    new MutationObserver(() => {
      if (!state.recordPaints) return;
      const before = waiting.length;
      for (const row of Array.from(layer.children) as HTMLElement[]) {
        if (row.hidden || !row.classList.contains('kind-event')) continue;
        const m = DATA.exec(row.querySelector('.sse-col-data')?.textContent ?? '');
        if (!m) continue;
        const seq = Number(m[1]);
        if (state.seen.has(seq)) continue;
        state.seen.add(seq);
        waiting.push([seq, Number(m[2])]);
      }
      if (waiting.length > before && before === 0) channel.port2.postMessage(null);
    }).observe(layer, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['hidden', 'data-seq'] });

    if (state.longTaskSupported) {
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) state.longTasks.push({ start: e.startTime, duration: e.duration, name: e.name });
      }).observe({ type: 'longtask', buffered: true });
    }
    if (PerformanceObserver.supportedEntryTypes.includes('long-animation-frame')) {
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          state.longFrames.push({ start: e.startTime, duration: e.duration, blocking: (e as unknown as { blockingDuration: number }).blockingDuration });
        }
      }).observe({ type: 'long-animation-frame', buffered: true });
    }
  });
}

/** Starts sampling, every 100 ms, how old the newest painted row is; samples of rows after `fromSeq` only, and not of the stream's last event. */
function startLagSampler(frame: Frame, fromSeq: number, lastSeq: number): Promise<void> {
  return frame.evaluate(
    ({ from, last }) => {
      const w = window as unknown as {
        __liveBench: { lags: Array<[number, number]>; sampler: number; longTasks: unknown[]; longFrames: unknown[]; recordPaints: boolean };
        __liveNewest: () => { seq: number; t: number } | undefined;
      };
      const state = w.__liveBench;
      // The load phase is judged on its own tasks; 10 events/s painted nothing heavy anyway.
      state.longTasks = [];
      state.longFrames = [];
      // Scanning 40 rows on each of 60 frames a second would itself be a load: off for this phase.
      state.recordPaints = false;
      state.sampler = window.setInterval(() => {
        const n = w.__liveNewest();
        if (!n || n.seq <= from || n.seq >= last) return;
        const now = Date.now();
        state.lags.push([now, now - n.t]);
      }, 100);
    },
    { from: fromSeq, last: lastSeq },
  );
}

/**
 * Proves the long-task observer sees this frame's tasks: blocks the webview for 120 ms and
 * returns the long task it reported (0 when none: then "no long task" would mean nothing).
 */
async function calibrateLongTasks(frame: Frame): Promise<number> {
  await frame.evaluate(() => {
    window.setTimeout(() => {
      const end = performance.now() + 120;
      while (performance.now() < end) {
        // Busy on purpose.
      }
    }, 0);
  });
  await sleep(500);
  return frame.evaluate(() => {
    const state = (window as unknown as { __liveBench: { longTasks: Array<{ duration: number }> } }).__liveBench;
    return state.longTasks.reduce((m, t) => Math.max(m, t.duration), 0);
  });
}

function collect(frame: Frame): Promise<Collected> {
  return frame.evaluate(() => {
    const state = (window as unknown as { __liveBench: Collected & { sampler: number } }).__liveBench;
    window.clearInterval(state.sampler);
    return { painted: state.painted, lags: state.lags, longTasks: state.longTasks, longFrames: state.longFrames, longTaskSupported: state.longTaskSupported };
  });
}

// ---------------------------------------------------------------------------------------------
// Figures

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const ms = (n: number): string => (Number.isFinite(n) ? `${Math.round(n)} ms` : 'n/a');
const mib = (kib: number | undefined): string => (kib === undefined ? 'n/a' : `${(kib / 1024).toFixed(0)} MiB`);
const count = (n: number): string => n.toLocaleString('en-US');

interface RssSample {
  at: number;
  kib: number;
  events: number;
  dropped: number;
  /** process.memoryUsage() of the extension host (unless --no-heap). */
  memory?: MemoryUsage;
}

function machineInfo(): Record<string, string> {
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

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const machine = machineInfo();
  const loadBefore = loadavg();
  console.log(
    `bench:live — load ${count(options.rate)} events/s × ${options.seconds} s, latency ${options.latencyRate} events/s × ${options.latencySeconds} s`,
  );
  console.log(`machine: ${machine.cpu}, ${machine.memory}; load average ${loadBefore.map((n) => n.toFixed(2)).join(' ')}`);

  const server = await startLoadServer();
  let workbench: Workbench | undefined;
  let rssTimer: NodeJS.Timeout | undefined;
  let inspector: Inspector | undefined;
  let ok = false;
  try {
    console.log('starting code-server and Chromium ...');
    workbench = await openWorkbench({ name: 'bench-live' });
    const { page } = workbench;
    const url = `http://127.0.0.1:${server.port}/events`;
    await connectFromPalette(page, url);
    const frame = await panelFrame(page);
    const openDeadline = Date.now() + 30_000;
    while ((await readHeader(frame)).state !== 'Open' || server.connections === 0) {
      if (Date.now() > openDeadline) throw new Error(`the panel did not reach "Open" (header: ${JSON.stringify(await readHeader(frame))})`);
      await sleep(100);
    }
    await installInstruments(frame);
    const calibration = await calibrateLongTasks(frame);
    console.log(`long-task observer: a 120 ms busy task in the webview was reported as ${ms(calibration)}`);

    const serverPid = workbench.server.child.pid;
    if (serverPid === undefined) throw new Error('code-server has no pid');
    const hosts = findExtensionHosts(serverPid);
    if (hosts.length === 0) throw new Error(`no process with "extensionHost" in its command line under code-server (pid ${serverPid})`);
    // One window, one extension host; if there were more, the newest is this window's.
    const extHost = hosts.sort((a, b) => b.pid - a.pid)[0];
    console.log(`extension host: pid ${extHost.pid}: ${extHost.cmdline.slice(0, 160)}`);
    if (options.heap) {
      inspector = await attachInspector(extHost.pid).catch((error: Error) => {
        console.log(`heap: cannot attach the inspector (${error.message}); heap figures left out`);
        return undefined;
      });
    }

    // Phase 1: latency at a gentle rate.
    console.log(`latency phase: ${options.latencyRate} events/s for ${options.latencySeconds} s ...`);
    const latencyDone = await server.runPhase('latency', options.latencyRate, options.latencySeconds);
    await sleep(1000);
    const afterLatency = await collect(frame);
    const latencyLastSeq = latencyDone.totalSent;
    const latencies = afterLatency.painted.filter(([seq]) => seq <= latencyLastSeq).map(([, t, paintedAt]) => paintedAt - t);

    // Phase 2: load.
    const loadTotal = Math.round(options.rate * options.seconds);
    const loadLastSeq = latencyLastSeq + loadTotal;
    await startLagSampler(frame, latencyLastSeq, loadLastSeq);
    const rss: RssSample[] = [];
    let lastEvents = 0;
    let sampling = false;
    let fullSeenAt: number | undefined;
    const gcWindows: Array<[number, number]> = [];
    let gcAtFull: (MemoryUsage & { gcMs: number }) | undefined;
    rssTimer = setInterval(() => {
      if (sampling) return;
      sampling = true;
      const kib = rssKiB(extHost.pid);
      const sample = async (): Promise<void> => {
        const h = await readHeader(frame);
        const memory = await inspector?.memoryUsage();
        lastEvents = h.events;
        const dropped = Number(h.dropped.replace(/,/g, '')) || 0;
        if (kib !== undefined) rss.push({ at: Date.now(), kib, events: h.events, dropped, memory });
        if (dropped > 0 && fullSeenAt === undefined) fullSeenAt = Date.now();
        // Two seconds after the log filled: the heap a full collection leaves, the baseline for "flat".
        if (inspector && fullSeenAt !== undefined && !gcAtFull && Date.now() - fullSeenAt >= 2000) {
          const gcStarted = Date.now();
          gcAtFull = await inspector.collectGarbage();
          gcWindows.push([gcStarted, Date.now()]);
        }
      };
      sample()
        .catch(() => undefined)
        .finally(() => (sampling = false));
    }, 1000);
    const cpuStart = cpuTicks(extHost.pid);
    const cpuBefore = cpuSnapshot();
    const rssAtStart = rssKiB(extHost.pid);
    console.log(`load phase: ${count(options.rate)} events/s for ${options.seconds} s ...`);
    const profiler: Profiler | undefined = options.profile ? await startProfiler(page) : undefined;
    const loadStarted = Date.now();
    const loadDone = await server.runPhase('load', options.rate, options.seconds);
    const profile = await profiler?.stop();
    const cpuEnd = cpuTicks(extHost.pid);
    const cpuAfter = cpuSnapshot();
    const loadMs = Date.now() - loadStarted;
    // The counters refresh every 250 ms: wait until the panel has counted everything (or stops moving).
    const totalSent = loadDone.totalSent;
    let header = await readHeader(frame);
    const countDeadline = Date.now() + 30_000;
    let countDoneAt = Date.now();
    while (header.events < totalSent && Date.now() < countDeadline) {
      await sleep(250);
      header = await readHeader(frame);
      countDoneAt = Date.now();
    }
    const caughtUpMs = countDoneAt - (loadStarted + loadDone.elapsedMs);
    // A few more seconds of RSS once the stream is quiet.
    await sleep(3000);
    clearInterval(rssTimer);
    rssTimer = undefined;
    header = await readHeader(frame);
    const afterLoad = await collect(frame);
    const rssEnd = rssKiB(extHost.pid);
    const shotDir = join(TEST_RESULTS_DIR, 'bench');
    mkdirSync(shotDir, { recursive: true });
    await page.screenshot({ path: join(shotDir, 'live-end.png') });
    const loadAfter = loadavg();

    // ---- figures
    const maxEvents = Number(header.shown.split('/')[1]?.replace(/[^0-9]/g, '') ?? Number.NaN);
    // Full: the first sample where the panel says records were dropped.
    const fullAt = rss.find((s) => s.dropped > 0);
    const gcAtEnd = inspector ? await inspector.collectGarbage() : undefined;
    const afterFull = fullAt ? rss.filter((s) => s.at >= fullAt.at) : [];
    const rssMaxAfterFull = afterFull.length > 0 ? Math.max(...afterFull.map((s) => s.kib), rssEnd ?? 0) : undefined;
    const rssLastDuringLoad = rss.filter((s) => s.at <= loadStarted + loadDone.elapsedMs).at(-1)?.kib;
    const growth = fullAt && rssEnd !== undefined ? (rssEnd - fullAt.kib) / fullAt.kib : Number.NaN;
    // Samples during, or within 0.5 s after, the bench's own forced GC in the extension host measure the bench.
    const inGc = (at: number) => gcWindows.some(([from, to]) => at >= from && at <= to + 500);
    const lags = afterLoad.lags.filter(([at]) => !inGc(at)).map(([, lag]) => lag);
    const lagsLeftOut = afterLoad.lags.length - lags.length;
    // Staleness over time, in 5 s windows from the start of the load: a backlog that builds up
    // shows as a rising p95, a hiccup as one bad window.
    const windows: string[] = [];
    for (let from = loadStarted; from < loadStarted + loadDone.elapsedMs; from += 5000) {
      const inWindow = afterLoad.lags.filter(([at]) => at >= from && at < from + 5000 && !inGc(at)).map(([, lag]) => lag);
      if (inWindow.length > 0) windows.push(`${Math.round(percentile(inWindow, 95))}`);
    }
    // The webview shares its renderer's main thread with the workbench page (same site): the
    // observer sees both; 'self' entries are the webview's own work.
    const ownTasks = afterLoad.longTasks.filter((t) => t.name === 'self');
    const otherTasks = afterLoad.longTasks.filter((t) => t.name !== 'self');
    const longest = ownTasks.reduce((m, t) => Math.max(m, t.duration), 0);
    const over100 = ownTasks.filter((t) => t.duration > 100).length;
    const halfway = loadStarted + loadDone.elapsedMs / 2;
    const secondHalf = rss.filter((s) => s.at >= halfway && s.at <= loadStarted + loadDone.elapsedMs);
    const slopeMiBPerMin =
      secondHalf.length >= 2
        ? ((secondHalf.at(-1)!.kib - secondHalf[0].kib) / 1024 / ((secondHalf.at(-1)!.at - secondHalf[0].at) / 60_000))
        : Number.NaN;
    const longestFrame = afterLoad.longFrames.reduce((m, f) => Math.max(m, f.duration), 0);
    const cpu = cpuBreakdown(cpuBefore, cpuAfter, { extHost: extHost.pid, codeServer: serverPid, loadServer: server.child.pid ?? -1 });
    const cpuPercent = cpuStart !== undefined && cpuEnd !== undefined ? ((cpuEnd - cpuStart) / 100 / (loadMs / 1000)) * 100 : Number.NaN;
    const achievedRate = (loadDone.sent / loadDone.elapsedMs) * 1000;

    const rows: Array<[string, string, string, boolean | undefined]> = [
      ['every event counted', `${count(header.events)} shown / ${count(totalSent)} sent`, 'equal', header.events === totalSent],
      ['newest row shown (age of newest row, p50)', ms(percentile(lags, 50)), '', undefined],
      ['newest row shown (age of newest row, p95)', ms(percentile(lags, 95)), '≤ 100 ms', percentile(lags, 95) <= 100],
      ['newest row shown (age of newest row, max)', ms(Math.max(...lags)), '(info)', undefined],
      [
        'longest webview task (its own, attribution self)',
        afterLoad.longTaskSupported && calibration > 0
          ? `${ms(longest)} (${ownTasks.length} > 50 ms, ${over100} > 100 ms)`
          : 'not measurable: the long-task observer saw no test task',
        '≤ 100 ms',
        afterLoad.longTaskSupported && calibration > 0 ? longest <= 100 : undefined,
      ],
      [
        'longest workbench task (same thread)',
        `${ms(otherTasks.reduce((m, t) => Math.max(m, t.duration), 0))} (${otherTasks.length} > 50 ms, ${otherTasks.filter((t) => t.duration > 100).length} > 100 ms)`,
        '(info)',
        undefined,
      ],
      ['longest webview animation frame', `${ms(longestFrame)} (${afterLoad.longFrames.length} > 50 ms)`, '(info)', undefined],
      [
        'ext host RSS after the log filled',
        `${mib(fullAt?.kib)} at full → ${mib(rssEnd)} at end (${Number.isFinite(growth) ? `${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(0)} %` : 'n/a'}; max ${mib(rssMaxAfterFull)})`,
        gcAtFull && gcAtEnd ? '(info: lazy GC)' : 'flat: ≤ +10 %',
        gcAtFull && gcAtEnd ? undefined : Number.isFinite(growth) ? growth <= 0.1 : undefined,
      ],
      ['ext host RSS slope, 2nd half of the load', Number.isFinite(slopeMiBPerMin) ? `${slopeMiBPerMin.toFixed(0)} MiB/min` : 'n/a', '(info)', undefined],
      ...(gcAtFull && gcAtEnd
        ? ([
            [
              'ext host heap after a full GC',
              `${mib(gcAtFull.heapUsed / 1024)} at full → ${mib(gcAtEnd.heapUsed / 1024)} at end (${(((gcAtEnd.heapUsed - gcAtFull.heapUsed) / gcAtFull.heapUsed) * 100).toFixed(0)} %)`,
              'flat: ≤ +10 %',
              gcAtEnd.heapUsed <= gcAtFull.heapUsed * 1.1,
            ],
            [
              'ext host external + array buffers after GC',
              `${mib(gcAtFull.external / 1024)} → ${mib(gcAtEnd.external / 1024)} (array buffers ${mib(gcAtFull.arrayBuffers / 1024)} → ${mib(gcAtEnd.arrayBuffers / 1024)})`,
              '(info)',
              undefined,
            ],
            ['ext host RSS after that GC', `${mib(gcAtFull.rss / 1024)} → ${mib(gcAtEnd.rss / 1024)}; GC took ${ms(gcAtFull.gcMs)} / ${ms(gcAtEnd.gcMs)}`, '(info)', undefined],
          ] as Array<[string, string, string, boolean | undefined]>)
        : []),
      ['latency 10 ev/s: write → painted, p50', ms(percentile(latencies, 50)), '< 50 ms', percentile(latencies, 50) < 50],
      ['latency 10 ev/s: write → painted, p95', ms(percentile(latencies, 95)), '(info)', undefined],
      ['latency 10 ev/s: write → painted, max', ms(Math.max(...latencies)), '(info)', undefined],
    ];

    console.log('');
    console.log(`SSE Inspector live benchmark, ${new Date().toISOString()}`);
    console.log(`machine:   ${machine.cpu}, ${machine.memory} RAM, Node ${machine.node} (bench)`);
    console.log(`host:      ${machine.host}; ${machine.chromium} headless`);
    console.log(`load avg:  before ${loadBefore.map((n) => n.toFixed(2)).join(' ')}, after ${loadAfter.map((n) => n.toFixed(2)).join(' ')}`);
    console.log(
      `load:      asked ${count(options.rate)} ev/s × ${options.seconds} s; server sent ${count(loadDone.sent)} in ${(loadDone.elapsedMs / 1000).toFixed(1)} s ` +
        `(${count(Math.round(achievedRate))} ev/s), max ${count(loadDone.maxBufferedBytes)} B waiting in its socket buffer`,
    );
    console.log(
      `panel:     kept ${header.shown} (maxEvents ${count(maxEvents)}), dropped ${header.dropped || '0'}; counted everything ${(caughtUpMs / 1000).toFixed(1)} s after the last write`,
    );
    console.log(
      `ext host:  pid ${extHost.pid}; RSS ${mib(rssAtStart)} before load, ${mib(fullAt?.kib)} when the log filled (${fullAt ? `${((fullAt.at - loadStarted) / 1000).toFixed(0)} s in` : 'never'}), ` +
        `${mib(rssLastDuringLoad)} at the last write, ${mib(rssEnd)} at end; CPU ${Number.isFinite(cpuPercent) ? cpuPercent.toFixed(0) : 'n/a'} % of a core during load`,
    );
    console.log(`samples:   ${lags.length} staleness samples${lagsLeftOut > 0 ? ` (${lagsLeftOut} left out: during the forced GC)` : ''}, ${latencies.length} latency rows, ${rss.length} RSS samples; connections ${server.connections}`);
    console.log(`staleness: p95 per 5 s of load (ms): ${windows.join(' ')}`);
    console.log(`CPU during load (% of one core): ${cpu.map(([what, pct]) => `${what} ${pct.toFixed(0)}`).join('; ')}`);
    if (profile) {
      const busy = profile.totalMs - profile.idleMs;
      console.log(
        `profile:   workbench renderer main thread busy ${(busy / 1000).toFixed(1)} s of ${(profile.totalMs / 1000).toFixed(1)} s; ` +
          `webview.js self time ${(profile.webviewMs / 1000).toFixed(1)} s. Top self time:`,
      );
      for (const spot of profile.top) console.log(`  ${ms(spot.selfMs).padStart(9)}  ${spot.name}`);
    }
    console.log('');
    console.log(`${'target'.padEnd(48)} ${'measured'.padEnd(52)} ${'goal'.padEnd(14)} verdict`);
    for (const [label, value, goal, pass] of rows) {
      console.log(`${label.padEnd(48)} ${value.padEnd(52)} ${goal.padEnd(14)} ${pass === undefined ? '' : pass ? 'PASS' : 'MISS'}`);
    }
    console.log('');
    const report = {
      at: new Date().toISOString(),
      options,
      machine,
      loadAverage: { before: loadBefore, after: loadAfter },
      server: { loadSent: loadDone.sent, totalSent, elapsedMs: loadDone.elapsedMs, achievedRate, maxBufferedBytes: loadDone.maxBufferedBytes, connections: server.connections },
      panel: { events: header.events, shown: header.shown, dropped: header.dropped, caughtUpMs },
      staleness: {
        p50: percentile(lags, 50),
        p95: percentile(lags, 95),
        max: Math.max(...lags),
        samples: lags.length,
        leftOut: lagsLeftOut,
        p95Per5s: windows,
        timeline: afterLoad.lags.map(([at, lag]) => [at - loadStarted, lag]),
      },
      webview: { longTaskCalibrationMs: calibration, longestOwnTaskMs: longest, ownLongTasks: ownTasks.length, over100, longTasksAllFrames: afterLoad.longTasks, longestFrameMs: longestFrame },
      extensionHost: { pid: extHost.pid, cmdline: extHost.cmdline, rssKiB: rss, rssAtStartKiB: rssAtStart, rssAtFullKiB: fullAt?.kib, rssEndKiB: rssEnd, growth, slopeMiBPerMin, cpuPercent, gcAtFull, gcAtEnd },
      profile,
      cpuDuringLoad: Object.fromEntries(cpu),
      latency: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: Math.max(...latencies), samples: latencies.length },
      lastEventsRead: lastEvents,
    };
    writeFileSync(join(shotDir, 'live.json'), JSON.stringify(report, null, 2));
    console.log(`figures: ${join(shotDir, 'live.json')}; screenshot: ${join(shotDir, 'live-end.png')}`);
    ok = true;
  } finally {
    if (rssTimer) clearInterval(rssTimer);
    inspector?.close();
    server.stop();
    await workbench?.close({ keep: options.keep || !ok });
    if (workbench && (options.keep || !ok)) console.log(`run folder kept: ${workbench.run.dir}`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`bench:live could not run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
