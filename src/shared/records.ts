/**
 * The records a connection produces, in the order it produces them. This is also the NDJSON
 * recording format: one record per line, exactly these fields (see README, "Recording format").
 * Pure types: imported by the core, the CLI, the extension host and the webview alike.
 */

/** Fields every record has. */
export interface RecordBase {
  /** 1-based, increasing by one per record of one connection session (across reconnects). */
  seq: number;
  /** Receive time, milliseconds since the Unix epoch. */
  time: number;
  /**
   * Capture only: the number of the proxied request (1, 2, … in order) the record belongs to.
   * A capture file interleaves the records of many streams; this tells them apart.
   */
  stream?: number;
}

/** A dispatched SSE event (a block with at least one `data` line). */
export interface EventRecord extends RecordBase {
  kind: 'event';
  /** The event type: the block's `event` field, or `message` when it had none. */
  type: string;
  /** The data lines joined with `\n` (cut to the size limit when `truncated`). */
  data: string;
  /** The last event ID after this block, as EventSource exposes it (persists across events). */
  lastEventId: string;
  /** The block's own `id` field, present only when the block had one. */
  id?: string;
  /** Size of `data` in UTF-8 bytes as received (before any truncation). */
  size: number;
  /** Present and true when `data` was cut at the size limit; `size` is then the real size. */
  truncated?: boolean;
}

/** A comment line (`: heartbeat`), text without the leading colon (and one space, if present). */
export interface CommentRecord extends RecordBase {
  kind: 'comment';
  text: string;
}

/** A valid `retry` field: the reconnection delay the server asked for. */
export interface RetryRecord extends RecordBase {
  kind: 'retry';
  retry: number;
}

/** A request is about to be sent (first connect and every reconnect). */
export interface ConnectingRecord extends RecordBase {
  kind: 'connecting';
  url: string;
  method: string;
  /** Request headers as sent, with secret values masked. */
  requestHeaders: Record<string, string>;
  /** 0 for the first connection, then 1, 2, … for each reconnect. */
  attempt: number;
  /** The Last-Event-ID header sent, when one was. */
  lastEventId?: string;
}

/** The response was accepted (200, text/event-stream): the stream is open. */
export interface OpenRecord extends RecordBase {
  kind: 'open';
  /** The final URL after redirects. */
  url: string;
  status: number;
  statusText: string;
  headers: Record<string, string>;
  redirected: boolean;
}

/** Something went wrong; says whether and when the client will try again. */
export interface ErrorRecord extends RecordBase {
  kind: 'error';
  /** One line a person can read: what happened. */
  message: string;
  /** What to check or do next, when there is something useful to say. */
  hint?: string;
  /** A stable code for programs: e.g. ECONNREFUSED, HTTP_STATUS, CONTENT_TYPE, NETWORK, ... */
  code: string;
  /** Present when there was an HTTP response. */
  status?: number;
  statusText?: string;
  headers?: Record<string, string>;
  /** The first bytes of the response body as text (bounded), when there was a response. */
  bodyPreview?: string;
  willReconnect: boolean;
  /** Delay before the next attempt, when `willReconnect`. */
  reconnectInMs?: number;
  /** Epoch ms of the next attempt, when `willReconnect`. */
  reconnectAt?: number;
}

/** Why a connection session ended for good. */
export type CloseReason = 'stopped' | 'failed' | 'no-content' | 'ended' | 'max-attempts' | 'max-events' | 'timeout';

/** The connection session is over: nothing more will be recorded. */
export interface ClosedRecord extends RecordBase {
  kind: 'closed';
  reason: CloseReason;
  message: string;
}

/**
 * Capture only: one proxied request whose response started (written once per request, before
 * any record of its body). `url` is the upstream URL; secret header values are masked.
 */
export interface CaptureRecord extends RecordBase {
  kind: 'capture';
  stream: number;
  method: string;
  url: string;
  status: number;
  /** The response's Content-Type, '' when it had none. */
  contentType: string;
  /** Request headers as sent upstream (Host and X-Forwarded-* included). */
  requestHeaders: Record<string, string>;
  /** Response headers as received from upstream. */
  headers: Record<string, string>;
}

export type LifecycleRecord = ConnectingRecord | OpenRecord | ErrorRecord | ClosedRecord;
export type StreamRecord = EventRecord | CommentRecord | RetryRecord | LifecycleRecord;
export type RecordKind = StreamRecord['kind'];

/**
 * What a capture file holds: capture records and, for each event stream, the usual records
 * (open, event, comment, retry, error, closed), each with its `stream` number.
 */
export type CaptureFileRecord = StreamRecord | CaptureRecord;

/**
 * The bytes of one chunk of a response body as they arrived (`record --raw`, the Wire view).
 * An annotation, not a stream record: it takes no `seq` of its own, so turning raw capture on or
 * off never renumbers the events. `seq` is the seq of the last record before this chunk (0 when
 * none): the records this chunk completed follow it with higher seqs.
 */
export interface ChunkRecord extends RecordBase {
  kind: 'chunk';
  /** Size of the chunk in bytes. */
  bytes: number;
  /**
   * The chunk's bytes as text, losslessly: valid UTF-8 as its characters (a BOM stays U+FEFF,
   * CR and LF stay themselves), and each byte that is not part of a valid UTF-8 sequence in this
   * chunk as the lone surrogate U+DC80 + byte (U+DC80..U+DCFF, "surrogate escape"; JSON writes it
   * as `\udcXX`). A character split between two chunks shows as escaped bytes at the end of one
   * and the start of the next. See src/core/diagnostics/wireText.ts.
   */
  text: string;
  /** Byte offset of the chunk in its response body (0 for the first chunk of each response). */
  offset: number;
}

/** How much a diagnostic matters. */
export type DiagnosticSeverity = 'error' | 'warning' | 'info';

/** The stable codes of the stream linter (README, "Diagnostics"). */
export type DiagnosticCode =
  | 'compressed-stream'
  | 'buffered-delivery'
  | 'charset-not-utf8'
  | 'invalid-utf8'
  | 'cr-line-endings'
  | 'bom'
  | 'unknown-field'
  | 'invalid-retry'
  | 'id-with-null'
  | 'unterminated-event'
  | 'content-length'
  | 'no-cache-missing'
  | 'no-events';

/**
 * A finding of the stream linter: once per code per connection session. An annotation like
 * ChunkRecord: `seq` is the seq of the record it is about (the `open` record for a header, the
 * first event of a burst), or for a fact about bytes the seq of the last record before them.
 */
export interface DiagnosticRecord extends RecordBase {
  kind: 'diagnostic';
  code: DiagnosticCode;
  severity: DiagnosticSeverity;
  /** What was seen, in one sentence. */
  message: string;
  /** What to do about it (in NestJS terms where that applies). */
  hint: string;
}

/** Records that describe the stream without being part of it; they never take a seq. */
export type AnnotationRecord = ChunkRecord | DiagnosticRecord;
export type AnnotationKind = AnnotationRecord['kind'];
/** Anything a recording line may hold. */
export type RecordingRecord = StreamRecord | AnnotationRecord;

/** The LLM stream formats the merger understands (see src/core/llm/). */
export type LlmFormat = 'openai-chat' | 'openai-responses' | 'anthropic' | 'gemini' | 'ai-sdk' | 'custom' | 'json-rpc';

/** One tool (function) call as the stream assembled it. */
export interface MergedToolCall {
  id?: string;
  name?: string;
  /** The arguments as sent (JSON text, possibly incomplete when the stream was cut). */
  arguments: string;
}

/** Token usage, normalised: reasoning tokens are counted inside `outputTokens` for every provider. */
export interface MergedUsage {
  inputTokens?: number;
  outputTokens?: number;
  /** Reasoning (thinking) tokens, when the provider reports them; already part of outputTokens. */
  reasoningTokens?: number;
}

/** How fast the stream came. Times in milliseconds. */
export interface MergedTiming {
  /** From the request to the first event that added text, reasoning or a tool call. */
  ttftMs?: number;
  /** From the request (or the first event, if the request is unknown) to the last event. */
  durationMs: number;
  /** Events received. */
  chunks: number;
  gapP50Ms?: number;
  gapP95Ms?: number;
  gapMaxMs?: number;
  /** Output tokens per second after the first token, when the stream reported usage. */
  tokensPerSec?: number;
  /** Characters (text + reasoning + tool arguments) per second after the first token. */
  charsPerSec?: number;
  chunksPerSec?: number;
}

/** One choice of a stream that carried several (`n > 1`). */
export interface MergedChoice {
  index: number;
  text: string;
  toolCalls?: MergedToolCall[];
  finishReason?: string;
}

/** One JSON-RPC message of a JSON-RPC stream (MCP Streamable HTTP), paired with its answer by id. */
export interface MergedRpcMessage {
  seq: number;
  kind: 'request' | 'result' | 'error' | 'notification';
  id?: string | number;
  method?: string;
  /** For a request: the seq of its result or error; for an answer: the seq of its request. */
  pairedSeq?: number;
}

/**
 * The merged answer of one LLM stream (one connection), appended by `record` when the stream ends
 * or its terminal event arrives. Fields the stream did not carry are left out.
 */
export interface MergedRecord extends RecordBase {
  kind: 'merged';
  format: LlmFormat;
  model?: string;
  text?: string;
  refusal?: string;
  reasoning?: string;
  toolCalls?: MergedToolCall[];
  /** The finish (stop) reason; the Responses API has a `status` instead. */
  finishReason?: string;
  status?: string;
  usage?: MergedUsage;
  /** A provider error event, shown as it came. */
  error?: { message: string; type?: string; code?: string };
  /** True when the stream ended with its terminal event (`[DONE]`, `message_stop`, ...). */
  complete: boolean;
  timing: MergedTiming;
  /** Present when the stream carried several choices. */
  choices?: MergedChoice[];
  /** Seqs of events that could not be read as this format (merging went on past them). */
  gaps?: number[];
  /** JSON-RPC streams: each message, paired by id. */
  rpc?: MergedRpcMessage[];
}
