/**
 * The one handle on the webview host API. Typed against the shared protocol so nothing but a
 * `WebviewToHost` message can be posted.
 */
import type { WebviewToHost } from '../shared/protocol';

/** What `acquireVsCodeApi()` returns, narrowed to the messages this panel sends. */
export interface HostApi {
  postMessage(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): HostApi;

/** May be called once per page load (VS Code throws on a second call), so main.ts does it. */
export function acquireHostApi(): HostApi {
  return acquireVsCodeApi();
}
