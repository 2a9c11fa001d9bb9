/**
 * Pause: the table stays as it was while records keep arriving and are counted. Nothing is
 * buffered record by record: the host keeps the log, so the pause holds only the newest frame
 * (the view's shape when it ends) and where the log ended when the pause began. Pure.
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

  /** Keeps a frame that arrived while paused (only the newest matters). */
  hold(frame: ViewFrame): void {
    this.latest = frame;
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
