import type { FrameTimers } from '../../../src/panel/liveView';
import type { SliceScheduler } from '../../../src/panel/viewIndex';

/** A fake clock for frame timers and search slices: nothing runs until the test says so. */
export class FakeClock implements FrameTimers, SliceScheduler {
  time = 0;
  private timers = new Map<number, { at: number; run: () => void }>();
  private slices: Array<() => void> = [];
  private next = 1;
  setTimeout(run: () => void, ms: number): unknown {
    const id = this.next++;
    this.timers.set(id, { at: this.time + ms, run });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  later(run: () => void): () => void {
    this.slices.push(run);
    return () => (this.slices = this.slices.filter((r) => r !== run));
  }
  now(): number {
    return this.time;
  }
  /** Advances time, running due timers in order. */
  tick(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.time = due[1].at;
      due[1].run();
    }
    this.time = end;
  }
  /** Runs the next pending search slice; false when none is pending. */
  runSlice(): boolean {
    const run = this.slices.shift();
    run?.();
    return run !== undefined;
  }
  get pendingSlices(): number {
    return this.slices.length;
  }
}
