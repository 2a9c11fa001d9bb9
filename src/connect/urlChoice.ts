/**
 * What Enter in Connect…'s URL prompt connects to. Pure, so the rule is tested in plain Node.
 *
 * The prompt's items are refreshed by an `onDidChangeValue` round trip to the extension host; a
 * pasted URL followed at once by Enter beats that round trip (on a remote host it is long), and
 * the highlighted item is then still the first suggestion from before the paste. So the text in
 * the input decides first: when it is a URL, it wins. A suggestion wins only when the input is
 * empty or holds a filter that is not a URL ("loc" to find http://localhost:3000/events).
 */
import { checkStreamUrl } from '../core/sseUrl';

/** The item highlighted when Enter was pressed, as far as the choice needs it. */
export interface HighlightedItem {
  /** The URL this item connects to (a suggestion, or "Connect to <typed>"). */
  url?: string;
  /** The "Request with method, headers or body…" entry. */
  advanced?: boolean;
}

export type UrlChoice =
  | { kind: 'connect'; url: string; advanced: boolean }
  /** Nothing to connect to: keep the prompt open and say why. */
  | { kind: 'invalid'; message: string };

/**
 * True when the text is meant as a URL rather than as a filter over the suggestions: it names a
 * scheme, a port or a path, or a dotted host. A lone word ("localhost", "loc") is a filter.
 */
export function looksLikeUrl(text: string): boolean {
  const typed = text.trim();
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(typed) || /[/:]/.test(typed) || /^[^\s]+\.[^\s.]+$/.test(typed);
}

export function chooseUrl(typed: string, highlighted: HighlightedItem | undefined): UrlChoice {
  const check = checkStreamUrl(typed);
  if (highlighted?.advanced) return { kind: 'connect', url: check.ok ? check.url : '', advanced: true };
  if (looksLikeUrl(typed)) {
    // Meant as a URL: it wins, or it is explained; a stale suggestion never stands in for it.
    return check.ok ? { kind: 'connect', url: check.url, advanced: false } : { kind: 'invalid', message: check.message };
  }
  if (highlighted?.url) return { kind: 'connect', url: highlighted.url, advanced: false };
  if (check.ok) return { kind: 'connect', url: check.url, advanced: false };
  return { kind: 'invalid', message: check.message };
}
