/**
 * The one typed protocol between the extension host (src/panel) and the webview (src/webview).
 * Both sides import these types; nothing here runs. Every message has a `type` discriminant so
 * receivers can `switch` exhaustively (see `assertNever`).
 */
import type { ChunkRecord, DiagnosticRecord, ErrorRecord, LlmFormat, MergedRecord, StreamRecord } from './records';

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
  /** How the panel reads LLM streams, when the profile says (else it detects). */
  llmFormat?: LlmFormatChoice;
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

/** Which pieces of a merged text each event delivered: seqs[i] delivered text up to ends[i]. */
export interface TextPieces {
  seqs: number[];
  ends: number[];
}

/** How the panel merges LLM streams: detect, a forced format, or not at all. */
export type LlmFormatChoice = 'auto' | 'off' | LlmFormat;

/** The Message view's content: the merged answer so far, and where each piece of it came from. */
export interface LlmMessageView {
  merged: MergedRecord;
  textPieces: TextPieces;
  reasoningPieces: TextPieces;
  /** Gap counts per bucket; `gapBuckets` are the upper bounds in ms (the last bucket is open). */
  gapHistogram: number[];
  gapBuckets: number[];
  /** The stream is still open (no terminal event, not ended): the answer may grow. */
  streaming: boolean;
  choice: LlmFormatChoice;
  /**
   * Set when the view carries only what is new since the last one the host posted (a long answer
   * is not sent whole many times a second): `merged.text` and `merged.reasoning` then hold the
   * text from these offsets on, and the pieces lists only the pieces after these counts.
   */
  delta?: LlmViewDelta;
}

/** What the webview already has of an answer (see LlmMessageView.delta). */
export interface LlmViewDelta {
  text: number;
  textPieces: number;
  reasoning: number;
  reasoningPieces: number;
}

/**
 * One row as it crosses to the webview: its place in the host's log and the record, with data
 * cut to what a row preview needs (`clipped`); the detail pane asks for the whole record.
 */
export interface WireRow {
  /** Position in the host's log: 0, 1, 2, … since the panel opened or was last cleared. */
  pos: number;
  record: StreamRecord;
  /** The record's data (or comment text) was cut for the wire: fetch it whole with `detail`. */
  clipped?: true;
}

/**
 * What the view holds, sent at most once per frame and only once the webview acknowledged the
 * previous frame, which it does once that frame is painted (backpressure: the host coalesces into
 * the next frame instead of queueing, and frames come no faster than the webview paints them).
 * The filtered view is a list of log positions on the host; the webview names its rows by
 * ordinal: `viewBase` is the ordinal of the view's first row (it grows as the log trims).
 */
/** At most this many types get a toggle; search finds events of the others. */
export const MAX_TYPE_CHIPS = 100;

export interface ViewFrame {
  type: 'frame';
  /** Increases by one per frame; the webview echoes it in `ack`. */
  frame: number;
  stats: ConnectionStats;
  /** Records the host's log keeps now. */
  kept: number;
  /** Log position the next record will get (records ever logged since the last clear). */
  endPos: number;
  /**
   * Event types of the kept events with how many have each (first-seen order), at most
   * `MAX_TYPE_CHIPS` of them; the hidden ones always among them.
   */
  types: Array<[string, number]>;
  /** Types beyond those: how many (a stream can name a new type in every event). */
  moreTypes?: number;
  /** Counts `filterChanged` messages since `ready`: rows of an older filter are stale. */
  filterVersion: number;
  viewBase: number;
  viewLength: number;
  /** While a search scans the log in slices: how far it is (0..1). */
  searching?: number;
  /**
   * The newest rows of the view while the webview follows the tail: ordinals `tailFrom` on.
   * When the stream outran the budget, `skipped` rows before `tailFrom` were not sent (a gap the
   * webview fetches only if the user scrolls there).
   */
  tail?: { from: number; rows: WireRow[]; skipped: number };
  /**
   * The Message view's update, when one is due: it rides on frames so that the frames' ack
   * paces it too (while the webview is busy, updates coalesce on the host instead of queueing).
   */
  llm?: LlmUpdate;
}

/** A Message view update: the view (null: no LLM stream, or merging off) and the format choice. */
export interface LlmUpdate {
  view: LlmMessageView | null;
  choice: LlmFormatChoice;
}

/** Messages the host sends to the webview. */
export type HostToWebview =
  | {
      type: 'init';
      session: SessionInfo;
      stats: ConnectionStats;
      /** The largest number of records the host's log keeps (setting `sseInspector.maxEvents`). */
      maxEvents: number;
      /** The filter to start with (from the serializer), when the webview has none of its own. */
      filter?: ViewFilter;
    }
  | ViewFrame
  /** The answer to `fetch`: rows `from`… of the view as of `filterVersion` (possibly fewer than asked). */
  | { type: 'rows'; filterVersion: number; viewBase: number; from: number; rows: WireRow[] }
  /** The answer to `detail`: one record whole (undefined once the log let it go). */
  | { type: 'detail'; pos: number; record: StreamRecord | undefined }
  | { type: 'stats'; stats: ConnectionStats }
  | { type: 'session'; session: SessionInfo }
  | { type: 'cleared' }
  /** The stream linter's findings so far (the whole list: it is short). */
  | { type: 'diagnostics'; diagnostics: DiagnosticRecord[] }
  /**
   * Raw chunks for the Wire view, only while it is open: `reset` replaces what the view holds
   * (on open and after a clear), else the chunks follow those sent before. `lastSeq`: the newest
   * record's seq when sent (the records the last chunk completed end there).
   */
  | { type: 'wire'; chunks: ChunkRecord[]; reset: boolean; dropped: number; maxBytes: number; lastSeq: number }
  /** The Message view (LLM streams); null when the stream is not one, or merging is off. */
  | { type: 'llm'; view: LlmMessageView | null; choice: LlmFormatChoice };

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
  | { type: 'wireView'; open: boolean }
  /** A link in the merged Markdown was clicked: the host opens http(s) URLs only, after asking. */
  | { type: 'openLink'; url: string }
  /** The user picked how this panel merges LLM streams. */
  | { type: 'llmFormat'; choice: LlmFormatChoice }
  /** Frame `frame` is on screen (painted, or held while paused): the host may send the next one. */
  | { type: 'ack'; frame: number }
  /**
   * Where the reader is: rows `from`…`to` (ordinals) are on screen, and whether the view follows
   * the newest rows (only then does the host send the tail each frame).
   */
  | { type: 'viewport'; from: number; to: number; following: boolean }
  /** Rows `from`…`to` (ordinals, `to` exclusive) of the view, for the filter `filterVersion`. */
  | { type: 'fetch'; from: number; to: number; filterVersion: number }
  /** One record whole, for the detail pane. */
  | { type: 'detail'; pos: number }
  /** The record numbered `seq`, whose row the webview does not hold: answered with `detail`. */
  | { type: 'detailOfSeq'; seq: number };

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
