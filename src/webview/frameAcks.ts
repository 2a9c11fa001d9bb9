/**
 * Acknowledges the host's frames once they are on screen. The host sends its next frame only
 * then, so frames come as fast as this view paints them and no faster: on a busy machine each
 * frame carries more, instead of the renderer taking in frames faster than it paints them and
 * painting each late. Acked on arrival, bench:live --llm gave p95 190-197 ms and the renderers
 * 85-87 % of a core; acked once painted, 110-146 ms and 77-80 % (three runs each, in turns). A
 * view that does not paint (hidden) acks nothing, and the host coalesces until it paints again.
 */
import type { WebviewToHost } from '../shared/protocol';

export class FrameAcks {
  /** The newest frame taken and not acknowledged yet. */
  private unacked = 0;

  constructor(private readonly post: (message: Extract<WebviewToHost, { type: 'ack' }>) => void) {}

  /** Frame `frame` arrived (shown or held while paused): its ack goes after the next paint. */
  took(frame: number): void {
    this.unacked = frame;
  }

  /**
   * Called at the end of the frame callback that painted: a task queued from there runs after
   * the browser rendered the frame, and only then does the ack go.
   */
  painted(): void {
    if (this.unacked === 0) return;
    const frame = this.unacked;
    this.unacked = 0;
    setTimeout(() => this.post({ type: 'ack', frame }), 0);
  }
}
