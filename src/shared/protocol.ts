/**
 * The one typed protocol between the extension host (src/panel) and the webview (src/webview).
 * Both sides import these types; nothing here runs. Every message has a `type` discriminant so
 * receivers can `switch` exhaustively (see `assertNever`).
 */
import type { ChunkRecord, DiagnosticRecord, ErrorRecord, StreamRecord } from './records';

/** Where a connection is, as the header shows it. */
export type ConnectionPhase = 'connecting' | 'open' | 'reconnecting' | 'closed';

/**
 * A failure worth showing in full: status, headers and the start of the body, from its error
 * record (`seq` tells one failure from the next without comparing every field).
 */
export type FailureDetails = Pick<ErrorRecord, 'seq' | 'message' | 'hint' | 'code' | 'status' | 'statusText' | 'headers' | 'bodyPreview'>;

/** Counters and state for the header. Counters count every record, also those the log dropped. */
export interface ConnectionStats {
  phase: ConnectionPhase;
  /** Dispatched events received since the panel opened (or was last cleared). */
  events: number;
  comments: number;
  /** Bytes of event data received (UTF-8). */
  bytes: number;
  /** Reconnect attempts made so far. */
  reconnects: number;
  /** Epoch ms of the next reconnect attempt, while `phase` is `reconnecting`. */
  nextAttemptAt?: number;
  /** Epoch ms the first connection attempt started. */
  startedAt?: number;
  /** Milliseconds from the first attempt to the first event, once there was one. */
  timeToFirstEventMs?: number;
  /** Events per second over the last second, measured by the host. */
  eventsPerSecond: number;
  /** Records the bounded log let go (oldest first) because it was full. */
  dropped: number;
  /** Why the connection is closed, when `phase` is `closed`. */
  closedMessage?: string;
  /** The most recent failure, kept until the next successful open. */
  lastFailure?: FailureDetails;
}

/** What the panel is showing: a live connection or a recording opened from a file. */
export interface SessionInfo {
  /** Stable per panel; also the serializer's key. */
  id: string;
  title: string;
  url: string;
  mode: 'live' | 'recording';
  method: string;
  /** Request headers as sent, secrets masked. */
  requestHeaders: Record<string, string>;
  /** True while TLS certificate checks are off for this connection: shown as a warning. */
  insecureTls?: boolean;
  /** For recordings: the file it came from. */
  sourcePath?: string;
  /** Profile name when the connection came from one. */
  profileName?: string;
}

/** How the user has narrowed the view; persisted with `setState` and mirrored to the host for export. */
export interface ViewFilter {
  /** Event types switched off with their toggles. */
  hiddenTypes: string[];
  search: string;
  regex: boolean;
  caseSensitive: boolean;
  showComments: boolean;
}

/** Messages the host sends to the webview. */
export type HostToWebview =
  | {
      type: 'init';
      session: SessionInfo;
      stats: ConnectionStats;
      /** Everything the host's log holds, so a reloaded webview loses nothing. */
      records: StreamRecord[];
      /** The largest number of records the view keeps (setting `sseInspector.maxEvents`). */
      maxEvents: number;
      /** The filter to start with (from the serializer), when the webview has none of its own. */
      filter?: ViewFilter;
    }
  | { type: 'records'; records: StreamRecord[] }
  | { type: 'stats'; stats: ConnectionStats }
  | { type: 'session'; session: SessionInfo }
  | { type: 'cleared' }
  /** The stream linter's findings so far (the whole list: it is short). */
  | { type: 'diagnostics'; diagnostics: DiagnosticRecord[] }
  /**
   * Raw chunks for the Wire view, only while it is open: `reset` replaces what the view holds
   * (on open and after a clear), else the chunks follow those sent before.
   */
  | { type: 'wire'; chunks: ChunkRecord[]; reset: boolean; dropped: number; maxBytes: number };

/** Buttons and actions the webview asks the host to carry out. */
export type ControlAction = 'disconnect' | 'reconnect' | 'clear' | 'export' | 'saveProfile' | 'connectAgain';

/** Messages the webview sends to the host. */
export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'control'; action: ControlAction }
  | { type: 'filterChanged'; filter: ViewFilter }
  | { type: 'copy'; text: string; label: string }
  /** Open the whole data of one event in an editor (it was cut in the view). */
  | { type: 'openData'; seq: number }
  /** The Wire view was opened or closed: chunks are sent only while it is open. */
  | { type: 'wireView'; open: boolean };

/** For exhaustive `switch` statements over message types. */
export function assertNever(value: never): never {
  throw new Error(`unexpected message: ${JSON.stringify(value)}`);
}

export const DEFAULT_FILTER: ViewFilter = {
  hiddenTypes: [],
  search: '',
  regex: false,
  caseSensitive: false,
  showComments: false,
};
