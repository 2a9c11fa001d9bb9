/**
 * What one capture has seen, per request: its capture record, whether it is an event stream,
 * and (for event streams) the records the viewer shows, bounded. Pure, no `vscode`.
 */
import type { CaptureFileRecord, CaptureRecord, ConnectingRecord, StreamRecord } from '../shared/records';

/** One proxied request as the list shows it. */
export interface CapturedStream {
  stream: number;
  capture?: CaptureRecord;
  /** The viewer's records (capture shown as `connecting`), oldest dropped beyond the limit. */
  records: StreamRecord[];
  events: number;
  /** True once a `closed` (or, for a failed request, `error`) record came. */
  done: boolean;
  /** Body bytes the inspector skipped while behind (INSPECTOR_SKIPPED): forwarded, not in the records. */
  skippedBytes: number;
  isEventStream: boolean;
}

/** The error code of a gap in a capture's records (see core/capture/streamInspector.ts). */
export const INSPECTOR_SKIPPED = 'INSPECTOR_SKIPPED';

/** The byte count an INSPECTOR_SKIPPED message states ("… skipped N bytes …"), 0 if none. */
function skippedBytesOf(message: string): number {
  return Number(/skipped (\d+) bytes/.exec(message)?.[1] ?? 0);
}

export class CapturedStreams {
  private readonly byNumber = new Map<number, CapturedStream>();

  constructor(
    /** Records kept per stream (the panel setting `sseInspector.maxEvents`). */
    private readonly maxRecords: number,
    /** Requests kept in the list; the oldest go first. */
    private readonly maxStreams = 1000,
  ) {}

  /** Takes one record of the capture; returns the stream it changed and its viewer record, if any. */
  add(record: CaptureFileRecord): { entry: CapturedStream; viewerRecord?: StreamRecord } | undefined {
    const n = record.stream;
    if (n === undefined) return undefined;
    let entry = this.byNumber.get(n);
    if (!entry) {
      entry = { stream: n, records: [], events: 0, done: false, isEventStream: false, skippedBytes: 0 };
      this.byNumber.set(n, entry);
      if (this.byNumber.size > this.maxStreams) this.byNumber.delete(this.byNumber.keys().next().value!);
    }
    let viewerRecord: StreamRecord;
    if (record.kind === 'capture') {
      entry.capture = record;
      entry.isEventStream = /^text\/event-stream\s*(;|$)/i.test(record.contentType);
      viewerRecord = asConnecting(record);
    } else {
      viewerRecord = record;
      if (record.kind === 'event') entry.events++;
      // A gap in the records is not the end of the stream: it goes on, and so do its records.
      if (record.kind === 'error' && record.code === INSPECTOR_SKIPPED) entry.skippedBytes += skippedBytesOf(record.message);
      else if (record.kind === 'closed' || record.kind === 'error') entry.done = true;
    }
    entry.records.push(viewerRecord);
    if (entry.records.length > this.maxRecords) entry.records.splice(1, entry.records.length - this.maxRecords);
    return { entry, viewerRecord };
  }

  get(stream: number): CapturedStream | undefined {
    return this.byNumber.get(stream);
  }

  /** Newest first, as the list shows them. */
  list(): CapturedStream[] {
    return [...this.byNumber.values()].reverse();
  }

  get eventStreamCount(): number {
    let count = 0;
    for (const entry of this.byNumber.values()) if (entry.isEventStream) count++;
    return count;
  }
}

/** The viewer knows `connecting` records: a capture record is the request as it went upstream. */
export function asConnecting(record: CaptureRecord): ConnectingRecord & { stream: number } {
  return { kind: 'connecting', seq: record.seq, time: record.time, stream: record.stream, url: record.url, method: record.method, requestHeaders: record.requestHeaders, attempt: 0 };
}
