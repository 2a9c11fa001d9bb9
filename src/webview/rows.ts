/**
 * Connects the store's filtered view to the table: which record each row shows and how its
 * cells read. Everything is set with `textContent` (the highlighter uses text nodes).
 */
import { describeRecord } from '../shared/describe';
import { setHighlighted } from './dom';
import type { CompiledSearch } from '../shared/filter';
import { firstLine, formatBytes, formatClock, formatDuration, formatRelative } from '../shared/format';
import type { TimeMode } from '../shared/savedState';
import type { RecordStore } from './store';
import type { RowCells, TableSource } from './table';

/** Characters kept before a search match that had to be scrolled into the preview. */
const LEAD_IN = 16;

export class ViewRows implements TableSource {
  /** What search highlights in the preview. */
  search: CompiledSearch | undefined;
  timeMode: TimeMode = 'clock';
  /** Epoch ms relative times count from: the first connection attempt, else the first record. */
  startedAt: number | undefined;

  constructor(private readonly store: RecordStore) {}

  get length(): number {
    return this.store.view.length;
  }

  posAt(index: number): number {
    return this.store.view.get(index) ?? -1;
  }

  indexOf(pos: number): number {
    return this.store.view.indexOf(pos);
  }

  /** The reference for relative times. */
  origin(): number | undefined {
    return this.startedAt ?? this.store.at(this.store.firstPos)?.time;
  }

  fill(cells: RowCells, index: number): void {
    const pos = this.posAt(index);
    const rec = this.store.at(pos);
    if (!rec) return;
    const row = describeRecord(rec);
    const origin = this.origin();
    const clock = formatClock(rec.time);
    const relative = origin === undefined ? undefined : formatRelative(rec.time - origin);
    const showRelative = this.timeMode === 'relative' && relative !== undefined;
    cells.time.textContent = showRelative ? relative : clock;
    // The other reading on hover, so both are one glance away whatever the column shows.
    cells.time.title = showRelative ? clock : relative === undefined ? '' : `${relative} s since connect`;
    const previous = index > 0 ? this.store.at(this.posAt(index - 1)) : undefined;
    cells.delta.textContent = previous ? formatDuration(rec.time - previous.time) : '';
    cells.badge.textContent = row.badge;
    cells.badge.className = `sse-badge badge-${row.tone}`;
    cells.badge.title = row.badge;
    cells.id.textContent = row.id;
    cells.id.title = row.id;
    cells.size.textContent = row.size === undefined ? '' : formatBytes(row.size);
    const preview = firstLine(row.text);
    let text = preview.text;
    let ranges = this.search?.active ? this.search.ranges(text) : [];
    // A match far into the line would be ellipsed away: start the preview a little before it.
    const start = ranges.length > 0 ? ranges[0][0] : 0;
    if (start > LEAD_IN * 2) {
      const cut = start - LEAD_IN;
      text = `…${text.slice(cut)}`;
      ranges = ranges.map(([s, e]) => [s - cut + 1, e - cut + 1] as const);
    }
    setHighlighted(cells.data, text, ranges);
    if (preview.more) cells.data.append(document.createTextNode(' …'));
    cells.row.className = `sse-row kind-${rec.kind}${rec.kind === 'event' ? '' : ' sse-row-meta'}`;
    cells.row.dataset.seq = String(rec.seq);
  }
}
