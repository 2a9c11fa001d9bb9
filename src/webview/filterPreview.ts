/**
 * The webview's own first answer to a filter change, painted while the host's is on its way.
 *
 * The host holds the log and answers every filter change (liveView.ts), a round trip and a scan
 * away. The webview can know the new view's newest rows itself, exactly, in two cases:
 * - the new filter narrows the one its rows answer (a type hidden, a search typed on:
 *   `narrowsFilter`, the rule the host's index narrows by): the new view's newest rows are the held
 *   newest rows that pass the new filter, since nothing the new filter shows lies between them;
 * - the new filter is one it showed lately and the log has not changed since (a paused or ended
 *   stream, a recording): a type shown again, a character deleted. Those rows are remembered.
 * If the rows known fill the screen (or are the whole view), the webview shows them at once; the
 * host's answer then replaces them with the same rows, numbered in the whole view, and the view's
 * length. Otherwise (a widening change on a live stream, a rare match) it waits for the host.
 */
import { filterKey, narrowsFilter, type CompiledFilter } from '../shared/filter';
import type { ViewFilter, WireRow } from '../shared/protocol';

/** The newest rows of a view the webview holds or held. */
export interface HeldTail {
  /** Rows that run without a hole up to the view's newest row, oldest first. */
  rows: readonly WireRow[];
  /** They are the whole view: every row the filter shows is among them. */
  whole: boolean;
}

/** The rows a narrowing filter shows among `held` (which answer `heldFilter`), or undefined. */
export function narrowedTail(heldFilter: ViewFilter, held: HeldTail, next: CompiledFilter): HeldTail | undefined {
  if (held.rows.length === 0 || !narrowsFilter(next.filter, heldFilter)) return undefined;
  const searching = next.search.active;
  const rows: WireRow[] = [];
  for (const row of held.rows) {
    // A row cut for the wire may match in the part only the host holds.
    if (searching && row.clipped) return undefined;
    if (next.matches(row.record)) rows.push(row);
  }
  return { rows, whole: held.whole };
}

/** Whether a tail can stand for the view on a screen of `screenRows` rows that follows the newest. */
export function fillsScreen(tail: HeldTail, screenRows: number): boolean {
  return tail.whole || tail.rows.length >= screenRows;
}

/** Views remembered at most, and rows kept of each (a few screens). */
const SEEN_VIEWS = 8;
export const SEEN_ROWS = 400;

/** The log as a frame described it: a remembered view stands only while it is the same. */
export interface LogMark {
  endPos: number;
  kept: number;
}

/** The newest rows of the last few views shown, each with the log it answered (bounded). */
export class SeenViews {
  private readonly views = new Map<string, HeldTail & LogMark>();

  remember(filter: ViewFilter, tail: HeldTail, log: LogMark): void {
    const key = filterKey(filter);
    this.views.delete(key);
    this.views.set(key, { rows: tail.rows.slice(-SEEN_ROWS), whole: tail.whole && tail.rows.length <= SEEN_ROWS, ...log });
    if (this.views.size > SEEN_VIEWS) this.views.delete(this.views.keys().next().value as string);
  }

  /** The remembered tail of `filter`'s view, if the log is still the one it answered. */
  recall(filter: ViewFilter, log: LogMark): HeldTail | undefined {
    const seen = this.views.get(filterKey(filter));
    return seen && seen.endPos === log.endPos && seen.kept === log.kept ? seen : undefined;
  }

  clear(): void {
    this.views.clear();
  }
}
