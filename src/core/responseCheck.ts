/**
 * What a client does with a response, decided from its status line and Content-Type alone
 * (WHATWG HTML, "Processing model" of EventSource). Pure: no I/O, so every branch is tested
 * without a server.
 */
import { ConnectionError, contentTypeError, isEventStreamType, statusError } from './connectionError';

/** The verdict on one response. */
export type ResponseVerdict =
  /** 200 with text/event-stream: read the stream. */
  | { kind: 'accept' }
  /** 204 No Content: the server asks clients not to reconnect; the session closes cleanly. */
  | { kind: 'no-content' }
  /** Any other status, or the wrong type: the connection fails and, by the spec, is not retried. */
  | { kind: 'fail-no-reconnect'; error: ConnectionError };

export function classifyResponse(status: number, statusText: string, contentType: string | null): ResponseVerdict {
  if (status === 204) return { kind: 'no-content' };
  if (status !== 200) return { kind: 'fail-no-reconnect', error: statusError(status, statusText) };
  if (!isEventStreamType(contentType)) return { kind: 'fail-no-reconnect', error: contentTypeError(contentType) };
  return { kind: 'accept' };
}
