/**
 * The names a session goes by, derived from its `SessionInfo` fields (never parsed back out of a
 * formatted title): the tab title, and the short label used for profile names and file names.
 */
import type { SessionInfo } from '../shared/protocol';

/** "host/path" tells two streams apart; a recording goes by its file name. */
export function sessionLabel(info: Pick<SessionInfo, 'url' | 'mode' | 'sourcePath'>): string {
  if (info.mode === 'recording' && info.sourcePath) return info.sourcePath.split(/[\\/]/).pop() ?? info.sourcePath;
  try {
    const parsed = new URL(info.url);
    return `${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  } catch {
    return info.url;
  }
}

/** The tab title: "SSE host/path" for a connection, "Recording: file.ndjson" for a recording. */
export function sessionTitle(info: Pick<SessionInfo, 'url' | 'mode' | 'sourcePath'>): string {
  return info.mode === 'recording' ? `Recording: ${sessionLabel(info)}` : `SSE ${sessionLabel(info)}`;
}
