/**
 * Merge benchmark: what merging an LLM stream costs on top of reading it. A child process streams
 * a 200,000-chunk OpenAI-shaped stream (bench/support/streamServer.ts `openai`) as fast as the
 * socket takes it; each round reads it five ways, in rotating order: with the core SseClient,
 * read only, and read and merge (every record fed to a SessionMerger); the `record` command as
 * `sse-inspector record URL --no-reconnect -o FILE` runs it, in a process of its own (argument
 * parsing, the stream linter, secret masking, NDJSON lines into a file in the temporary
 * directory), without and with merging (`--merge off` against the default); and, as the floor of
 * any correct shortcut, read plus only the check that each chunk is the learnt plain chunk with
 * another string (openaiChatFast.ts). Prints the medians and the ratios (target: merging at most
 * 10% slower), and the merge alone over the same records in memory. Reading alone is the
 * strictest baseline (it does nothing with a record); `record` is what a user pays. Beside each
 * rate, the CPU time per chunk: on a shared machine the wall-clock rate also moves with everyone
 * else's load, the CPU time less; so it first waits, up to 3 minutes, for the load average to
 * fall under 1 (`-- --no-wait` skips). `npm run bench:merge` (builds first). Not a test.
 *
 * `npm run bench:merge -- --instructions` counts instead of timing (needs Valgrind): the
 * instructions the `record` command executes per chunk without and with merging, a figure that
 * moves by about 1 % between runs where the timed ones move by ±20 % (support/instructionCount.ts).
 */
import { fork } from 'node:child_process';
import { closeSync, fstatSync, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SessionMerger } from '../src/core/llm/sessionMerger';
import type { MergedRecord, StreamRecord } from '../src/shared/records';
import { SseClient } from '../src/core/sseClient';
import { learnTemplate, matchTemplate, type ChunkTemplate } from '../src/core/llm/formats/openaiChatFast';
import { describePercents, median, quantile } from './support/pairedRounds';
import { settledLoad, waitsForQuiet } from './support/waitQuiet';
import { countRecordInstructions, hasValgrind } from './support/instructionCount';

type Arm = 'read' | 'read+match' | 'read+merge' | 'record' | 'record+merge';
const ARMS: Arm[] = ['read', 'read+match', 'read+merge', 'record', 'record+merge'];

const EVENTS = Number(process.env.BENCH_EVENTS ?? 200000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

interface Run {
  rate: number;
  cpuNs: number;
  merged?: MergedRecord;
}

/** Reads the stream once; resolves with events per second and the merged record (when merging). */
function read(url: string, merge: boolean, keep?: StreamRecord[], matchOnly = false): Promise<Run> {
  let events = 0;
  let template: ChunkTemplate | undefined;
  let matched = 0;
  let merged: MergedRecord | undefined;
  const merger = merge ? new SessionMerger({}, (r) => (merged = r)) : undefined;
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const client = new SseClient({
    url,
    reconnect: false,
    onRecord(record) {
      if (record.kind === 'event') events++;
      else if (record.kind === 'error') throw new Error(record.message);
      keep?.push(record);
      merger?.push(record);
      // The floor: only the shortcut's check that a chunk is the learnt one with another string.
      // Its result is used (counted and checked below): a discarded one let the JIT drop a
      // side-effect-free check altogether, and the floor measured next to nothing.
      if (matchOnly && record.kind === 'event') {
        if (template) matched += matchTemplate(template, record.data)?.length ?? 0;
        else if (record.data.startsWith('{')) template = learnTemplate(record.data, JSON.parse(record.data));
      }
    },
  });
  client.start();
  return client.done.then(() => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const used = process.cpuUsage(cpu);
    if (events !== EVENTS) throw new Error(`expected ${EVENTS} events, got ${events}`);
    if (matchOnly && matched === 0) throw new Error('the shortcut read no chunk');
    return { rate: events / seconds, cpuNs: ((used.user + used.system) * 1000) / events, merged };
  });
}

/**
 * Runs the `record` command in a process of its own (bench/support/recordChild.ts), as its
 * command line builds it, into `output`; the figures are the command's, startup excluded.
 */
async function recordCommand(url: string, output: string, merge: boolean): Promise<Run> {
  const args = ['record', url, '--no-reconnect', '-o', output, ...(merge ? [] : ['--merge', 'off'])];
  const child = fork(join(__dirname, 'support', 'recordChild.js'), args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const result = await new Promise<{ code: number; seconds: number; cpuMicros: number }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { code: number; seconds: number; cpuMicros: number }));
    child.once('exit', (code) => reject(new Error(`record child exited with ${code} before reporting`)));
  });
  await new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
  // Every event written (a line of at least the chunk's data each): nothing skipped or cut short.
  const written = statSync(output).size;
  if (result.code !== 0 || written < EVENTS * 100) throw new Error(`record exited with ${result.code}, ${written} bytes written`);
  checkMergedRecord(output, merge);
  return { rate: EVENTS / result.seconds, cpuNs: (result.cpuMicros * 1000) / EVENTS };
}

/** Merging did merge, and only then: its record (the whole answer, about 1 MB) sits just before the end. */
function checkMergedRecord(output: string, merge: boolean): void {
  if (merge !== tailOf(output, 4 * 1048576).includes('{"kind":"merged"')) throw new Error(`record ${merge ? 'wrote no' : 'wrote a'} merged record`);
}

/** The last `bytes` of a file, as text. */
function tailOf(path: string, bytes: number): string {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const buffer = Buffer.alloc(Math.min(bytes, size));
    readSync(fd, buffer, 0, buffer.length, size - buffer.length);
    return buffer.toString('utf8');
  } finally {
    closeSync(fd);
  }
}

const rate = (n: number): string => `${Math.round(n).toLocaleString('en-US')} chunks/s`;
const cpu = (ns: number): string => `${(ns / 1000).toFixed(2)} µs CPU/chunk`;

/**
 * `--instructions`: the `record` command's instructions per chunk, without and with merging. Each
 * mode runs once stopped after the first event (Node's startup, the connection, the first chunk)
 * and then over the whole stream, in turns, `rounds` times; the difference over the remaining
 * chunks is the stream's share. The whole-stream count still moves by about 1 % between runs (how
 * the socket's reads fall, when V8's compiler threads finish), so the medians are compared.
 */
async function instructionsPerChunk(url: string, output: string, rounds: number): Promise<void> {
  if (!hasValgrind()) throw new Error('--instructions counts with Valgrind, which is not installed here: apt-get install valgrind (Debian, Ubuntu), then run again.');
  const recordChild = join(__dirname, 'support', 'recordChild.js');
  const argsOf = (merge: boolean): string[] => ['record', url, '--no-reconnect', '-o', output, ...(merge ? [] : ['--merge', 'off'])];
  const first = [await countRecordInstructions(recordChild, [...argsOf(false), '--max-events', '1']), await countRecordInstructions(recordChild, [...argsOf(true), '--max-events', '1'])];
  const perChunk: [number[], number[]] = [[], []];
  for (let round = 0; round < rounds; round++) {
    for (const merge of round % 2 === 0 ? [false, true] : [true, false]) {
      const whole = await countRecordInstructions(recordChild, argsOf(merge));
      checkMergedRecord(output, merge);
      perChunk[merge ? 1 : 0].push((whole - first[merge ? 1 : 0]) / (EVENTS - 1));
    }
  }
  const show = (values: number[]): string => values.map((v) => Math.round(v).toLocaleString('en-US')).join(', ');
  const [off, on] = perChunk.map(median);
  console.log(`up to the first event: ${(first[0] / 1e6).toFixed(0)} M instructions without merging, ${(first[1] / 1e6).toFixed(0)} M with`);
  console.log(`record (--merge off)  ${Math.round(off).toLocaleString('en-US')} instructions a chunk (median of ${show(perChunk[0])})`);
  console.log(`record (merging)      ${Math.round(on).toLocaleString('en-US')} instructions a chunk (median of ${show(perChunk[1])})`);
  const paired = describePercents(perChunk[1].map((v, i) => (v / perChunk[0][i] - 1) * 100));
  console.log(`merging: ${Math.round(on - off).toLocaleString('en-US')} instructions a chunk, ${((on / off - 1) * 100).toFixed(1)}% more than recording without it (target: at most 10%); paired per round ${paired}`);
}

async function main(): Promise<void> {
  const counting = process.argv.includes('--instructions');
  const countRounds = Number(process.env.BENCH_ROUNDS ?? 3);
  // A shared machine's load moves these figures more than most changes do: settle first
  // (instruction counts do not depend on it).
  const load = await settledLoad(!counting && waitsForQuiet(process.argv));
  const child = fork(join(__dirname, 'support', 'streamServer.js'), [String(EVENTS), 'openai'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const { port, bodyBytes } = await new Promise<{ port: number; bodyBytes: number }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { port: number; bodyBytes: number }));
    child.once('exit', (code) => reject(new Error(`stream server exited with ${code}`)));
  });
  const url = `http://127.0.0.1:${port}/v1/chat/completions`;
  console.log(`merge: ${EVENTS.toLocaleString('en-US')} OpenAI chunks (${(bodyBytes / 1048576).toFixed(1)} MiB) per run, ${counting ? `instructions counted under Valgrind, ${countRounds} rounds` : `${ROUNDS} rounds`}, Node ${process.version}, load average ${load.map((l) => l.toFixed(2)).join(' ')}`);
  const rates: Record<Arm, number[]> = { read: [], 'read+match': [], 'read+merge': [], record: [], 'record+merge': [] };
  // CPU time of this process per chunk: what the reader itself spends, whatever else runs on the machine.
  const cpus: Record<Arm, number[]> = { read: [], 'read+match': [], 'read+merge': [], record: [], 'record+merge': [] };
  const records: StreamRecord[] = [];
  let merged: MergedRecord | undefined;
  const outputDir = mkdtempSync(join(tmpdir(), 'sse-bench-merge-'));
  const output = join(outputDir, 'record.ndjson');
  if (counting) {
    try {
      await instructionsPerChunk(url, output, countRounds);
    } finally {
      child.disconnect();
      rmSync(outputDir, { recursive: true, force: true });
    }
    return;
  }
  try {
    await read(url, false); // warm-up
    merged = (await read(url, true)).merged;
    for (let round = 1; round <= ROUNDS; round++) {
      // Rotate which goes first so that drift on a shared machine hits every arm alike.
      for (let k = 0; k < ARMS.length; k++) {
        const arm = ARMS[(k + round) % ARMS.length];
        const merge = arm.endsWith('+merge');
        const result = arm.startsWith('record') ? await recordCommand(url, output, merge) : await read(url, merge, undefined, arm === 'read+match');
        rates[arm].push(result.rate);
        cpus[arm].push(result.cpuNs);
      }
      console.log(`round ${round}: ${ARMS.map((arm) => `${arm} ${rate(rates[arm][round - 1])} (${cpu(cpus[arm][round - 1])})`).join(', ')}`);
    }
    // The records for the in-memory figure, read last: 200,000 records kept alive during the
    // rounds would slow every arm's garbage collection, which is not what reading costs.
    await read(url, false, records);
  } finally {
    child.disconnect();
    rmSync(outputDir, { recursive: true, force: true });
  }
  if (!merged || merged.format !== 'openai-chat' || !merged.complete) throw new Error('the stream did not merge as openai-chat');

  const inMemory: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const started = process.hrtime.bigint();
    const merger = new SessionMerger({}, () => undefined);
    for (const record of records) merger.push(record);
    merger.finish();
    inMemory.push(EVENTS / (Number(process.hrtime.bigint() - started) / 1e9));
  }

  const m = Object.fromEntries(ARMS.map((arm) => [arm, median(rates[arm])])) as Record<Arm, number>;
  const c = Object.fromEntries(ARMS.map((arm) => [arm, median(cpus[arm])])) as Record<Arm, number>;
  const slower = (base: number, merged: number): string => `${((base / merged - 1) * 100).toFixed(1)}% slower than without (target: at most 10%)`;
  const more = (base: number, merged: number): string => `${((merged / base - 1) * 100).toFixed(1)}% more CPU`;
  console.log('');
  console.log(`read only             median ${rate(m.read).padStart(20)}   ${cpu(c.read)}`);
  console.log(`read + shortcut check median ${rate(m['read+match']).padStart(20)}   ${cpu(c['read+match'])}   ${more(c.read, c['read+match'])} (the floor: no merge can skip this)`);
  console.log(`read + merge          median ${rate(m['read+merge']).padStart(20)}   ${cpu(c['read+merge'])}   ${slower(m.read, m['read+merge'])}; ${more(c.read, c['read+merge'])}`);
  console.log(`record (--merge off)  median ${rate(m.record).padStart(20)}   ${cpu(c.record)}`);
  console.log(`record (merging)      median ${rate(m['record+merge']).padStart(20)}   ${cpu(c['record+merge'])}   ${slower(m.record, m['record+merge'])}; ${more(c.record, c['record+merge'])}`);
  console.log(`merge alone           median ${rate(median(inMemory)).padStart(20)}   ${cpu(1e9 / median(inMemory))} (records already in memory, wall time)`);
  // Paired: each round's merging arm against the same round's baseline, then the median and middle
  // half over rounds (moves far less with a neighbour's load than the ratio of medians above); and
  // between the arms' fastest tenths of CPU per chunk, the least disturbed runs.
  const paired = (arm: Arm, base: Arm, of: Record<Arm, number[]>, invert: boolean): string =>
    describePercents(of[arm].map((v, i) => ((invert ? of[base][i] / v : v / of[base][i]) - 1) * 100));
  const low = (arm: Arm, base: Arm): string => `${((quantile(cpus[arm], 0.1) / quantile(cpus[base], 0.1) - 1) * 100).toFixed(1)}%`;
  console.log(`paired over ${ROUNDS} rounds: read + merge: wall ${paired('read+merge', 'read', rates, true)}, CPU ${paired('read+merge', 'read', cpus, false)}, CPU p10 ${low('read+merge', 'read')}`);
  console.log(`paired over ${ROUNDS} rounds: record merging: wall ${paired('record+merge', 'record', rates, true)}, CPU ${paired('record+merge', 'record', cpus, false)}, CPU p10 ${low('record+merge', 'record')}`);
  console.log(`merged: ${merged.text?.length.toLocaleString('en-US')} characters, ${merged.toolCalls?.length ?? 0} tool call, finish ${merged.finishReason}, gap p95 ${merged.timing.gapP95Ms} ms`);
  // Timed figures move by tens of percent between runs on a shared machine: say where the steady one is.
  console.log(`for a figure that does not move with the machine's load: npm run bench:merge -- --instructions (${hasValgrind() ? 'Valgrind is installed' : 'needs Valgrind: apt-get install valgrind'})`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
