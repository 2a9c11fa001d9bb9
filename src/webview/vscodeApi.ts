/**
 * The one handle on the webview host API. Typed against the shared protocol so nothing but a
 * `WebviewToHost` message can be posted.
 */
import type { WebviewToHost } from '../shared/protocol';
import type { SavedState } from '../shared/savedState';

/** What `acquireVsCodeApi()` returns, narrowed to the messages this panel sends. */
export interface HostApi {
  postMessage(message: WebviewToHost): void;
  /** Whatever an earlier load (maybe an older build) stored: read it with readSavedState. */
  getState(): unknown;
  /** The host's panel serializer reads the same shape back, with the same reader. */
  setState(state: SavedState): void;
}

declare function acquireVsCodeApi(): HostApi;

/** May be called once per page load (VS Code throws on a second call), so main.ts does it. */
export function acquireHostApi(): HostApi {
  return acquireVsCodeApi();
}
