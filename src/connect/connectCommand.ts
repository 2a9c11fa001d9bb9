/**
 * Connect…: from the palette (asks for a URL), from a CodeLens or a test (URL given), and from a
 * profile (everything given). Validates before opening anything, then opens a panel at once.
 */
import * as vscode from 'vscode';
import { checkStreamUrl } from '../core/sseUrl';
import type { InspectorPanel } from '../panel/inspectorPanel';
import type { ConnectionOptions } from '../panel/inspectorSession';
import type { PanelManager } from '../panel/panelManager';
import { readSettings } from '../settings';
import { pickStreamUrl } from './pickUrl';
import { proxyFor } from './proxySetting';
import type { RecentUrls } from './recentUrls';
import type { LlmFormatChoice } from '../shared/protocol';

/** What callers (CodeLens, tests, profiles) may pass instead of being asked. */
export type ConnectArgument =
  | string
  | (Partial<ConnectionOptions> & { url: string; profileName?: string; secretHeaders?: string[]; llmFormat?: LlmFormatChoice })
  /** A URL the user should check first (a route with parameters): asks, pre-filled. */
  | { review: string };

export interface ConnectDeps {
  panels: PanelManager;
  recent: RecentUrls;
  /** Asks for method, headers and body of a one-off request; undefined when cancelled. */
  askRequestDetails?: (url: string) => Promise<Partial<ConnectionOptions> | undefined>;
}

export async function connectCommand(deps: ConnectDeps, argument?: ConnectArgument): Promise<InspectorPanel | undefined> {
  const settings = readSettings();
  let given: Exclude<ConnectArgument, string | { review: string }>;
  if (argument === undefined || (typeof argument === 'object' && 'review' in argument)) {
    const picked = await pickStreamUrl(deps.recent.list(), settings.demoUrl, argument?.review);
    if (!picked) return undefined;
    given = { url: picked.url };
    if (picked.advanced) {
      const details = await deps.askRequestDetails?.(picked.url);
      if (!details) return undefined;
      given = { ...details, url: details.url ?? picked.url };
    }
  } else {
    given = typeof argument === 'string' ? { url: argument } : argument;
  }

  const check = checkStreamUrl(given.url ?? '');
  if (!check.ok) {
    void vscode.window.showErrorMessage(`SSE Inspector: ${check.message}`);
    return undefined;
  }
  await deps.recent.remember(check.url, settings.recentUrlCount);
  const { profileName, llmFormat, ...connection } = given;
  return deps.panels.openLive(
    {
      retryMs: settings.defaultRetryMs,
      maxEventBytes: settings.maxEventBytes,
      proxy: proxyFor(check.url),
      ...connection,
      url: check.url,
    },
    { ...(profileName ? { profileName } : {}), ...(llmFormat ? { llmFormat } : {}) },
  );
}
