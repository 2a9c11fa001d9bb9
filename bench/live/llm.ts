/**
 * bench:live --llm: the delay from an LLM chunk's arrival to its text on screen in the Message
 * view (issue target: p95 under 100 ms at 200 chunks/s).
 *
 *   npm run bench:live -- --llm --rate 200 --seconds 20      (the defaults with --llm; --profile, --hog, --keep too)
 *
 * The load server (its own process) streams an OpenAI chat answer on /v1/chat/completions at
 * `--rate` chunks/s; each chunk's `delta.content` carries a marker with its seq and the time of
 * the write that carries it. The panel detects the format and shows the Message view; a probe in
 * the webview (messageProbe.ts) records when each marker is first painted there. Also: chunks
 * seen vs sent, p95 per 5 s (a backlog shows as a rising p95), CPU per process, load average.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { TEST_RESULTS_DIR } from '../../test/host/paths';
import { settledLoad } from '../support/waitQuiet';
import { count, machineInfo, ms, percentile, printTargets, sleep, type TargetRow } from './figures';
import { collectMessage, installMessageProbe } from './messageProbe';
import { describeProfile, startProfiler, webviewRenderer, type Profiler } from './profile';
import { describeWebviewOrigin, type Options } from './options';
import { cpuBreakdown, cpuSnapshot } from './processes';
import { withLiveSession } from './session';
import { readHeader } from './webviewProbe';

const TARGET_P95_MS = 100;

export async function runLlmBench(options: Options): Promise<void> {
  const machine = machineInfo();
  const loadBefore = await settledLoad(options.waitQuiet);
  console.log(`bench:live --llm — an OpenAI chat stream at ${count(options.rate)} chunks/s × ${options.seconds} s, Message view open`);
  console.log(`machine: ${machine.cpu}, ${machine.memory}; load average ${loadBefore.map((n) => n.toFixed(2)).join(' ')}`);
  await withLiveSession(options, 'bench-live-llm', '/v1/chat/completions', async ({ hog, server, workbench, frame, extHost }) => {
    const { page } = workbench;
    await installMessageProbe(frame);

    console.log(`streaming: ${count(options.rate)} chunks/s for ${options.seconds} s ...`);
    const cpuBefore = cpuSnapshot();
    const renderer = webviewRenderer(page, frame, options.sameOrigin);
    const profiler: Profiler | undefined = options.profile ? await startProfiler(renderer.target) : undefined;
    const started = Date.now();
    const done = await server.runPhase('llm', options.rate, options.seconds);
    const cpuAfter = cpuSnapshot();
    const profile = await profiler?.stop();
    // The last chunks: the view posts at most every 50 ms (longer for long answers) and paints per frame.
    await sleep(2000);
    const seen = await collectMessage(frame);
    const header = await readHeader(frame);
    const loadAfter = loadavg();
    const shotDir = join(TEST_RESULTS_DIR, 'bench');
    mkdirSync(shotDir, { recursive: true });
    await page.screenshot({ path: join(shotDir, 'live-llm-end.png') });

    const delays = seen.painted.map(([, t, paintedAt]) => paintedAt - t);
    const windows: string[] = [];
    for (let from = started; from < started + done.elapsedMs; from += 5000) {
      const inWindow = seen.painted.filter(([, t]) => t >= from && t < from + 5000).map(([, t, at]) => at - t);
      if (inWindow.length > 0) windows.push(String(Math.round(percentile(inWindow, 95))));
    }
    const p95 = percentile(delays, 95);
    // Host → webview: how old the newest chunk in each Message view update was when it arrived.
    const arrivalAges = seen.arrivals.filter(([, t]) => t > 0).map(([at, t]) => at - t);
    const cpu = cpuBreakdown(cpuBefore, cpuAfter, { extHost: extHost.pid, codeServer: workbench.server.child.pid ?? -1, loadServer: server.child.pid ?? -1 });
    const rows: TargetRow[] = [
      ['every chunk’s text shown', `${count(seen.painted.length)} seen / ${count(done.sent)} sent`, 'equal', seen.painted.length === done.sent],
      ['chunk write → text painted, p50', ms(percentile(delays, 50)), '(info)', undefined],
      ['chunk write → text painted, p95', ms(p95), `< ${TARGET_P95_MS} ms`, p95 < TARGET_P95_MS],
      ['chunk write → text painted, max', ms(Math.max(...delays)), '(info)', undefined],
      ['p95 per 5 s of stream', windows.join(' ') || 'n/a', '(info)', undefined],
      [
        'Message updates: newest chunk age on arrival',
        `p50 ${ms(percentile(arrivalAges, 50))}, p95 ${ms(percentile(arrivalAges, 95))} (${count(seen.arrivals.length)} messages)`,
        '(info)',
        undefined,
      ],
    ];
    console.log('');
    console.log(`SSE Inspector live benchmark (LLM), ${new Date().toISOString()}`);
    console.log(`machine:   ${machine.cpu}, ${machine.memory} RAM, Node ${machine.node} (bench); ${machine.host}; ${machine.chromium} headless`);
    console.log(`CPU hog:   ${hog ? `yes, pid ${hog.pid}` : 'no'}`);
    console.log(`webview:   ${describeWebviewOrigin(options)}`);
    console.log(`load avg:  before ${loadBefore.map((n) => n.toFixed(2)).join(' ')}, after ${loadAfter.map((n) => n.toFixed(2)).join(' ')}`);
    console.log(`stream:    asked ${count(options.rate)} chunks/s × ${options.seconds} s; server sent ${count(done.sent)} in ${(done.elapsedMs / 1000).toFixed(1)} s`);
    console.log(`panel:     events ${count(header.events)}; Message view ${seen.visible ? 'shown' : 'NOT shown'}, ${count(seen.textLength)} characters of text; badges "${seen.badges}"`);
    console.log(`probe:     ${count(seen.scans)} scans of the text, ${ms(seen.scanMs)} in all (its own cost, on the webview's thread)`);
    console.log(`CPU during the stream (% of one core): ${cpu.map(([what, pct]) => `${what} ${pct.toFixed(0)}`).join('; ')}`);
    if (profile) for (const line of describeProfile(renderer.label, profile, 'webview.js')) console.log(line);
    printTargets(rows, [40, 40, 12]);
    const report = {
      at: new Date().toISOString(),
      options,
      machine,
      loadAverage: { before: loadBefore, after: loadAfter },
      server: { sent: done.sent, elapsedMs: done.elapsedMs },
      delays: { p50: percentile(delays, 50), p95, max: Math.max(...delays), seen: seen.painted.length, p95Per5s: windows, timeline: seen.painted.map(([seq, t, at]) => [seq, t - started, at - t]) },
      arrivals: seen.arrivals.map(([at, t, length]) => [at - started, t > 0 ? at - t : null, length]),
      probe: { scans: seen.scans, scanMs: seen.scanMs },
      cpu: Object.fromEntries(cpu),
    };
    writeFileSync(join(shotDir, 'live-llm.json'), JSON.stringify(report, null, 2));
    console.log(`figures: ${join(shotDir, 'live-llm.json')}; screenshot: ${join(shotDir, 'live-llm-end.png')}`);
  });
}
