/**
 * What the webview keeps with `vscode.setState` so a hidden and re-shown (or reloaded) panel
 * comes back as the user left it. Pure: the reader validates whatever `getState()` returns,
 * since an older build may have stored another shape.
 */
import type { SessionInfo, ViewFilter } from './protocol';

/** How the time column reads: wall clock or seconds since the connection started. */
export type TimeMode = 'clock' | 'relative';

/** The persisted view state. */
export interface SavedState {
  filter: ViewFilter;
  autoScroll: boolean;
  timeMode: TimeMode;
  /** Width of the detail pane in CSS pixels, once the user dragged the splitter. */
  detailWidth?: number;
  /**
   * What the panel was showing. The host's panel serializer reads it after a window reload to
   * bring the panel back (closed, with "Connect again"): the webview state is all it gets.
   */
  session?: SessionInfo;
}

/** A session description from untrusted storage: only the fields the host needs, checked. */
export function readSession(value: unknown): SessionInfo | undefined {
  if (!isRecord(value)) return undefined;
  const { id, title, url, mode, method, requestHeaders, sourcePath, profileName } = value;
  if (typeof id !== 'string' || typeof title !== 'string' || typeof url !== 'string' || typeof method !== 'string') return undefined;
  if (mode !== 'live' && mode !== 'recording') return undefined;
  const headers: Record<string, string> = {};
  if (isRecord(requestHeaders)) {
    for (const [name, v] of Object.entries(requestHeaders)) if (typeof v === 'string') headers[name] = v;
  }
  const session: SessionInfo = { id, title, url, mode, method, requestHeaders: headers };
  if (typeof sourcePath === 'string') session.sourcePath = sourcePath;
  if (typeof profileName === 'string') session.profileName = profileName;
  return session;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Validates a filter from untrusted storage; undefined when anything is off. */
export function readFilter(value: unknown): ViewFilter | undefined {
  if (!isRecord(value)) return undefined;
  const { hiddenTypes, search, regex, caseSensitive, showComments } = value;
  if (!Array.isArray(hiddenTypes) || !hiddenTypes.every((t): t is string => typeof t === 'string')) return undefined;
  if (typeof search !== 'string' || typeof regex !== 'boolean' || typeof caseSensitive !== 'boolean') return undefined;
  if (typeof showComments !== 'boolean') return undefined;
  return { hiddenTypes: [...hiddenTypes], search, regex, caseSensitive, showComments };
}

/** Reads state stored by {@link SavedState}; undefined when there is none or it does not fit. */
export function readSavedState(value: unknown): SavedState | undefined {
  if (!isRecord(value)) return undefined;
  const filter = readFilter(value.filter);
  if (filter === undefined) return undefined;
  const state: SavedState = {
    filter,
    autoScroll: typeof value.autoScroll === 'boolean' ? value.autoScroll : true,
    timeMode: value.timeMode === 'relative' ? 'relative' : 'clock',
  };
  if (typeof value.detailWidth === 'number' && Number.isFinite(value.detailWidth)) state.detailWidth = value.detailWidth;
  const session = readSession(value.session);
  if (session) state.session = session;
  return state;
}
