/**
 * What each pass of the core's reader costs on the benchmark's own stream, in this process,
 * with no socket: UTF-8 decoding, the BlockTracker's scan for block boundaries (the pass before
 * eventsource-parser that bounds what one block may hold), the parser, and the whole reader.
 * The network figures in ingest.ts say how the client compares with others; these say where
 * its time goes. Best of ROUNDS, so other load on the machine mostly drops out.
 */
import { createParser } from 'eventsource-parser';
import { BlockTracker } from '../../src/core/blockTracker';
import { EventStreamReader } from '../../src/core/eventStreamReader';

const ROUNDS = 7;
const CHUNK = 64 * 1024;

function best(run: () => void): number {
  const times: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const started = process.hrtime.bigint();
    run();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return Math.min(...times);
}

/** Prints one line per stage and the scan's share of the reader. */
export function printReaderStages(body: Buffer, events: number): void {
  const chunks: Buffer[] = [];
  for (let at = 0; at < body.length; at += CHUNK) chunks.push(body.subarray(at, at + CHUNK));
  const texts = chunks.map((chunk) => chunk.toString('utf8'));
  let dispatched = 0;
  const stages: Array<[string, () => void]> = [
    ['decode', () => {
      const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
      for (const chunk of chunks) decoder.decode(chunk, { stream: true });
    }],
    ['block scan (BlockTracker)', () => {
      const tracker = new BlockTracker();
      for (const text of texts) tracker.advance(text, tracker.lastBlockEnd(text));
    }],
    ['eventsource-parser', () => {
      const parser = createParser({ onEvent: () => dispatched++ });
      for (const text of texts) parser.feed(text);
    }],
    ['reader (all of the above)', () => {
      const reader = new EventStreamReader({ onEvent: () => dispatched++, onId: () => undefined, onComment: () => undefined, onRetry: () => undefined });
      for (const chunk of chunks) reader.write(chunk);
    }],
  ];
  console.log('');
  console.log(`reader stages, in process, ${chunks.length} chunks of 64 KiB (best of ${ROUNDS}):`);
  const ms: Record<string, number> = {};
  for (const [name, run] of stages) {
    dispatched = 0;
    ms[name] = best(run);
    if (name !== 'decode' && name !== 'block scan (BlockTracker)' && dispatched !== events * ROUNDS) throw new Error(`${name}: ${dispatched} events`);
    console.log(`  ${name.padEnd(28)} ${ms[name].toFixed(2).padStart(8)} ms`);
  }
  const scan = ms['block scan (BlockTracker)'];
  console.log(`  block scan / reader          ${((scan / ms['reader (all of the above)']) * 100).toFixed(1)}%`);
}
