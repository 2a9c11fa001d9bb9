/**
 * The observer's own cost, apart from everything else: what one real connection handed its
 * observer and its record sink (chunks, records, parser complaints, the stream's end), taped in
 * order, then played to a fresh observer alone, many times. Its CPU per event, divided by the bare
 * client's CPU per event measured in the same run, is the overhead the observer adds, without the
 * noise of the rest of the path (sockets, parser, allocation of the records), which a paired
 * arm/baseline ratio carries in full. It leaves out the observer's indirect effects (cache, GC),
 * which the paired arms include: the two figures bracket the cost.
 */
import type { ConnectionObserver, ParseProblem, StreamEnd } from '../../src/core/connectionObserver';
import type { StreamRecord } from '../../src/shared/records';

type Step = { chunk: Uint8Array; time: number } | { record: StreamRecord } | { problem: ParseProblem } | { end: StreamEnd };

/** What a connection gave: tape it with `observer` and `record`, play it with `play`. */
export class ObserverTape implements ConnectionObserver {
  private readonly steps: Step[] = [];
  events = 0;

  onChunk(bytes: Uint8Array, time: number): void {
    this.steps.push({ chunk: new Uint8Array(bytes), time });
  }

  onParseError(problem: ParseProblem): void {
    this.steps.push({ problem });
  }

  onStreamEnd(end: StreamEnd): void {
    this.steps.push({ end });
  }

  record(record: StreamRecord): void {
    this.steps.push({ record });
    if (record.kind === 'event') this.events++;
  }

  /** Plays the tape to `observer` (and its `record`), as the client would; returns the events. */
  play(observer: ConnectionObserver & { record(record: StreamRecord): void }): number {
    for (const step of this.steps) {
      if ('chunk' in step) observer.onChunk?.(step.chunk, step.time);
      else if ('record' in step) observer.record(step.record);
      else if ('problem' in step) observer.onParseError?.(step.problem);
      else observer.onStreamEnd?.(step.end);
    }
    return this.events;
  }
}
