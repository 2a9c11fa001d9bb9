/**
 * Diagnostics benchmark: what the stream linter and the wire capture cost the ingest path, in
 * one run, against the same path without them. `npm run bench:diagnostics` (builds first).
 * Target (issue #13): diagnostics on at most 5% slower than off; the wire capture is measured too.
 *
 * Three arms, each measured in two ways:
 *  - off: no observer (the bare baseline); diagnostics: the StreamWatch with the linter, as the
 *    panel and `record` run it; wire: the linter plus the panel's 4 MiB wire capture (collecting,
 *    as it does whether or not the Wire view is shown; text is made only for a shown view).
 *  - client: the real SseClient reading BENCH_EVENTS events over HTTP from a child process
 *    (bench/support/streamServer.ts), as in the panel;
 *  - reader: the same bytes fed in-process to an EventStreamReader in 64 KiB chunks, each a fresh
 *    copy as undici gives the client, which leaves out sockets and the server and so isolates the
 *    observer's own cost.
 * Rounds run every arm once, in rotating order (bench/support/pairedRounds.ts); the cost is the
 * median over rounds of arm / baseline of the same round, in CPU time of the process (which a
 * neighbour's load does not inflate) and in wall time. Then the observer alone, played what one
 * bare connection gave it (bench/support/observerReplay.ts), as a share of the bare client's CPU
 * per event: the direct cost without the path's noise.
 * Each part runs in BENCH_PROCESSES fresh processes one after the other, and their rounds are
 * pooled: on this shared 2-vCPU VM the median cost of one process differed from the next one's by
 * up to 9 points (each process's JIT and memory layout favour the arms differently, for its whole
 * life), far more than the rounds within a process scatter, so more rounds in one process only
 * narrowed an interval around that process's bias. Each pooled cost comes with a 95% confidence
 * interval of its median, and each process's own median is listed. The load average is printed
 * before, between and after the parts.
 * Env: BENCH_EVENTS (default 100000), BENCH_PROCESSES (default 6), BENCH_ROUNDS (per process,
 * default 24; a multiple of 6 covers every order), BENCH_PART (client or reader: only that one, in
 * this process, e.g. under --cpu-prof), BENCH_WIRE_BYTES (the wire arm's bound, default 4 MiB as
 * the panel's).
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { SseClient } from '../src/core/sseClient';
import { EventStreamReader } from '../src/core/eventStreamReader';
import { StreamWatch } from '../src/core/diagnostics/streamWatch';
import { DEFAULT_WIRE_BYTES, WireCapture } from '../src/core/diagnostics/wireCapture';
import type { StreamRecord } from '../src/shared/records';
import { machineLine, median, medianInterval, pairedPercent, pairedRounds, quantile, report, sample, type Sample } from './support/pairedRounds';
import { ObserverTape } from './support/observerReplay';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 100000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 24);
/** Each part runs in this many fresh processes, one after the other, and their rounds are pooled. */
const PROCESSES = Number(process.env.BENCH_PROCESSES ?? 6);
/** BENCH_PART=client or reader runs only that measurement (e.g. under --cpu-prof). */
const PART = process.env.BENCH_PART ?? 'both';
type Mode = 'off' | 'diagnostics' | 'wire';
const MODES: Mode[] = ['off', 'diagnostics', 'wire'];

/**
 * The wire arm's capture: one for the whole run, as a panel keeps one across its connections. Its
 * first fill touches DEFAULT_WIRE_BYTES of fresh memory once (page faults: about 10 ms on the 2-vCPU
 * VM this was measured on), which the warm-up pays; a capture per run would charge that to every run.
 */
const sharedWire = new WireCapture(Number(process.env.BENCH_WIRE_BYTES ?? DEFAULT_WIRE_BYTES));

/** The observer an arm runs with (none for "off"); fails the run if the clean stream raised a finding. */
function watchFor(mode: Mode): { watch: StreamWatch | undefined; check(): void } {
  let found = 0;
  const watch = mode === 'off' ? undefined : new StreamWatch({ onDiagnostic: () => found++, wire: mode === 'wire' ? sharedWire : undefined });
  return {
    watch,
    check() {
      watch?.dispose();
      if (found > 0) throw new Error(`the bench stream is clean, yet ${found} diagnostic(s) were reported`);
      if (mode === 'wire' && !(watch!.wire!.size > 0)) throw new Error('the wire arm kept no bytes');
    },
  };
}

function viaClient(url: string, mode: Mode): Promise<number> {
  let events = 0;
  const { watch, check } = watchFor(mode);
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
    check();
    return events;
  });
}

/** The reader alone, in-process: bytes in, records out, with the arm's observer. */
function viaReader(chunks: readonly Uint8Array[], mode: Mode): number {
  let events = 0;
  let seq = 0;
  const { watch, check } = watchFor(mode);
  let last: StreamRecord | undefined;
  const reader = new EventStreamReader({
    // The client builds a record per event either way: so does this loop, in every arm.
    onEvent: (type, data, id, size) => {
      events++;
      last = { kind: 'event', seq: ++seq, time: 0, type, data, lastEventId: id ?? '', size };
      watch?.record(last);
    },
    onId: () => undefined,
    onComment: () => undefined,
    onRetry: () => undefined,
    onParseError: watch ? (p) => watch.onParseError(p) : undefined,
  });
  for (const given of chunks) {
    // What undici does for the client: each chunk a fresh copy, so its bytes are in the cache when
    // the observer and the reader read them (all arms alike; the taken chunks would be cold).
    const chunk = new Uint8Array(given);
    watch?.onChunk(chunk, 0);
    reader.write(chunk);
  }
  watch?.onStreamEnd({ time: 0, pendingData: reader.pendingData(), clean: true });
  check();
  return last === undefined ? 0 : events;
}

/** One bare connection, taped: what its observer and record sink were given, for ObserverTape.play. */
async function tapeClient(url: string): Promise<ObserverTape> {
  const tape = new ObserverTape();
  const client = new SseClient({ url, reconnect: false, observer: tape, onRecord: (record) => tape.record(record) });
  client.start();
  await client.done;
  return tape;
}

/**
 * The observer alone on the taped connection, per arm, less the same tape played to an observer
 * that only reads each record's kind and seq (the loop, and the cold records it walks): per round,
 * the extra CPU per event as a percentage of the bare client's CPU per event (its median here).
 */
async function observerAlone(tape: ObserverTape, bare: readonly Sample[]): Promise<AloneShares> {
  type Arm = 'none' | 'diagnostics' | 'wire';
  const arms: Arm[] = ['none', 'diagnostics', 'wire'];
  // It reads what every observer reads of a record: on the tape the records are cold (in the client
  // each was made just before), and that cache miss is the tape's cost, not the observer's.
  let touched = 0;
  const nothing = {
    record: (record: StreamRecord) => void (touched += record.kind === 'event' ? record.seq : 0),
    onChunk: () => undefined,
    onParseError: () => undefined,
    onStreamEnd: () => undefined,
  };
  const alone = await pairedRounds(arms, ROUNDS, async (arm) => {
    if (arm === 'none') return counted(await sample(() => tape.play(nothing)));
    const { watch, check } = watchFor(arm);
    const s = counted(await sample(() => tape.play(watch!)));
    check();
    return s;
  });
  if (touched === 0) throw new Error('the tape has no events');
  const bareCpu = median(bare.map((s) => s.cpuMs / s.items));
  // Paired with the do-nothing play of the same round.
  const share = (arm: 'diagnostics' | 'wire') => alone[arm].map((s, i) => ((s.cpuMs / s.items - alone.none[i].cpuMs / alone.none[i].items) / bareCpu) * 100);
  return { diagnostics: share('diagnostics'), wire: share('wire') };
}

function counted(s: Sample): Sample {
  if (s.items !== EVENTS) throw new Error(`expected ${EVENTS} events, got ${s.items}`);
  return s;
}

function benchBody(): Buffer {
  const parts: string[] = [];
  for (let i = 1; i <= EVENTS; i++) parts.push(`id: ${i}\ndata: {"seq":${i},"type":"tick","price":${(100 + (i % 997) / 10).toFixed(1)},"ok":true}\n\n`);
  return Buffer.from(parts.join(''), 'utf8');
}

/** Per round, the observer's own extra CPU per event as a percentage of the bare client's. */
type AloneShares = Record<'diagnostics' | 'wire', number[]>;

/** What one process measured: its rounds (paired by index across arms) and, for the client, the observer alone. */
interface PartResult {
  samples: Record<Mode, Sample[]>;
  alone?: AloneShares;
}

/** The client measurement, in a process that has run nothing else (the JIT sees only what the extension would). */
async function clientPart(): Promise<PartResult> {
  const child = fork(join(__dirname, 'support', 'streamServer.js'), [String(EVENTS)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    const { port } = await new Promise<{ port: number }>((resolve, reject) => {
      child.once('message', (m) => resolve(m as { port: number }));
      child.once('exit', (code) => reject(new Error(`stream server exited with ${code}`)));
    });
    const url = `http://127.0.0.1:${port}/events`;
    // Warm-up: every arm twice, so the JIT has settled before anything counts.
    for (let k = 0; k < 2; k++) for (const mode of MODES) await viaClient(url, mode);
    const samples = await pairedRounds(MODES, ROUNDS, async (mode) => counted(await sample(() => viaClient(url, mode))));
    return { samples, alone: await observerAlone(await tapeClient(url), samples.off) };
  } finally {
    child.kill();
  }
}

/** The reader measurement (its chunks and records differ from the client's: a process of its own). */
async function readerPart(): Promise<PartResult> {
  const body = benchBody();
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < body.length; at += 65536) chunks.push(body.subarray(at, at + 65536));
  for (let k = 0; k < 2; k++) for (const mode of MODES) viaReader(chunks, mode);
  return { samples: await pairedRounds(MODES, ROUNDS, async (mode) => counted(await sample(() => viaReader(chunks, mode)))) };
}

/** Runs `part` in PROCESSES fresh processes, one after the other, with the same flags; their results in order. */
async function inProcesses(part: 'client' | 'reader'): Promise<PartResult[]> {
  const results: PartResult[] = [];
  for (let p = 0; p < PROCESSES; p++) {
    const child = fork(__filename, [], { env: { ...process.env, BENCH_PART: part }, execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result: PartResult | undefined;
    child.on('message', (m) => (result = m as PartResult));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code !== 0 || !result) throw new Error(`the ${part} part exited with ${code}${result ? '' : ' before reporting'}`);
    results.push(result);
  }
  return results;
}

/** The pooled report of one part: every round of every process, then each process's own median cost. */
function reportPart(title: string, results: readonly PartResult[]): string[] {
  const pooled = Object.fromEntries(MODES.map((mode) => [mode, results.flatMap((r) => r.samples[mode])])) as Record<Mode, Sample[]>;
  const lines = report(`${title}, ${results.length} processes × ${ROUNDS} rounds`, MODES, pooled, 'off');
  const perProcess = (mode: Mode) => results.map((r) => pct(median(pairedPercent(r.samples[mode], r.samples.off, (x) => x.cpuMs)))).join(' ');
  for (const mode of MODES.filter((m) => m !== 'off')) lines.push(`  ${mode.padEnd(12)} CPU cost in each process: ${perProcess(mode)}`);
  const alone = results.filter((r) => r.alone !== undefined).map((r) => r.alone!);
  if (alone.length > 0) {
    lines.push(`observer alone on a taped connection (CPU per event less a do-nothing observer's, as a share of the bare client's; ${alone.length} processes × ${ROUNDS} rounds)`);
    for (const arm of ['diagnostics', 'wire'] as const) {
      const shares = alone.flatMap((a) => a[arm]);
      const [lo, hi] = medianInterval(shares);
      lines.push(`  ${arm.padEnd(12)} ${pct(median(shares))} (95% CI ${pct(lo)} .. ${pct(hi)}; middle half ${pct(quantile(shares, 0.25))} .. ${pct(quantile(shares, 0.75))})`);
    }
  }
  return lines;
}

const pct = (v: number): string => `${v >= 0 ? '+' : ''}${v.toFixed(1)}%`;

async function main(): Promise<void> {
  if (PART === 'client' || PART === 'reader') {
    const result = PART === 'client' ? await clientPart() : await readerPart();
    // A process of a pooled run hands its rounds over; run alone (e.g. under --cpu-prof) it reports them.
    if (process.send) process.send(result);
    else for (const line of reportPart(PART, [result])) console.log(line);
    return;
  }
  console.log(`diagnostics: ${EVENTS.toLocaleString('en-US')} events per run, ${PROCESSES} processes × ${ROUNDS} rounds per part, Node ${process.version}`);
  console.log(`before: ${machineLine()}`);
  const client = await inProcesses('client');
  console.log(`client part done: ${machineLine()}`);
  const reader = await inProcesses('reader');
  console.log(`reader part done: ${machineLine()}`);
  for (const line of reportPart('client over HTTP', client)) console.log(line);
  for (const line of reportPart('reader in-process', reader)) console.log(line);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
