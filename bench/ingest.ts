/**
 * Ingest benchmark: how many events per second the core SseClient turns into records, against
 * the `eventsource` package (v3) and a raw socket read of the same bytes, on one machine, in
 * one run. Not a test: it prints figures. `npm run bench:ingest` (build first).
 *
 * A child process streams EVENTS small JSON events as fast as it can; each round measures the
 * three readers one after the other; the medians, the ratios core/eventsource and core/raw,
 * and the peak RSS / heap of this process while each reader ran are printed; then what each pass
 * of the core's reader costs on the same bytes (support/readerStages.ts).
 */
import { fork } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { EventSource } from 'eventsource';
import { SseClient } from '../src/core/sseClient';
import { printReaderStages } from './support/readerStages';
import { tickStreamBody } from './support/tickStream';
import { median } from './support/pairedRounds';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 200000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

interface Sample {
  eventsPerSecond: number;
  peakRss: number;
  peakHeap: number;
}

/** Samples memory while `run` goes, and times it. */
async function measure(run: () => Promise<number>): Promise<Sample> {
  let peakRss = 0;
  let peakHeap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  const sampler = setInterval(sample, 10);
  const started = process.hrtime.bigint();
  const events = await run();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(sampler);
  sample();
  if (events !== EVENTS) throw new Error(`expected ${EVENTS} events, got ${events}`);
  return { eventsPerSecond: events / seconds, peakRss, peakHeap };
}

function viaCore(url: string): Promise<number> {
  let events = 0;
  const client = new SseClient({
    url,
    reconnect: false,
    onRecord(record) {
      if (record.kind === 'event') events++;
      else if (record.kind === 'error') throw new Error(record.message);
    },
  });
  client.start();
  return client.done.then(() => events);
}

function viaEventSource(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let events = 0;
    const source = new EventSource(url);
    source.onmessage = () => {
      if (++events === EVENTS) {
        source.close();
        resolve(events);
      }
    };
    source.onerror = (error) => {
      source.close();
      reject(new Error(`eventsource failed after ${events} events: ${error.message ?? 'error'}`));
    };
  });
}

/** Reads the response bytes off a socket, nothing else: the ceiling for any client. */
function viaRawSocket(port: number, bodyBytes: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let bytes = 0;
    const socket = connect(port, '127.0.0.1', () => {
      socket.write('GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n');
    });
    socket.on('data', (chunk) => (bytes += chunk.length));
    socket.on('error', reject);
    socket.on('end', () => {
      // The head is not part of the stream: all the body arrived when at least bodyBytes did.
      if (bytes >= bodyBytes) resolve(EVENTS);
      else reject(new Error(`raw read got ${bytes} bytes, expected more than ${bodyBytes}`));
    });
  });
}

const mib = (bytes: number): string => `${(bytes / 1048576).toFixed(1)} MiB`;
const rate = (n: number): string => `${Math.round(n).toLocaleString('en-US')} ev/s`;

async function main(): Promise<void> {
  const child = fork(join(__dirname, 'support', 'streamServer.js'), [String(EVENTS)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const { port, bodyBytes } = await new Promise<{ port: number; bodyBytes: number }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { port: number; bodyBytes: number }));
    child.once('exit', (code) => reject(new Error(`stream server exited with ${code}`)));
  });
  const url = `http://127.0.0.1:${port}/events`;
  console.log(`ingest: ${EVENTS.toLocaleString('en-US')} events (${mib(bodyBytes)}) per run, ${ROUNDS} rounds, Node ${process.version}`);

  const runs: Record<'core' | 'eventsource' | 'raw', Sample[]> = { core: [], eventsource: [], raw: [] };
  try {
    // One warm-up of each so the JIT has seen every path before anything is timed.
    await viaCore(url);
    await viaEventSource(url);
    await viaRawSocket(port, bodyBytes);
    for (let round = 1; round <= ROUNDS; round++) {
      runs.core.push(await measure(() => viaCore(url)));
      runs.eventsource.push(await measure(() => viaEventSource(url)));
      runs.raw.push(await measure(() => viaRawSocket(port, bodyBytes)));
      console.log(
        `round ${round}: core ${rate(runs.core[round - 1].eventsPerSecond)}, eventsource ${rate(runs.eventsource[round - 1].eventsPerSecond)}, raw ${rate(runs.raw[round - 1].eventsPerSecond)}`,
      );
    }
  } finally {
    child.disconnect();
  }

  const summary = Object.fromEntries(
    Object.entries(runs).map(([name, samples]) => [
      name,
      {
        median: median(samples.map((s) => s.eventsPerSecond)),
        peakRss: Math.max(...samples.map((s) => s.peakRss)),
        peakHeap: Math.max(...samples.map((s) => s.peakHeap)),
      },
    ]),
  ) as Record<keyof typeof runs, { median: number; peakRss: number; peakHeap: number }>;
  console.log('');
  for (const [name, s] of Object.entries(summary)) {
    console.log(`${name.padEnd(12)} median ${rate(s.median).padStart(16)}   peak RSS ${mib(s.peakRss)}, peak heap ${mib(s.peakHeap)}`);
  }
  console.log('');
  console.log(`core/eventsource ${(summary.core.median / summary.eventsource.median).toFixed(2)} (target >= 1.00)`);
  console.log(`core/raw         ${(summary.core.median / summary.raw.median).toFixed(2)}`);
  printReaderStages(tickStreamBody(EVENTS), EVENTS);
}

main().catch((error: unknown) => {
  console.error(`bench:ingest failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
