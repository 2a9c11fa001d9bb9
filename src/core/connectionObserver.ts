/**
 * What a connection lets an observer see besides its records: the raw chunks of the response
 * body, the parser's complaints, and how each stream ended. The diagnostics engine and the wire
 * capture (src/core/diagnostics/) are observers. Observers only watch: nothing they do changes
 * what is dispatched, and a client without one pays nothing.
 */

/** A line the parser ignored (eventsource-parser's `onError`). */
export interface ParseProblem {
  /** `unknown-field` or `invalid-retry` (eventsource-parser's ParseError types). */
  type: string;
  /** The field name, for an unknown field. */
  field?: string;
  /** The whole line, without its terminator. */
  line?: string;
}

/** How a response body ended. */
export interface StreamEnd {
  /** Epoch ms. */
  time: number;
  /** The stream ended inside a block that had `data` lines: the spec drops that event. */
  pendingData: boolean;
  /** True when the body ended normally, false when it broke (network error, timeout). */
  clean: boolean;
}

/** All methods are called synchronously, in stream order; they must not throw. */
export interface ConnectionObserver {
  /**
   * A chunk of the response body, before the records it completes are emitted. The caller never
   * changes `bytes` afterwards (the client's chunks each have an ArrayBuffer of their own), so an
   * observer may keep it without copying.
   */
  onChunk?(bytes: Uint8Array, time: number): void;
  onParseError?(problem: ParseProblem): void;
  onStreamEnd?(end: StreamEnd): void;
}
