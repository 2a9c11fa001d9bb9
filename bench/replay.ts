/**
 * Replay server benchmark (`npm run bench:replay`).
 *
 *  1. Throughput at --speed 0: a recording of 200,000 events (about 120 bytes each) served to
 *     one raw HTTP client on 127.0.0.1, against a baseline in the same run: a plain node:http
 *     server writing the very same bytes (one write per event, and all in one write).
 *  2. Timing at speed 1: a recording of 100 events with gaps of 5 to 80 ms, served to 100
 *     clients connected at once (the server in a child process); for each client and event, the
 *     error of the gap it saw against the recorded gap (p50 / p95 / max), against 1 client.
 *
 * Flags: --events N (throughput events, default 200000), --clients N (default 100).
 * Prints figures and ratios; exits 0 whenever it ran.
 */
import { fork } from 'node:child_process';
import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { ReplayServer } from '../src/core/replay/replayServer';
import { encodeStep, planWire, type WirePlan } from '../src/core/replay/wirePlan';
import type { StreamRecord } from '../src/shared/records';

function flag(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
}

/** A deterministic pseudo-random sequence (so every run serves the same recording). */
function random(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
}

function recording(events: number, gap: () => number): StreamRecord[] {
  const records: StreamRecord[] = [{ seq: 1, time: 0, kind: 'open', url: 'bench', status: 200, statusText: 'OK', headers: {}, redirected: false }];
  let time = 0;
  for (let i = 1; i <= events; i++) {
    time += gap();
    const data = JSON.stringify({ i, delta: 'lorem ipsum dolor sit amet, consectetur adipiscing', at: time });
    records.push({ seq: i + 1, time, kind: 'event', type: i % 10 === 0 ? 'usage' : 'delta', data, lastEventId: String(i), id: String(i), size: data.length });
  }
  return records;
}

/** GETs `url` and resolves with ms from request to the end of the body, and the bytes. */
function download(url: string): Promise<{ ms: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    let bytes = 0;
    get(url, (res) => {
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ ms: performance.now() - start, bytes }));
    }).on('error', reject);
  });
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

async function throughput(events: number): Promise<void> {
  const plan = planWire(recording(events, () => 1));
  const blocks = plan.steps.map((s) => encodeStep(s.text));
  const all = Buffer.concat(blocks);
  const replay = await ReplayServer.start({ routes: [{ plan, name: 'bench' }], speed: 0 });
  const perEvent = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream' });
    let i = 0;
    // Same backpressure handling as the player: write until the socket asks to wait.
    const pump = (): void => {
      while (i < blocks.length) if (!res.write(blocks[i++])) return void res.once('drain', pump);
      res.end();
    };
    pump();
  });
  const oneWrite = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream' });
    res.end(all);
  });
  const urls = { replay: replay.urls[0], perEvent: await listen(perEvent), oneWrite: await listen(oneWrite) };
  const runs: Record<keyof typeof urls, number[]> = { replay: [], perEvent: [], oneWrite: [] };
  for (let round = 0; round < 3; round++) {
    for (const key of Object.keys(urls) as Array<keyof typeof urls>) {
      const { ms, bytes } = await download(urls[key]);
      if (bytes !== all.length) throw new Error(`${key} sent ${bytes} bytes, expected ${all.length}`);
      runs[key].push(ms);
    }
  }
  await replay.close();
  perEvent.close();
  oneWrite.close();
  const rate = (key: keyof typeof urls): number => events / (median(runs[key]) / 1000);
  const mb = all.length / 1e6;
  console.log(`\n1. Throughput at --speed 0: ${events} events, ${mb.toFixed(1)} MB, one client on 127.0.0.1 (median of 3)`);
  console.log(`   replay server           ${Math.round(rate('replay')).toLocaleString('en')} events/s  (${(mb / (median(runs.replay) / 1000)).toFixed(0)} MB/s)`);
  console.log(`   raw, one write/event    ${Math.round(rate('perEvent')).toLocaleString('en')} events/s  -> replay at ${((rate('replay') / rate('perEvent')) * 100).toFixed(0)}% of it`);
  console.log(`   raw, one write in all   ${Math.round(rate('oneWrite')).toLocaleString('en')} events/s  -> replay at ${((rate('replay') / rate('oneWrite')) * 100).toFixed(0)}% of it`);
}

/** Connects `clients` raw clients at once; resolves with each client's event arrival times. */
function arrivals(url: string, clients: number, events: number): Promise<number[][]> {
  return Promise.all(
    Array.from({ length: clients }, () =>
      new Promise<number[]>((resolve, reject) => {
        const times: number[] = [];
        let text = '';
        get(url, (res) => {
          times.push(performance.now()); // headers: the server's clock starts here too
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            const now = performance.now();
            text += chunk;
            let end: number;
            while ((end = text.indexOf('\n\n')) >= 0) {
              times.push(now);
              text = text.slice(end + 2);
            }
          });
          res.on('end', () => (times.length === events + 1 ? resolve(times) : reject(new Error(`got ${times.length - 1} of ${events} events`))));
        }).on('error', reject);
      }),
    ),
  );
}

/** The timing recording: the same in the parent and the server child (seeded). */
function timingPlan(): WirePlan {
  const next = random(7);
  return planWire(recording(100, () => 5 + Math.round(next() * 75)));
}

/**
 * Runs the timing server in a child process, so that parsing 100 clients' bytes here cannot
 * delay its timers (on a real machine the clients are other processes too).
 */
async function serverChild(): Promise<{ url: string; close(): Promise<void> }> {
  const child = fork(__filename, ['--timing-server'], { stdio: 'inherit' });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (m) => resolve(String(m)));
    child.once('exit', (code) => reject(new Error(`the server child exited with ${code}`)));
  });
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function timing(clients: number): Promise<void> {
  const plan = timingPlan();
  const gaps = plan.steps.map((s) => s.gapMs);
  const measure = async (n: number): Promise<{ errors: number[]; drift: number[] }> => {
    const server = await serverChild();
    try {
      const all = await arrivals(server.url, n, gaps.length);
      const errors: number[] = [];
      const drift: number[] = [];
      for (const times of all) {
        for (let i = 0; i < gaps.length; i++) errors.push(Math.abs(times[i + 1] - times[i] - gaps[i]));
        drift.push(times[gaps.length] - times[0] - gaps.reduce((a, b) => a + b, 0));
      }
      return { errors, drift };
    } finally {
      await server.close();
    }
  };
  const one = await measure(1);
  const many = await measure(clients);
  const line = (label: string, r: { errors: number[]; drift: number[] }): string =>
    `   ${label.padEnd(12)} gap error p50 ${percentile(r.errors, 50).toFixed(1)} ms, p95 ${percentile(r.errors, 95).toFixed(1)} ms, max ${Math.max(...r.errors).toFixed(1)} ms; ` +
    `end of stream late by ${median(r.drift).toFixed(0)} ms (median)`;
  const total = gaps.reduce((a, b) => a + b, 0);
  console.log(`\n2. Timing at speed 1: ${gaps.length} events over ${(total / 1000).toFixed(1)} s, gaps 5-80 ms`);
  console.log(line('1 client', one));
  console.log(line(`${clients} clients`, many));
  console.log(`   p95 ratio ${clients} clients / 1 client: ${(percentile(many.errors, 95) / Math.max(0.1, percentile(one.errors, 95))).toFixed(1)}x (target: p95 within 10 ms)`);
}

async function main(): Promise<void> {
  if (process.argv.includes('--timing-server')) {
    const server = await ReplayServer.start({ routes: [{ plan: timingPlan(), name: 'timing' }], speed: 1 });
    process.send?.(server.urls[0]);
    process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
    return;
  }
  console.log(`Replay benchmark: Node ${process.version}, ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  await throughput(flag('events', 200_000));
  await timing(flag('clients', 100));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
