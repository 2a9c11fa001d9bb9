/**
 * Checks benchmark: a file of 100 checks against a local server, run by the built CLI
 * (`dist/cli.js check`) with --parallel 1 and --parallel 8, in the same run. Not a test: it
 * prints the wall time of each (median of ROUNDS), checks per second and the speed-up.
 * `npm run bench:checks`.
 *
 * Each check reads a stream of EVENTS events sent GAP_MS apart (a paced stream, like an LLM
 * answer): the runs are I/O-bound, which is what --parallel is for.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const CHECKS = Number(process.env.BENCH_CHECKS ?? 100);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 10);
const GAP_MS = Number(process.env.BENCH_GAP_MS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CLI = resolve(__dirname, '../../dist/cli.js');

function runCli(args: string[]): Promise<{ ms: number; code: number | null; stdout: string }> {
  const started = process.hrtime.bigint();
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.on('error', reject);
    child.on('close', (code) => done({ ms: Number(process.hrtime.bigint() - started) / 1e6, code, stdout }));
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
    let n = 0;
    const timer = setInterval(() => {
      n++;
      res.write(`id: ${n}\nevent: ${n === EVENTS ? 'done' : 'token'}\ndata: {"n":${n},"text":"token ${n}"}\n\n`);
      if (n === EVENTS) {
        clearInterval(timer);
        res.end();
      }
    }, GAP_MS);
    res.on('close', () => clearInterval(timer));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/stream`;
  const dir = mkdtempSync(join(tmpdir(), 'sse-bench-checks-'));
  const file = join(dir, 'bench.ssecheck.yaml');
  const lines = ['checks:'];
  for (let i = 0; i < CHECKS; i++) {
    lines.push(
      `  - name: check ${i + 1}`,
      `    request: { url: "${url}?check=${i}" }`,
      '    expect:',
      '      status: 200',
      '      firstEventWithinMs: 5000',
      '      ids: increasing',
      '      events:',
      `        - { type: token, count: ${EVENTS - 1}, json: { type: object, required: [n, text], properties: { n: { type: integer } } } }`,
      '        - { type: done, count: 1 }',
    );
  }
  writeFileSync(file, lines.join('\n') + '\n');
  try {
    console.log(`checks benchmark: ${CHECKS} checks, each a stream of ${EVENTS} events ${GAP_MS} ms apart; ${ROUNDS} rounds; Node ${process.version}`);
    const results: Record<number, number> = {};
    for (const parallel of [1, 8]) {
      const times: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const run = await runCli(['check', file, '--parallel', String(parallel)]);
        if (run.code !== 0) throw new Error(`the checks should pass (exit ${run.code}):\n${run.stdout.split('\n').filter((l) => !l.startsWith('PASS')).join('\n')}`);
        times.push(run.ms);
      }
      results[parallel] = median(times);
      console.log(
        `  --parallel ${parallel}: median ${(results[parallel] / 1000).toFixed(2)} s (${times.map((t) => (t / 1000).toFixed(2)).join(', ')}), ${(CHECKS / (results[parallel] / 1000)).toFixed(1)} checks/s`,
      );
    }
    const floor = (EVENTS * GAP_MS * CHECKS) / 1000;
    console.log(`  speed-up --parallel 8 vs 1: ${(results[1] / results[8]).toFixed(2)}x (a stream alone takes about ${EVENTS * GAP_MS} ms: ${floor.toFixed(1)} s of streaming in all)`);
  } finally {
    server.closeAllConnections();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
