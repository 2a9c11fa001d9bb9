/**
 * Counters and connection state derived from the record stream, for the panel header. Pure:
 * fed records in order, read as a snapshot. Counts every record, including those the bounded
 * log later drops, so the numbers stay true on long streams.
 */
import type { ConnectionPhase, ConnectionStats, FailureDetails } from '../shared/protocol';
import type { StreamRecord } from '../shared/records';

/** How far back the events/s figure looks. */
const RATE_WINDOW_MS = 1000;

export class SessionStats {
  private phase: ConnectionPhase = 'connecting';
  private events = 0;
  private comments = 0;
  private bytes = 0;
  private reconnects = 0;
  private nextAttemptAt: number | undefined;
  private startedAt: number | undefined;
  private timeToFirstEventMs: number | undefined;
  private closedMessage: string | undefined;
  private lastFailure: FailureDetails | undefined;
  /** Event counts per arrival 100 ms bucket within the rate window, but for the current one. */
  private readonly rateBuckets = new Map<number, number>();
  /**
   * The bucket events arrive in now and its count, kept apart: the Map is touched once per bucket
   * instead of twice per event (with a boxed key each time, at 20,000 events/s). A number from the
   * start (NaN), so that V8 keeps the field unboxed.
   */
  private bucket = Number.NaN;
  private bucketCount = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Where the connection is now. */
  get currentPhase(): ConnectionPhase {
    return this.phase;
  }

  /** Starts the counters over (Clear Events), keeping the connection state as it is. */
  resetCounters(): void {
    this.events = 0;
    this.comments = 0;
    this.bytes = 0;
    this.rateBuckets.clear();
    this.bucket = Number.NaN;
    this.bucketCount = 0;
  }

  add(record: StreamRecord): void {
    switch (record.kind) {
      case 'event': {
        this.events++;
        this.bytes += record.size;
        if (this.timeToFirstEventMs === undefined && this.startedAt !== undefined) {
          this.timeToFirstEventMs = record.time - this.startedAt;
        }
        const bucket = Math.floor(record.time / 100);
        if (bucket !== this.bucket) this.startBucket(bucket);
        this.bucketCount++;
        break;
      }
      case 'comment':
        this.comments++;
        break;
      case 'retry':
        break;
      case 'connecting':
        this.phase = record.attempt === 0 ? 'connecting' : 'reconnecting';
        if (record.attempt > 0) this.reconnects = Math.max(this.reconnects, record.attempt);
        if (this.startedAt === undefined) this.startedAt = record.time;
        this.nextAttemptAt = undefined;
        this.closedMessage = undefined;
        break;
      case 'open':
        this.phase = 'open';
        this.lastFailure = undefined;
        this.nextAttemptAt = undefined;
        break;
      case 'error':
        this.lastFailure = {
          seq: record.seq,
          message: record.message,
          hint: record.hint,
          code: record.code,
          status: record.status,
          statusText: record.statusText,
          headers: record.headers,
          bodyPreview: record.bodyPreview,
        };
        if (record.willReconnect) {
          this.phase = 'reconnecting';
          this.nextAttemptAt = record.reconnectAt;
        }
        break;
      case 'closed':
        // A 204 answers the attempt after a failure: the server is there and asks to stop, so
        // that earlier failure no longer says why the session ended (its banner would stay red).
        if (record.reason === 'no-content') this.lastFailure = undefined;
        this.close(record.message);
        break;
    }
  }

  /** The session is over, for the reason given (from a `closed` record, or known otherwise). */
  close(message: string): void {
    this.phase = 'closed';
    this.nextAttemptAt = undefined;
    this.closedMessage = message;
  }

  /** Marks the session as restarting from scratch (Reconnect after closed, Connect again). */
  restart(): void {
    this.startedAt = undefined;
    this.timeToFirstEventMs = undefined;
  }

  snapshot(dropped: number): ConnectionStats {
    return {
      phase: this.phase,
      events: this.events,
      comments: this.comments,
      bytes: this.bytes,
      reconnects: this.reconnects,
      nextAttemptAt: this.nextAttemptAt,
      startedAt: this.startedAt,
      timeToFirstEventMs: this.timeToFirstEventMs,
      eventsPerSecond: this.eventsPerSecond(),
      dropped,
      closedMessage: this.closedMessage,
      lastFailure: this.lastFailure,
    };
  }

  /** Files the current bucket's count in the Map and starts counting in `bucket`. */
  private startBucket(bucket: number): void {
    if (this.bucketCount > 0) this.rateBuckets.set(this.bucket, (this.rateBuckets.get(this.bucket) ?? 0) + this.bucketCount);
    this.bucket = bucket;
    this.bucketCount = 0;
  }

  private eventsPerSecond(): number {
    const oldest = Math.floor((this.now() - RATE_WINDOW_MS) / 100);
    let total = this.bucket > oldest ? this.bucketCount : 0;
    for (const [bucket, count] of this.rateBuckets) {
      if (bucket <= oldest) this.rateBuckets.delete(bucket);
      else total += count;
    }
    return total * (1000 / RATE_WINDOW_MS);
  }
}
