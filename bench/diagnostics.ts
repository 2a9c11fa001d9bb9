/**
 * Diagnostics benchmark: what the stream linter and the wire capture cost the ingest path, in
 * one run, against the same path without them. `npm run bench:diagnostics` (builds first).
 *
 * Two measurements, each alternating the modes round by round so drift hits all alike:
 *  - client: the real SseClient reading BENCH_EVENTS events over HTTP from a child process
 *    (bench/support/streamServer.ts), with no observer ("off"), the diagnostics engine
 *    ("diagnostics"), and diagnostics plus a 4 MiB wire capture ("wire");
 *  - reader: the same bytes fed in-process to an EventStreamReader in 64 KiB chunks, with and
 *    without the engine watching, which isolates the linter's own cost from network noise.
 * Prints the median events/s per mode and the ratios to "off" (target: diagnostics <= 5% slower).
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { SseClient } from '../src/core/sseClient';
import { EventStreamReader } from '../src/core/eventStreamReader';
import { StreamWatch } from '../src/core/diagnostics/streamWatch';
import { DiagnosticsEngine } from '../src/core/diagnostics/engine';
import type { StreamRecord } from '../src/shared/records';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 200000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
type Mode = 'off' | 'diagnostics' | 'wire';
const MODES: Mode[] = ['off', 'diagnostics', 'wire'];

function viaClient(url: string, mode: Mode): Promise<number> {
  let events = 0;
  let found = 0;
  const watch = mode === 'off' ? undefined : new StreamWatch({ onDiagnostic: () => found++, wireBytes: mode === 'wire' ? 4 * 1024 * 1024 : 0 });
  const client = new SseClient({
    url,
    reconnect: false,
    observer: watch,
    onRecord(record) {
      watch?.record(record);
      if (record.kind === 'event') events++;
      else if (record.kind === 'error') throw new Error(record.message);
    },
  });
  client.start();
  return client.done.then(() => {
    watch?.dispose();
    if (found > 0) throw new Error(`the bench stream is clean, yet ${found} diagnostic(s) were reported`);
    return events;
  });
}

/** The reader alone, in-process: bytes in, records out, with or without the engine. */
function viaReader(chunks: readonly Uint8Array[], lint: boolean): number {
  let events = 0;
  let seq = 0;
  const engine = lint ? new DiagnosticsEngine(() => undefined) : undefined;
  let last: StreamRecord | undefined;
  const emit = (record: StreamRecord) => {
    last = record;
    engine?.record(record);
  };
  const reader = new EventStreamReader({
    // The client builds a record per event either way: so does this loop, in both modes.
    onEvent: (type, data, id, size) => {
      events++;
      emit({ kind: 'event', seq: ++seq, time: 0, type, data, lastEventId: id ?? '', size });
    },
    onId: () => undefined,
    onComment: () => undefined,
    onRetry: () => undefined,
    onParseError: engine ? (p) => engine.onParseError(p) : undefined,
  });
  for (const chunk of chunks) {
    engine?.onChunk(chunk, 0);
    reader.write(chunk);
  }
  engine?.onStreamEnd({ time: 0, pendingData: reader.pendingData(), clean: true });
  return last === undefined ? 0 : events;
}

async function timed(run: () => Promise<number> | number): Promise<number> {
  const started = process.hrtime.bigint();
  const events = await run();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (events !== EVENTS) throw new Error(`expected ${EVENTS} events, got ${events}`);
  return events / seconds;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const rate = (n: number): string => `${Math.round(n).toLocaleString('en-US')} ev/s`;
const ratio = (a: number, base: number): string => `${((a / base - 1) * 100).toFixed(1)}%`;

function benchBody(): Buffer {
  const parts: string[] = [];
  for (let i = 1; i <= EVENTS; i++) parts.push(`id: ${i}\ndata: {"seq":${i},"type":"tick","price":${(100 + (i % 997) / 10).toFixed(1)},"ok":true}\n\n`);
  return Buffer.from(parts.join(''), 'utf8');
}

async function main(): Promise<void> {
  const child = fork(join(__dirname, 'support', 'streamServer.js'), [String(EVENTS)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const { port } = await new Promise<{ port: number }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { port: number }));
    child.once('exit', (code) => reject(new Error(`stream server exited with ${code}`)));
  });
  const url = `http://127.0.0.1:${port}/events`;
  console.log(`diagnostics: ${EVENTS.toLocaleString('en-US')} events per run, ${ROUNDS} rounds, Node ${process.version}`);
  try {
    const client: Record<Mode, number[]> = { off: [], diagnostics: [], wire: [] };
    for (const mode of MODES) await viaClient(url, mode); // warm-up
    for (let round = 0; round < ROUNDS; round++) {
      // Rotate the order so no mode always runs first (or right after a GC-heavy one).
      for (let k = 0; k < MODES.length; k++) {
        const mode = MODES[(round + k) % MODES.length];
        client[mode].push(await timed(() => viaClient(url, mode)));
      }
    }
    const off = median(client.off);
    console.log(`client over HTTP (median of ${ROUNDS}):`);
    for (const mode of MODES) console.log(`  ${mode.padEnd(12)} ${rate(median(client[mode])).padStart(14)}  ${mode === 'off' ? 'baseline' : ratio(median(client[mode]), off)}`);

    const body = benchBody();
    const chunks: Uint8Array[] = [];
    for (let at = 0; at < body.length; at += 65536) chunks.push(body.subarray(at, at + 65536));
    const reader: Record<'off' | 'diagnostics', number[]> = { off: [], diagnostics: [] };
    viaReader(chunks, false);
    viaReader(chunks, true);
    for (let round = 0; round < ROUNDS * 2; round++) {
      const first = round % 2 === 0;
      reader[first ? 'off' : 'diagnostics'].push(await timed(() => viaReader(chunks, !first)));
      reader[first ? 'diagnostics' : 'off'].push(await timed(() => viaReader(chunks, first)));
    }
    const readerOff = median(reader.off);
    console.log(`reader in-process (median of ${ROUNDS * 2}):`);
    console.log(`  off          ${rate(readerOff).padStart(14)}  baseline`);
    console.log(`  diagnostics  ${rate(median(reader.diagnostics)).padStart(14)}  ${ratio(median(reader.diagnostics), readerOff)}`);
  } finally {
    child.kill();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
