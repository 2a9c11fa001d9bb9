/**
 * The selected row and what the detail pane shows for it. A row on hand may have been clipped
 * for the wire (long data): then the whole record is asked of the host once, and shown when it
 * comes. Pure: no DOM, tested in Node.
 */
import type { WebviewToHost, WireRow } from '../shared/protocol';
import type { StreamRecord } from '../shared/records';

export class DetailSelection {
  /** Log position of the selected row. */
  selected: number | undefined;
  /** Whether the detail pane is open. */
  open = false;
  /** The whole record of the selection, once asked of the host (undefined record: not yet, or gone). */
  private whole: { pos: number; record: StreamRecord | undefined } | undefined;
  /** A record asked of the host by seq because its row is not held here (see seek). */
  private sought: number | undefined;

  constructor(private readonly ask: (message: Extract<WebviewToHost, { type: 'detail' | 'detailOfSeq' }>) => void) {}

  reset(): void {
    this.selected = undefined;
    this.whole = undefined;
    this.sought = undefined;
    this.open = false;
  }

  /** Selects a record whose row is not held (a link from the Message or Wire view): the host finds it. */
  seek(seq: number): void {
    this.sought = seq;
    this.ask({ type: 'detailOfSeq', seq });
  }

  /**
   * The host's answer to `detail` (or to `seek`, which selects it and opens the pane); true when
   * it is the selection's: show it.
   */
  received(pos: number, record: StreamRecord | undefined): boolean {
    if (this.sought !== undefined && record?.seq === this.sought) {
      this.sought = undefined;
      this.selected = pos;
      this.open = true;
    }
    if (pos !== this.selected) return false;
    this.whole = { pos, record };
    return true;
  }

  /**
   * The record to show for the selection while the pane is open: the row on hand when it is
   * whole, else the host's copy; undefined while that is asked for (asked once per selection).
   */
  recordToShow(row: WireRow | undefined): StreamRecord | undefined {
    const pos = this.selected;
    if (pos === undefined || !this.open) return undefined;
    if (row && !row.clipped) return row.record;
    if (this.whole?.pos === pos) return this.whole.record;
    this.whole = { pos, record: undefined };
    this.ask({ type: 'detail', pos });
    return undefined;
  }
}

/** What the table says when it has no rows to show. */
export function emptyTableText(kept: number, paused: boolean, searching: number | undefined, keptText: string): string {
  if (kept === 0) return paused ? 'Paused.' : 'Waiting for events…';
  return searching !== undefined ? 'Searching…' : `No rows match the filter (${keptText} records kept).`;
}
