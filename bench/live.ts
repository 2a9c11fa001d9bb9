/**
 * Live benchmark: the whole product in a real VS Code (code-server, extension in development
 * mode, headless Chromium), fed by a local SSE server running in a child process.
 *
 *   npm run bench:live                       (build, then node out/bench/live.js)
 *   node out/bench/live.js --seconds 5 --rate 20000 --latency-seconds 5   (a quick trial)
 *
 * Flags: --rate N (load events/s, default 20000), --seconds N (load duration, default 30),
 * --hog (a child process busy on one core for the whole run, as on a developer's laptop that
 * also runs the server being debugged),
 * --latency-rate N (default 10), --latency-seconds N (default 15), --keep (keep the run folder),
 * --no-wait (start at once; by default it first waits, up to 3 minutes, for the 1-minute load
 * average to fall under 1: a run right after another measures the one before as much as this),
 * --no-heap (do not attach the inspector to the extension host; by default it is attached
 * with SIGUSR1 on 127.0.0.1:9229 to read process.memoryUsage() every second and the heap left
 * by a forced full GC 2 s after the log filled and at the end: RSS alone cannot tell a leak from
 * a heap V8 has not shrunk yet. Staleness samples during that GC are left out), --profile (CPU
 * profiles of the renderer the webview runs in and of the extension host during the load: top
 * functions), --same-origin (serve the webview from the workbench's origin, as code-server does,
 * instead of from one of its own, as VS Code desktop and vscode.dev do: then the webview is a
 * same-process iframe of the workbench page, see test/ui/support/webviewOrigin.ts), --sockets
 * (count the workbench page's WebSocket frames and bytes each way during the load: everything
 * the extension host says to the page travels there).
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
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { settledLoad } from './support/waitQuiet';
import { join } from 'node:path';
import { TEST_RESULTS_DIR } from '../test/host/paths';
import { describeProfile, startProfiler, webviewRenderer, type Profiler } from './live/profile';
import { attachInspector, describeStalls, type Inspector, type MemoryUsage } from './live/inspector';
import { count, machineInfo, mib, ms, percentile, printTargets, sleep, type RssSample, type TargetRow } from './live/figures';
import { runLlmBench } from './live/llm';
import { describeWebviewOrigin, parseOptions } from './live/options';
import { cpuBreakdown, cpuSnapshot, cpuTicks, rssKiB } from './live/processes';
import { withLiveSession } from './live/session';
import { startSocketProbe } from './live/socketProbe';
import { calibrateLongTasks, collect, describeFrame, describeMessages, installInstruments, readHeader, startLagSampler, type LongFrame } from './live/webviewProbe';

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (options.llm) return runLlmBench(options);
  const machine = machineInfo();
  const loadBefore = await settledLoad(options.waitQuiet);
  console.log(
    `bench:live — load ${count(options.rate)} events/s × ${options.seconds} s, latency ${options.latencyRate} events/s × ${options.latencySeconds} s`,
  );
  console.log(`machine: ${machine.cpu}, ${machine.memory}; load average ${loadBefore.map((n) => n.toFixed(2)).join(' ')}`);

  let rssTimer: NodeJS.Timeout | undefined;
  let inspector: Inspector | undefined;
  await withLiveSession(options, 'bench-live', '/events', async ({ hog, server, workbench, frame, extHost }) => {
    try {
      const { page } = workbench;
      await installInstruments(frame);
      const calibration = await calibrateLongTasks(frame);
      console.log(`long-task observer: a 120 ms busy task in the webview was reported as ${ms(calibration)}`);

      console.log(`extension host: pid ${extHost.pid}: ${extHost.cmdline.slice(0, 160)}`);
      if (options.heap) {
        inspector = await attachInspector(extHost.pid).catch((error: Error) => {
          console.log(`heap: cannot attach the inspector (${error.message}); heap figures left out`);
          return undefined;
        });
        await inspector?.watchStalls();
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
      const renderer = webviewRenderer(page, frame, options.sameOrigin);
      const profiler: Profiler | undefined = options.profile ? await startProfiler(renderer.target) : undefined;
      if (options.profile) {
        await inspector?.startProfile();
        await inspector?.startAllocationSampling();
      }
      // Off by default: DevTools' Network domain costs the renderer a little for every frame it reports.
      const sockets = options.sockets ? await startSocketProbe(page) : undefined;
      const loadStarted = Date.now();
      const loadDone = await server.runPhase('load', options.rate, options.seconds);
      const socketLines = (await sockets?.stop(loadDone.elapsedMs / 1000)) ?? [];
      const profile = await profiler?.stop();
      const hostProfile = options.profile ? await inspector?.stopProfile() : undefined;
      const hostAllocations = options.profile ? await inspector?.stopAllocationSampling() : undefined;
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
      const hostStalls = await inspector?.stalls();
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
      // With --same-origin the webview shares its renderer's main thread with the workbench page:
      // the observer sees both; 'self' entries are the webview's own work (rendering included).
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
      const longestFrameEntry = afterLoad.longFrames.reduce<LongFrame | undefined>((m, f) => (m && m.duration >= f.duration ? m : f), undefined);
      const longestFrame = longestFrameEntry?.duration ?? 0;
      const cpu = cpuBreakdown(cpuBefore, cpuAfter, { extHost: extHost.pid, codeServer: workbench.server.child.pid ?? -1, loadServer: server.child.pid ?? -1 });
      const cpuPercent = cpuStart !== undefined && cpuEnd !== undefined ? ((cpuEnd - cpuStart) / 100 / (loadMs / 1000)) * 100 : Number.NaN;
      const achievedRate = (loadDone.sent / loadDone.elapsedMs) * 1000;

      const rows: TargetRow[] = [
        ['every event counted', `${count(header.events)} shown / ${count(totalSent)} sent`, 'equal', header.events === totalSent],
        ['newest row shown (age of newest row, p50)', ms(percentile(lags, 50)), '', undefined],
        ['newest row shown (age of newest row, p95)', ms(percentile(lags, 95)), '(info)', undefined],
        [
          'newest row age p95, worst 5 s window',
          `${ms(Math.max(...windows.map(Number)))} (first ${windows[0] ?? 'n/a'}, last ${windows.at(-1) ?? 'n/a'} ms)`,
          '< 250 ms each',
          windows.length > 0 && windows.every((w) => Number(w) < 250),
        ],
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
        ['longest webview animation frame', `${ms(longestFrame)} (${afterLoad.longFrames.length} > 50 ms)${longestFrameEntry ? `: ${describeFrame(longestFrameEntry)}` : ''}`, '(info)', undefined],
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
      console.log(`CPU hog:   ${hog ? `yes, pid ${hog.pid} busy on one core the whole run` : 'no'}`);
      console.log(`webview:   ${describeWebviewOrigin(options)}`);
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
      console.log(`webview:   ${describeMessages(afterLoad.messages, afterLoad.frameRows, loadDone.elapsedMs)}`);
      for (const line of socketLines) console.log(`socket:    ${line}`);
      if (hostStalls) console.log(`ext host:  ${describeStalls(hostStalls, loadStarted, loadStarted + loadDone.elapsedMs, gcWindows)}`);
      console.log(`CPU during load (% of one core): ${cpu.map(([what, pct]) => `${what} ${pct.toFixed(0)}`).join('; ')}`);
      if (profile) for (const line of describeProfile(renderer.label, profile, 'webview.js')) console.log(line);
      if (hostProfile) for (const line of describeProfile('extension host', hostProfile, 'extension.js')) console.log(line);
      printTargets(rows, [48, 52, 14]);
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
        webview: { messages: afterLoad.messages, frameRows: afterLoad.frameRows, longTaskCalibrationMs: calibration, longestOwnTaskMs: longest, ownLongTasks: ownTasks.length, over100, longTasksAllFrames: afterLoad.longTasks, longestFrameMs: longestFrame, longFrames: afterLoad.longFrames },
        extensionHost: { stalls: hostStalls, pid: extHost.pid, cmdline: extHost.cmdline, rssKiB: rss, rssAtStartKiB: rssAtStart, rssAtFullKiB: fullAt?.kib, rssEndKiB: rssEnd, growth, slopeMiBPerMin, cpuPercent, gcAtFull, gcAtEnd },
        profile: profile && { ...profile, raw: undefined },
        hostProfile: hostProfile && { ...hostProfile, raw: undefined },
        cpuDuringLoad: Object.fromEntries(cpu),
        latency: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: Math.max(...latencies), samples: latencies.length },
        lastEventsRead: lastEvents,
      };
      writeFileSync(join(shotDir, 'live.json'), JSON.stringify(report, null, 2));
      console.log(`figures: ${join(shotDir, 'live.json')}; screenshot: ${join(shotDir, 'live-end.png')}`);
      // Without the inspector (--no-heap) there is no extension host profile: name only what was written.
      const written: string[] = [];
      const save = (file: string, data: unknown): void => {
        writeFileSync(join(shotDir, file), JSON.stringify(data));
        written.push(file);
      };
      if (profile) save('renderer.cpuprofile', profile.raw);
      if (hostProfile) save('extension-host.cpuprofile', hostProfile.raw);
      if (hostAllocations) save('extension-host.heapprofile', hostAllocations);
      if (written.length > 0) console.log(`profiles: ${written.join(', ')} beside it (.heapprofile: what the extension host allocated, sampled); DevTools opens them`);
    } finally {
      if (rssTimer) clearInterval(rssTimer);
      inspector?.close();
    }
  });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`bench:live could not run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);

