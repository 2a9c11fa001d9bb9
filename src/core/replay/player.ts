/**
 * Plays a wire plan onto one response: each block its recorded gap (scaled by speed) after the
 * one before it, with the drop and stall faults applied by event count. The response's headers are the
 * server's business; this writes the body only.
 */
import type { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Faults } from './faults';
import { encodeStep, type WirePlan } from './wirePlan';
import { sleep, WireWriter } from './wireWriter';

/** How to play. */
export interface PlayOptions {
  /** Gap multiplier's inverse: 2 = twice as fast; 0 = no waiting at all. */
  speed: number;
  /** Start over after the last block instead of ending the response. */
  loop: boolean;
  faults: Faults;
  /** The first step to send (after a Last-Event-ID resume). */
  startIndex: number;
  /** Called with the time each event was written (performance.now()), for the benchmark. */
  onEventWritten?: (index: number, at: number) => void;
}

/** At speed 0, let other clients and sockets have a turn this often. */
const YIELD_EVERY = 256;

/** Plays until the plan ends (or forever with loop) or the client goes; never rejects. */
export async function play(plan: WirePlan, res: ServerResponse, options: PlayOptions, signal: AbortSignal): Promise<void> {
  const { faults, speed } = options;
  const writer = new WireWriter(res, faults, signal);
  const encoded = plan.steps.map((step) => encodeStep(step.text, faults.lineEndings));
  // Each block is timed from when the one before it went out: a timer that fires late on a busy
  // machine stretches one gap instead of two (a fixed schedule would shorten the next to catch up).
  let last = performance.now();
  let events = 0;
  let stalled = false;
  let index = options.startIndex;
  let sinceYield = 0;
  while (!signal.aborted) {
    if (index >= plan.steps.length) {
      if (!options.loop) break;
      // A new round: its first block keeps its recorded delay from `open`, counted from here.
      index = 0;
    }
    if (!stalled && faults.stallAfter && events >= faults.stallAfter.events) {
      stalled = true;
      await sleep(faults.stallAfter.seconds * 1000, signal);
      // The stall is added time: what follows keeps its own gap after it.
      last = performance.now();
      continue;
    }
    const step = plan.steps[index];
    if (speed > 0) {
      const wait = last + step.gapMs / speed - performance.now();
      if (wait > 0) await sleep(wait, signal);
      last = performance.now();
    } else if (++sinceYield >= YIELD_EVERY) {
      sinceYield = 0;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (signal.aborted) break;
    if (step.kind === 'event' && faults.dropAfter !== undefined && events >= faults.dropAfter) {
      const bytes = encoded[index];
      // Half the bytes, wherever that falls (inside a field, a CRLF pair or a character).
      await writer.write(bytes.subarray(0, Math.floor(bytes.length / 2)), true);
      res.socket?.destroy();
      return;
    }
    if (speed === 0 && batchable(faults)) {
      // Nothing waits between blocks and nothing needs them apart: send a run of them as one write.
      const run = takeBatch(encoded, plan, index);
      await writer.write(run.bytes);
      events += run.events;
      index = run.next;
      // A batch counts as many blocks: other clients get a turn every half megabyte or so.
      sinceYield += YIELD_EVERY / 8;
      continue;
    }
    await writer.write(encoded[index]);
    if (step.kind === 'event') {
      events++;
      options.onEventWritten?.(index, performance.now());
    }
    index++;
  }
  if (!signal.aborted) await writer.end();
}

/** Bytes per write when blocks are sent together at speed 0. */
const BATCH_BYTES = 64 * 1024;

/** Faults that act on single blocks (or their bytes) rule out sending several in one write. */
function batchable(faults: Faults): boolean {
  return faults.dropAfter === undefined && faults.chunkBytes === undefined && faults.stallAfter === undefined && !faults.gzip;
}

/** Blocks from `start` up to about BATCH_BYTES (at least one), ending at the end of the plan. */
function takeBatch(encoded: readonly Buffer[], plan: WirePlan, start: number): { bytes: Buffer; events: number; next: number } {
  let size = 0;
  let events = 0;
  let next = start;
  while (next < encoded.length && (next === start || size + encoded[next].length <= BATCH_BYTES)) {
    size += encoded[next].length;
    if (plan.steps[next].kind === 'event') events++;
    next++;
  }
  return { bytes: next === start + 1 ? encoded[start] : Buffer.concat(encoded.slice(start, next), size), events, next };
}
