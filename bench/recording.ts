/**
 * Opening a large recording: how long core/recordingReader takes on a generated NDJSON file and
 * how much memory it holds, against reading the same file's bytes without parsing (the
 * baseline), in one run. Not a test: it prints figures. `npm run bench:recording`.
 *
 *   BENCH_RECORDING_MB   size of the generated file in MiB (default 1024)
 *   BENCH_KEEP           records kept, as sseInspector.maxEvents (default 100000)
 *
 * Memory is this process's peak RSS while reading, sampled every 10 ms: it must follow what is
 * kept, not the file (the old reader held the whole file as one string, then every record).
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRecordingFile } from '../src/core/recordingReader';

const SIZE_MB = Number(process.env.BENCH_RECORDING_MB ?? 1024);
const KEEP = Number(process.env.BENCH_KEEP ?? 100_000);
const MiB = 1024 * 1024;

async function generate(path: string): Promise<number> {
  const out = createWriteStream(path);
  let written = 0;
  let seq = 0;
  const target = SIZE_MB * MiB;
  while (written < target) {
    let block = '';
    for (let i = 0; i < 1000; i++) {
      seq++;
      const data = JSON.stringify({ n: seq, symbol: 'ACME', price: 100 + (seq % 97) / 10, note: 'x'.repeat(seq % 64) });
      block += JSON.stringify({ kind: 'event', seq, time: 1_700_000_000_000 + seq, type: seq % 3 ? 'price' : 'tick', data, lastEventId: String(seq), id: String(seq), size: data.length }) + '\n';
    }
    written += Buffer.byteLength(block);
    if (!out.write(block)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => {
    out.on('error', reject);
    out.end(() => resolve());
  });
  return seq;
}

async function measure(run: () => Promise<unknown>): Promise<{ seconds: number; peakRssMiB: number }> {
  global.gc?.();
  let peak = 0;
  const sample = () => (peak = Math.max(peak, process.memoryUsage().rss));
  const timer = setInterval(sample, 10);
  const started = process.hrtime.bigint();
  await run();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(timer);
  sample();
  return { seconds, peakRssMiB: peak / MiB };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sse-bench-recording-'));
  try {
    const path = join(dir, 'big.ndjson');
    console.log(`generating ${SIZE_MB} MiB of NDJSON events ...`);
    const events = await generate(path);
    const bytes = statSync(path).size;
    console.log(`file: ${(bytes / MiB).toFixed(0)} MiB, ${events.toLocaleString('en-US')} events; keep ${KEEP.toLocaleString('en-US')}`);

    const raw = await measure(async () => {
      for await (const _chunk of createReadStream(path, { highWaterMark: MiB })) void _chunk;
    });
    let result: Awaited<ReturnType<typeof readRecordingFile>> | undefined;
    const parsed = await measure(async () => {
      result = await readRecordingFile(path, { keep: KEEP });
    });
    if (!result || result.total !== events || result.records.length !== Math.min(KEEP, events) || result.problemCount !== 0) {
      throw new Error(`read ${result?.total} records (${result?.problemCount} problems), expected ${events}`);
    }
    const mbps = (s: number) => (bytes / MiB / s).toFixed(0);
    console.log(`raw read:      ${raw.seconds.toFixed(1)} s (${mbps(raw.seconds)} MiB/s), peak RSS ${raw.peakRssMiB.toFixed(0)} MiB`);
    console.log(`open (parse):  ${parsed.seconds.toFixed(1)} s (${mbps(parsed.seconds)} MiB/s, ${(events / parsed.seconds / 1e6).toFixed(2)} M records/s), peak RSS ${parsed.peakRssMiB.toFixed(0)} MiB`);
    console.log(`ratio open/raw time: ${(parsed.seconds / raw.seconds).toFixed(1)}; kept ${result.records.length.toLocaleString('en-US')}, skipped ${result.skipped.toLocaleString('en-US')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
