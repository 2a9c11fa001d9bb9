/**
 * Capture proxy benchmark: what the proxy costs an app, in one run on one machine.
 * `npm run bench:proxy`. Not a test: it prints figures and ratios against direct.
 *
 * The proxy runs as users run it (`dist/cli.js proxy`, its own process, records to a file, so
 * the parsing of every event is included). The upstream and the client live in this process.
 *  1. Throughput: the same event stream (BENCH_MB MiB of 1 KiB events, sent as fast as the
 *     reader takes them) read direct and through the proxy, alternating, ROUNDS times; medians.
 *     1000 MiB by default: about half a second a round on loopback, so that a round measures
 *     the steady state (100 MiB took some 60 ms, and a scheduler hiccup moved it by half).
 *  2. Added latency per chunk: the upstream sends a small event every 2 ms stamped with its
 *     send time; the client notes when it arrives. Percentiles direct and through the proxy,
 *     and the difference (what the proxy adds).
 * Then what the records hold of the bulk streams: the proxy's inspector runs in a thread of its
 * own and skips (and records) what it cannot keep up with rather than slow the client, so the
 * throughput figure comes with how much of the stream the recording kept.
 * CPU per MiB forwarded (Linux): the proxies' main threads during their rounds and their whole
 * processes, a cost that the neighbours' load sways much less than the rates.
 * A third row, a bare Node pipe proxy (http.request + pipe, nothing else, its own process),
 * shows the floor any proxy on node:http pays on this machine: the capture proxy's own cost is
 * its distance from that row, the rest is the extra process and Node's HTTP layer.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import * as os from 'node:os';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cpuOf, cpuSince, type CpuSample } from './support/processCpu';

const MIB = Number(process.env.BENCH_MB ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CHUNKS = Number(process.env.BENCH_CHUNKS ?? 2000);
/** BENCH_CLI: another build's cli.js, to compare two versions of the proxy on the same machine. */
const CLI = process.env.BENCH_CLI ? resolve(process.env.BENCH_CLI) : resolve(__dirname, '../../dist/cli.js');

const EVENT = Buffer.from(`data: ${'x'.repeat(1024 - 8)}\n\n`);
/** Sent times of the latency stream, by sequence number. */
const sentAt = new Map<number, number>();

function startUpstream(): Promise<http.Server> {
  const server = http.createServer(async (req, res) => {
    // The same bytes as a download: forwarded, not parsed (what forwarding alone costs).
    res.writeHead(200, { 'Content-Type': req.url === '/bulk-raw' ? 'application/octet-stream' : 'text/event-stream' });
    if (req.url!.startsWith('/bulk')) {
      const batch = Buffer.concat(Array.from({ length: 64 }, () => EVENT));
      for (let sent = 0; sent < MIB * 1024 * 1024; sent += batch.length) {
        if (!res.write(batch)) await new Promise((r) => res.once('drain', r));
      }
      res.end();
      return;
    }
    // Latency: one small event every 2 ms, each stamped when written.
    for (let seq = 0; seq < CHUNKS; seq++) {
      sentAt.set(seq, performance.now());
      res.write(`data: ${seq}\n\n`);
      await new Promise((r) => setTimeout(r, 2));
    }
    res.end();
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r(server)));
}

function startProxy(target: string, output: string): Promise<{ address: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [CLI, 'proxy', '--target', target, '-o', output], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((r, reject) => {
    child.stdout!.once('data', (chunk: Buffer) => r({ address: chunk.toString().split('\n')[0], child }));
    child.once('exit', (code) => reject(new Error(`proxy exited with ${code}`)));
  });
}

/** The floor: a pass-through proxy with nothing but node:http and pipe. */
const BARE_PROXY = `
const http = require('node:http');
const [host, port] = [process.argv[1], Number(process.argv[2])];
const agent = new http.Agent({ keepAlive: true });
const server = http.createServer((req, res) => {
  const up = http.request({ host, port, path: req.url, method: req.method, headers: req.headers, agent }, (upRes) => {
    res.writeHead(upRes.statusCode, upRes.headers);
    upRes.pipe(res);
  });
  req.pipe(up);
});
server.listen(0, '127.0.0.1', () => console.log('http://127.0.0.1:' + server.address().port));
`;

function startBareProxy(target: URL): Promise<{ address: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['-e', BARE_PROXY, target.hostname, target.port], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((r, reject) => {
    child.stdout!.once('data', (chunk: Buffer) => r({ address: chunk.toString().split('\n')[0], child }));
    child.once('exit', (code) => reject(new Error(`bare proxy exited with ${code}`)));
  });
}

/** Reads the whole bulk stream; resolves with MiB/s. */
function throughput(origin: string, path = '/bulk'): Promise<number> {
  return new Promise((r, reject) => {
    const started = performance.now();
    let bytes = 0;
    http.get(`${origin}${path}`, { agent: false }, (res) => {
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => r(bytes / 1024 / 1024 / ((performance.now() - started) / 1000)));
    }).on('error', reject);
  });
}

/** Arrival minus send time of each latency chunk, in ms. */
function latencies(origin: string): Promise<number[]> {
  sentAt.clear();
  return new Promise((r, reject) => {
    const result: number[] = [];
    let pending = '';
    http.get(`${origin}/latency`, { agent: false }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (text: string) => {
        const now = performance.now();
        pending += text;
        let end: number;
        while ((end = pending.indexOf('\n\n')) !== -1) {
          const seq = Number(pending.slice(6, end));
          pending = pending.slice(end + 2);
          result.push(now - sentAt.get(seq)!);
        }
      });
      res.on('end', () => r(result));
    }).on('error', reject);
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fixed = (n: number, digits = 3) => n.toFixed(digits);

/** How much of the bulk event streams the capture file kept, and what the inspector skipped. */
async function inspectorCopy(file: string): Promise<void> {
  const bulk = new Set<number>();
  let events = 0;
  let skippedBytes = 0;
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line === '') continue;
    const record = JSON.parse(line) as { kind: string; stream: number; url?: string; code?: string; message?: string };
    if (record.kind === 'capture' && record.url?.endsWith('/bulk')) bulk.add(record.stream);
    if (!bulk.has(record.stream)) continue;
    if (record.kind === 'event') events++;
    if (record.kind === 'error' && record.code === 'INSPECTOR_SKIPPED') skippedBytes += Number(/skipped (\d+) bytes/.exec(record.message ?? '')?.[1] ?? 0);
  }
  const sent = bulk.size * MIB * 1024;
  console.log(`\nRecords of the ${bulk.size} bulk streams through the proxy: ${events} of ${sent} events (${fixed((events / sent) * 100, 1)} %);`);
  console.log(`  the inspector skipped ${fixed(skippedBytes / 1024 / 1024, 1)} MiB while behind (recorded as INSPECTOR_SKIPPED; the client got every byte)`);
}

/** CPU ms per MiB forwarded: what each proxy costs, less swayed by the neighbours' load than the rates. */
function printCpu(mainMs: { proxy: number; raw: number; bare: number }, processMs: { proxy?: CpuSample; bare?: CpuSample }): void {
  const mib = MIB * ROUNDS;
  if (!processMs.proxy || !processMs.bare) return console.log('\nCPU per MiB: needs Linux /proc, not measured here.');
  const per = (ms: number, of = mib) => `${fixed(ms / of, 2)} ms/MiB`;
  console.log('\nCPU per MiB forwarded (10 ms clock ticks):');
  console.log(`  capture proxy main thread ${per(mainMs.proxy)} (event stream), ${per(mainMs.raw)} (download); bare pipe ${per(mainMs.bare)}`);
  console.log(`  whole process (inspector thread, collector, record writing too): capture ${per(processMs.proxy.process, 2 * mib)}, bare ${per(processMs.bare.process)}`);
}

/**
 * Whether 80 % is within reach on this machine: the upstream and client (this process) cost
 * the same per MiB either way; through the proxy its forwarding thread runs beside them. With
 * two free cores the slower side sets the rate; when the cores are shared (load above 2), the
 * three run by turns and the ratio tends to direct cost / (client cost + proxy cost).
 */
function printBound(benchMs: { direct: number; proxied: number; directWall: number }, proxyMainMs: number, proxyProcess: CpuSample | undefined): void {
  const mib = MIB * ROUNDS;
  const direct = benchMs.direct / mib;
  const proxied = benchMs.proxied / mib;
  const forwarding = proxyMainMs / mib;
  console.log('\nCPU per MiB of this process (upstream + client, event stream):');
  const share = (benchMs.direct / benchMs.directWall) * 100;
  console.log(`  direct ${fixed(direct, 2)} ms/MiB (${fixed(share, 0)} % of a core while direct: its threads, GC's too), through the proxy ${fixed(proxied, 2)} ms/MiB`);
  console.log(`  with 2 free cores the proxy's forwarding thread (${fixed(forwarding, 2)} ms/MiB) caps the rate at ${fixed(1000 / Math.max(forwarding, proxied), 0)} MiB/s;`);
  const whole = proxyProcess ? proxyProcess.process / (2 * mib) : forwarding;
  console.log(`  on shared cores (load ${os.loadavg()[0].toFixed(2)} on ${os.cpus().length}) the ratio tends to ${fixed((direct / (proxied + whole)) * 100, 0)} % (direct cost / (client cost + proxy process cost))`);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sse-bench-proxy-'));
  const upstream = await startUpstream();
  const direct = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  const { address: proxied, child } = await startProxy(direct, join(dir, 'capture.ndjson'));
  const { address: bare, child: bareChild } = await startBareProxy(new URL(direct));
  try {
    console.log(`Capture proxy benchmark (node ${process.version}; proxy: dist/cli.js proxy -o file, records parsed)`);
    console.log(`Load average ${os.loadavg().map((n) => n.toFixed(2)).join(' ')} on ${os.cpus().length} cores (the rates swing with it; CPU per MiB much less)`);
    // Both proxies settle first (the capture proxy's inspector thread compiles its bundle).
    await new Promise((r) => setTimeout(r, 1000));
    // Latency first: the throughput run leaves the proxy writing its records to disk for a while.
    const directLat = (await latencies(direct)).sort((a, b) => a - b);
    const proxyLat = (await latencies(proxied)).sort((a, b) => a - b);
    const bareLat = (await latencies(bare)).sort((a, b) => a - b);
    console.log(`\nLatency per chunk, ${CHUNKS} chunks 2 ms apart (ms, send to receive):`);
    console.log('                 p50      p95      p99');
    const row = (name: string, f: (q: number) => number) => console.log(`  ${name.padEnd(13)} ${[50, 95, 99].map((q) => fixed(f(q)).padStart(7)).join('  ')}`);
    row('direct', (q) => percentile(directLat, q));
    row('through proxy', (q) => percentile(proxyLat, q));
    row('bare pipe', (q) => percentile(bareLat, q));
    row('added', (q) => percentile(proxyLat, q) - percentile(directLat, q));
    row('bare added', (q) => percentile(bareLat, q) - percentile(directLat, q));
    console.log('  (target: added p95 under 2 ms on loopback)');
    const directRates: number[] = [];
    const proxyRates: number[] = [];
    const bareRates: number[] = [];
    const rawRates: number[] = [];
    // CPU: the main thread's during each round (forwarding), the whole process's over all rounds
    // (its inspector's backlog runs on into the next rounds).
    const mainMs = { proxy: 0, raw: 0, bare: 0 };
    // This process (the upstream and the client): what the stream costs at both ends, direct
    // and through the proxy, so the figures say what share of 2 cores the proxy can have.
    const benchMs = { direct: 0, proxied: 0, directWall: 0 };
    const ownCpu = async (key: 'direct' | 'proxied', run: () => Promise<number>): Promise<number> => {
      const before = process.cpuUsage();
      const started = performance.now();
      const rate = await run();
      const used = process.cpuUsage(before);
      benchMs[key] += (used.user + used.system) / 1000;
      if (key === 'direct') benchMs.directWall += performance.now() - started;
      return rate;
    };
    const startedCpu = { proxy: cpuOf(child.pid!), bare: cpuOf(bareChild.pid!) };
    const timed = async (pid: number, key: keyof typeof mainMs, run: () => Promise<number>): Promise<number> => {
      const before = cpuOf(pid);
      const rate = await run();
      mainMs[key] += cpuSince(before, cpuOf(pid))?.main ?? NaN;
      return rate;
    };
    for (let round = 0; round < ROUNDS; round++) {
      directRates.push(await ownCpu('direct', () => throughput(direct)));
      proxyRates.push(await ownCpu('proxied', () => timed(child.pid!, 'proxy', () => throughput(proxied))));
      bareRates.push(await timed(bareChild.pid!, 'bare', () => throughput(bare)));
      rawRates.push(await timed(child.pid!, 'raw', () => throughput(proxied, '/bulk-raw')));
    }
    const processMs = { proxy: cpuSince(startedCpu.proxy, cpuOf(child.pid!)), bare: cpuSince(startedCpu.bare, cpuOf(bareChild.pid!)) };
    const d = median(directRates);
    const p = median(proxyRates);
    const b = median(bareRates);
    console.log(`\nThroughput, ${MIB} MiB of 1 KiB events, median of ${ROUNDS} rounds:`);
    console.log(`  direct        ${fixed(d, 0)} MiB/s   (${directRates.map((r) => fixed(r, 0)).join(', ')})`);
    console.log(`  through proxy ${fixed(p, 0)} MiB/s   (${proxyRates.map((r) => fixed(r, 0)).join(', ')})`);
    const raw = median(rawRates);
    console.log(`  proxy, same bytes as a download (forwarded, not parsed) ${fixed(raw, 0)} MiB/s (${fixed((raw / d) * 100, 1)} % of direct)`);
    console.log(`  bare pipe     ${fixed(b, 0)} MiB/s   (${bareRates.map((r) => fixed(r, 0)).join(', ')})`);
    console.log(`  ratio         ${fixed((p / d) * 100, 1)} % of direct (target: at least 80 %); bare pipe ${fixed((b / d) * 100, 1)} %; proxy/bare ${fixed((p / b) * 100, 1)} %`);

    printCpu(mainMs, processMs);
    printBound(benchMs, mainMs.proxy, processMs.proxy);

    // The records, complete once the proxy has exited (Ctrl+C writes everything out).
    child.kill('SIGINT');
    await new Promise((r) => child.once('exit', r));
    await inspectorCopy(join(dir, 'capture.ndjson'));
  } finally {
    child.kill('SIGINT');
    bareChild.kill('SIGTERM');
    if (child.exitCode === null && child.signalCode === null) await new Promise((r) => child.once('exit', r));
    await new Promise((r) => upstream.close(r));
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
