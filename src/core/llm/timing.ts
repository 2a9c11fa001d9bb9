/**
 * Arrival times of one stream's events: time to first token, duration, and the inter-chunk gaps
 * as a histogram (exact per millisecond below one second, per 100 ms up to a minute) so that
 * p50/p95 cost O(1) per event and a bounded walk per snapshot, however long the stream.
 */
import type { MergedTiming } from '../../shared/records';

const FINE = 1000;
const COARSE_STEP = 100;
const COARSE = 600;

/** Upper bounds (ms, exclusive) of the small histogram the panel draws; the last bucket is open. */
export const GAP_BUCKETS = [5, 10, 25, 50, 100, 250, 500, 1000];

export class StreamTiming {
  /** When the request was sent, when known (the `connecting` record). */
  requestTime?: number;
  firstEventTime?: number;
  /**
   * The last event's time; NaN before the first. A number from the start, so that V8 keeps it
   * unboxed and each event's store allocates nothing (a field that starts undefined gets a new
   * heap number per store: 16 bytes per event on a stream of hundreds of thousands).
   */
  private lastEventTime = Number.NaN;
  firstContentTime?: number;
  chunks = 0;
  private gaps = 0;
  private gapMax = 0;
  private readonly fine = new Uint32Array(FINE);
  private readonly coarse = new Uint32Array(COARSE + 1);

  event(time: number): void {
    if (this.chunks > 0) {
      const gap = Math.max(0, time - this.lastEventTime);
      this.gaps++;
      if (gap > this.gapMax) this.gapMax = gap;
      if (gap < FINE) this.fine[Math.floor(gap)]++;
      else this.coarse[Math.min(COARSE, Math.floor(gap / COARSE_STEP))]++;
    } else this.firstEventTime = time;
    this.lastEventTime = time;
    this.chunks++;
  }

  content(time: number): void {
    if (this.firstContentTime === undefined) this.firstContentTime = time;
  }

  /** The gap (ms) at quantile q (nearest rank), or undefined without gaps. */
  gapQuantile(q: number): number | undefined {
    if (this.gaps === 0) return undefined;
    const rank = Math.max(1, Math.ceil(q * this.gaps));
    let seen = 0;
    for (let ms = 0; ms < FINE; ms++) {
      seen += this.fine[ms];
      if (seen >= rank) return ms;
    }
    for (let i = 0; i <= COARSE; i++) {
      seen += this.coarse[i];
      if (seen >= rank) return Math.min(this.gapMax, i * COARSE_STEP);
    }
    return this.gapMax;
  }

  /** Gap counts per GAP_BUCKETS bucket (one more than the bounds: the open last bucket). */
  histogram(): number[] {
    const counts = new Array<number>(GAP_BUCKETS.length + 1).fill(0);
    let bucket = 0;
    for (let ms = 0; ms < FINE; ms++) {
      while (bucket < GAP_BUCKETS.length && ms >= GAP_BUCKETS[bucket]) bucket++;
      counts[bucket] += this.fine[ms];
    }
    for (let i = 0; i <= COARSE; i++) counts[GAP_BUCKETS.length] += this.coarse[i];
    return counts;
  }

  /** The timing fields; rates use `outputTokens` when the stream reported usage, else characters. */
  summary(chars: number, outputTokens: number | undefined, endTime?: number): MergedTiming {
    const start = this.requestTime ?? this.firstEventTime;
    const last = this.chunks > 0 ? this.lastEventTime : undefined;
    const end = Math.max(endTime ?? 0, last ?? 0);
    const timing: MergedTiming = { durationMs: start !== undefined && end > 0 ? Math.max(0, end - start) : 0, chunks: this.chunks };
    if (this.requestTime !== undefined && this.firstContentTime !== undefined) timing.ttftMs = Math.max(0, this.firstContentTime - this.requestTime);
    if (this.gaps > 0) {
      timing.gapP50Ms = this.gapQuantile(0.5);
      timing.gapP95Ms = this.gapQuantile(0.95);
      timing.gapMaxMs = this.gapMax;
    }
    // Rates over the generation: from the first token to the last event.
    const from = this.firstContentTime ?? this.firstEventTime;
    const seconds = from !== undefined && last !== undefined ? (last - from) / 1000 : 0;
    if (seconds > 0) {
      if (outputTokens !== undefined) timing.tokensPerSec = round(outputTokens / seconds);
      else timing.charsPerSec = round(chars / seconds);
      timing.chunksPerSec = round(this.chunks / seconds);
    }
    return timing;
  }
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
