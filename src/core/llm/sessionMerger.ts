/**
 * Merging across one connection session: a fresh StreamMerger per connection (each `connecting`
 * record), and one `merged` record per connection, handed out when its terminal event arrives or
 * when the connection ends (error, close, reconnect) without it. Used by `record`, `merge` and
 * the panel alike.
 */
import type { MergedRecord, StreamRecord } from '../../shared/records';
import { StreamMerger, type MergeOptions } from './merger';

export class SessionMerger {
  private current: StreamMerger;
  private emitted = false;

  /** `onMerged` receives each connection's record once. */
  constructor(
    private readonly options: MergeOptions,
    private readonly onMerged: (record: MergedRecord) => void,
  ) {
    this.current = new StreamMerger(options);
  }

  /** The merger of the current connection (the live panel reads it). */
  get stream(): StreamMerger {
    return this.current;
  }

  push(record: StreamRecord): void {
    // Events are almost every record, and this runs inside the reader's loop: V8 inlines it there
    // only while it stays small, so the other records take a method of their own.
    if (record.kind === 'event') {
      if (this.emitted) return; // after the terminal event: a new answer needs a new request
      this.current.push(record);
      if (this.current.terminal) this.finish();
      return;
    }
    this.pushConnectionRecord(record);
  }

  /** A record that opens, ends or annotates a connection. */
  private pushConnectionRecord(record: Exclude<StreamRecord, { kind: 'event' }>): void {
    switch (record.kind) {
      case 'connecting':
        this.finish(record.time);
        this.current = new StreamMerger(this.options, record.time);
        this.emitted = false;
        return;
      case 'error':
      case 'closed':
        this.finish(record.time);
        return;
      case 'open':
      case 'comment':
      case 'retry':
        return;
    }
  }

  /** Hands out the current connection's record, if it has one and has not yet. */
  finish(endTime?: number): void {
    if (this.emitted) return;
    const record = this.current.toRecord(endTime);
    if (record) {
      this.emitted = true;
      this.onMerged(record);
    }
  }
}

/**
 * The merged records of a whole recording (one per connection), e.g. for `sse-inspector merge`.
 * A capture file interleaves several streams, told apart by `stream`: each is merged on its own.
 */
export function mergeRecords(records: readonly StreamRecord[], options: MergeOptions = {}): MergedRecord[] {
  const out: MergedRecord[] = [];
  const mergers = new Map<number | undefined, SessionMerger>();
  for (const record of records) {
    let merger = mergers.get(record.stream);
    if (!merger) {
      merger = new SessionMerger(options, (r) => out.push(record.stream === undefined ? r : { ...r, stream: record.stream }));
      mergers.set(record.stream, merger);
    }
    merger.push(record);
  }
  for (const merger of mergers.values()) merger.finish();
  return out;
}
