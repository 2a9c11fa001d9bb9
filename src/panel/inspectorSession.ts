/**
 * One panel's data: the connection (or recording) that feeds it, the bounded log it keeps and
 * the counters it shows. Plain Node, no `vscode`, so it is tested without an editor.
 */
import { RecordLog } from './recordLog';
import type { AnnotationRecord, ChunkRecord, ConnectingRecord, DiagnosticRecord, StreamRecord } from '../shared/records';
import { StreamWatch } from '../core/diagnostics/streamWatch';
import { DEFAULT_WIRE_BYTES, toChunkRecord, WireCapture } from '../core/diagnostics/wireCapture';
import { SessionStats } from './sessionStats';
import { maskRecordSecrets } from '../core/secretHeaders';
import { SseClient, type SseClientOptions } from '../core/sseClient';
import type { ConnectionStats, SessionInfo } from '../shared/protocol';

/** What a live session needs to (re)connect: everything the client takes but the callback. */
export type ConnectionOptions = Omit<SseClientOptions, 'onRecord'>;

export interface SessionListener {
  /** A record was added to the log (called in order, once per record). */
  onRecord(record: StreamRecord): void;
  /** The log and counters were emptied. */
  onCleared(): void;
  /** `info` changed (the request as sent, a profile name). */
  onSessionChanged(): void;
  /** The diagnostics list changed. */
  onDiagnostics?(): void;
  /**
   * Whether the stream has said it is over (an LLM answer's terminal event): when the server then
   * closes it, the session ends instead of reconnecting, which would send the request again.
   */
  streamFinished?(): boolean;
}

/** Diagnostics kept per panel (13 codes per connect; older ones go first). */
const MAX_DIAGNOSTICS = 100;

export class InspectorSession {
  readonly log: RecordLog;
  readonly stats = new SessionStats();
  private client: SseClient | undefined;
  /** The client numbers records from 1 on each connect: offset them so seq stays unique in a panel. */
  private seqBase = 0;
  private lastSeq = 0;
  private lastEventId: string | undefined;
  /** Records of a recording file older than the ones loaded (see loadRecords). */
  private skippedOnLoad = 0;

  /** The panel showing this session; set once it exists (records before that are replayed from the log). */
  private listener: SessionListener | undefined;
  /** The newest raw chunks, across reconnects (bounded by the setting sseInspector.wire.maxMiB). */
  readonly wire: WireCapture;
  /** Chunk records of an opened recording (they arrive as text, not bytes). */
  private recordedChunks: ChunkRecord[] = [];
  /** The linter's findings, oldest first (each code once per connect, so this stays short). */
  readonly diagnostics: DiagnosticRecord[] = [];
  private watch: StreamWatch | undefined;

  constructor(
    private currentInfo: SessionInfo,
    maxEvents: number,
    private connection?: ConnectionOptions,
    wireBytes: number = DEFAULT_WIRE_BYTES,
  ) {
    this.log = new RecordLog(maxEvents);
    this.wire = new WireCapture(wireBytes);
    this.lastEventId = connection?.lastEventId;
  }

  /** What the panel shows about this session. Changed only through the intent methods below. */
  get info(): SessionInfo {
    return this.currentInfo;
  }

  /** The connection was saved as (or came from) this profile: the header names it from now on. */
  nameProfile(profileName: string): void {
    this.changeInfo({ profileName });
  }

  /**
   * The connection this panel had is gone without a record saying so (the window was reloaded and
   * the old extension host ended it): the header shows the session closed, with why.
   */
  endedElsewhere(message: string): void {
    this.stats.close(message);
  }

  setListener(listener: SessionListener): void {
    this.listener = listener;
  }

  get isLive(): boolean {
    return this.info.mode === 'live';
  }

  /** The options the connection uses (for "Save Connection as Profile…"). */
  get connectionOptions(): ConnectionOptions | undefined {
    return this.connection;
  }

  /** Uses other connection details from the next connect on (a panel restored after a reload). */
  replaceConnection(connection: ConnectionOptions): void {
    if (!this.isLive) throw new Error('A recording has no connection to replace.');
    this.connection = connection;
  }

  /** Starts a new connection, carrying the last event id over, as a browser's reconnect would. */
  connect(): void {
    if (!this.connection) throw new Error('This panel shows a recording: it has no connection.');
    this.stopClient();
    this.seqBase = this.lastSeq;
    this.stats.restart();
    // A new linter per connect: each finding once per connection.
    const watch = new StreamWatch({ onDiagnostic: (d) => this.addDiagnostic(d), wire: this.wire.maxBytes > 0 ? this.wire : undefined });
    this.watch = watch;
    const client = new SseClient({
      ...this.connection,
      lastEventId: this.lastEventId,
      onRecord: (record) => this.ingest(record),
      observer: watch,
      endIsComplete: () => this.listener?.streamFinished?.() ?? false,
    });
    this.client = client;
    client.start();
  }

  /** Ends the connection; the log stays. */
  disconnect(): void {
    this.stopClient();
  }

  /** "Reconnect now": skips a pending retry wait, or drops an open stream and connects again. */
  reconnect(): void {
    if (this.client && this.stats.currentPhase === 'reconnecting') {
      this.client.reconnectNow();
      return;
    }
    this.connect();
  }

  /**
   * Replaces what the panel shows with the records of a recording (no connection).
   * `skippedOlder` records came before these in the file and were not kept: they count as dropped.
   */
  loadRecords(records: readonly StreamRecord[], skippedOlder = 0, annotations: readonly AnnotationRecord[] = []): void {
    this.skippedOnLoad = skippedOlder;
    for (const record of records) this.ingest({ ...record });
    let chunkBytes = 0;
    for (const annotation of annotations) {
      if (annotation.kind === 'diagnostic') this.addDiagnostic(annotation);
      else if ((chunkBytes += annotation.bytes) <= Math.max(this.wire.maxBytes, 1)) this.recordedChunks.push(annotation);
    }
  }

  /** The chunks the Wire view shows: the live capture's after the first `position`, or a recording's. */
  wireChunks(position: number): ChunkRecord[] {
    if (!this.isLive) return position === 0 ? this.recordedChunks.slice() : [];
    return this.wire.since(position).map(toChunkRecord);
  }

  clear(): void {
    this.skippedOnLoad = 0;
    this.log.clear();
    this.wire.clear();
    this.recordedChunks = [];
    this.diagnostics.length = 0;
    this.listener?.onDiagnostics?.();
    this.stats.resetCounters();
    this.listener?.onCleared();
  }

  snapshotStats(): ConnectionStats {
    return this.stats.snapshot(this.log.dropped + this.skippedOnLoad);
  }

  dispose(): void {
    this.stopClient();
  }

  private stopClient(): void {
    const client = this.client;
    if (!client) return;
    // The client started from the carried-over id, so its value is right even when a server reset it.
    this.lastEventId = client.lastEventId;
    this.client = undefined;
    this.watch?.dispose();
    this.watch = undefined;
    // stop() reports a final `closed` record through onRecord, which we still want in the log.
    client.stop();
  }

  private addDiagnostic(record: DiagnosticRecord): void {
    // A bound all the same: a session that reconnects forever finds the same things each time.
    if (this.diagnostics.length >= MAX_DIAGNOSTICS) this.diagnostics.shift();
    this.diagnostics.push(record);
    this.listener?.onDiagnostics?.();
  }

  /** The panel shows the request as it was really sent (headers masked by the client). */
  private describeRequest(record: ConnectingRecord): void {
    this.changeInfo({ url: record.url, method: record.method, requestHeaders: record.requestHeaders });
  }

  private changeInfo(change: Partial<SessionInfo>): void {
    this.currentInfo = { ...this.currentInfo, ...change };
    this.listener?.onSessionChanged();
  }

  private ingest(given: StreamRecord): void {
    // Live records arrive masked; a recording written by another tool may not be.
    const record = maskRecordSecrets(given, this.connection?.secretHeaders);
    if (this.isLive) record.seq += this.seqBase;
    this.lastSeq = Math.max(this.lastSeq, record.seq);
    if (record.kind === 'event') this.lastEventId = record.lastEventId;
    else if (record.kind === 'connecting') this.describeRequest(record);
    this.watch?.record(record);
    this.log.push(record);
    this.stats.add(record);
    this.listener?.onRecord(record);
  }
}
