/**
 * Pause: the table stays as it was while records keep arriving and are counted. Nothing is
 * buffered record by record: the host keeps the log, so the pause holds only the newest frame
 * (the view's shape when it ends) with the newest rows the frames brought (bounded), so resume
 * shows the tail at once, and where the log ended when the pause began. Pure.
 */
import type { ViewFrame } from '../shared/protocol';

export class PauseBuffer {
  private pausedAt: number | undefined;
  private latest: ViewFrame | undefined;
  private newest = 0;

  get paused(): boolean {
    return this.pausedAt !== undefined;
  }

  /** Records logged since the pause began. */
  get pending(): number {
    return this.pausedAt === undefined ? 0 : Math.max(0, this.newest - this.pausedAt);
  }

  /** Starts a pause at log end `endPos`. */
  pause(endPos: number): void {
    this.pausedAt = endPos;
    this.newest = endPos;
    this.latest = undefined;
  }

  /** Keeps a frame that arrived while paused: the newest, with the tails joined (at most `maxRows`). */
  hold(frame: ViewFrame, maxRows = 400): void {
    const held = this.latest?.tail;
    const tail = frame.tail;
    if (held && tail && this.latest?.filterVersion === frame.filterVersion && tail.from <= held.from + held.rows.length) {
      // Contiguous (or overlapping) with what is held: join, keep the newest.
      const rows = [...held.rows.slice(0, tail.from - held.from), ...tail.rows];
      const cut = Math.max(0, rows.length - maxRows);
      this.latest = { ...frame, tail: { from: held.from + cut, rows: rows.slice(cut), skipped: held.skipped } };
    } else {
      this.latest = held && !tail && this.latest?.filterVersion === frame.filterVersion ? { ...frame, tail: held } : frame;
    }
    this.newest = frame.endPos;
  }

  /** Ends the pause; returns the newest frame held, to apply now. */
  resume(): ViewFrame | undefined {
    const latest = this.latest;
    this.pausedAt = undefined;
    this.latest = undefined;
    return latest;
  }

  /** The log was cleared or the webview started over. */
  reset(): void {
    this.pausedAt = undefined;
    this.latest = undefined;
    this.newest = 0;
  }
}
