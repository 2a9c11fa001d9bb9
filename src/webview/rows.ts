/**
 * Connects the window on the host's view to the table: which record each row shows and how
 * its cells read. A row not loaded yet reads "…" until the host sends it. Everything is set as
 * text (dom.ts setText, the highlighter's text nodes), and only where it changed.
 */
import { describeRecord } from '../shared/describe';
import { setClassName, setHighlighted, setText, setTitle } from './dom';
import type { CompiledSearch } from '../shared/filter';
import { firstLine, formatBytes, formatClock, formatDuration, formatRelative } from '../shared/format';
import type { TimeMode } from '../shared/savedState';
import type { RowCache } from './store';
import type { RowCells, TableSource } from './table';

/** Characters kept before a search match that had to be scrolled into the preview. */
const LEAD_IN = 16;

export class ViewRows implements TableSource {
  /** What search highlights in the preview. */
  search: CompiledSearch | undefined;
  timeMode: TimeMode = 'clock';
  /** Epoch ms relative times count from: the first connection attempt, else the first record. */
  startedAt: number | undefined;

  /** Rows shown (frozen while paused): at most the view's length. */
  length = 0;
  /** Characters the data column shows (the table measures it), 0 while unknown. */
  dataColumnChars = 0;
  /** Time of the first record the view showed, for relative times when the start is unknown. */
  private firstTime: number | undefined;

  constructor(private readonly cache: RowCache) {}

  posAt(index: number): number {
    return this.cache.at(index)?.pos ?? -1;
  }

  indexOf(pos: number): number {
    return this.cache.indexOfPos(pos);
  }

  /** The reference for relative times. */
  origin(): number | undefined {
    return this.startedAt ?? this.firstTime;
  }

  /** Forgets the first record's time (cleared). */
  resetOrigin(): void {
    this.firstTime = undefined;
  }

  fill(cells: RowCells, index: number): void {
    const rec = this.cache.at(index)?.record;
    if (!rec) {
      setText(cells.time, '');
      setTitle(cells.time, '');
      setText(cells.delta, '');
      setText(cells.badge, '…');
      setClassName(cells.badge, 'sse-badge');
      setTitle(cells.badge, '');
      setText(cells.id, '');
      setText(cells.size, '');
      setText(cells.data, 'loading…');
      setClassName(cells.row, 'sse-row sse-row-loading');
      delete cells.row.dataset.seq;
      return;
    }
    this.firstTime ??= rec.time;
    const row = describeRecord(rec);
    const origin = this.origin();
    const clock = formatClock(rec.time);
    const relative = origin === undefined ? undefined : formatRelative(rec.time - origin);
    const showRelative = this.timeMode === 'relative' && relative !== undefined;
    setText(cells.time, showRelative ? relative : clock);
    // The other reading on hover, so both are one glance away whatever the column shows.
    setTitle(cells.time, showRelative ? clock : relative === undefined ? '' : `${relative} s since connect`);
    const previous = index > 0 ? this.cache.at(index - 1)?.record : undefined;
    setText(cells.delta, previous ? formatDuration(rec.time - previous.time) : '');
    setText(cells.badge, row.badge);
    setClassName(cells.badge, `sse-badge badge-${row.tone}`);
    setTitle(cells.badge, row.badge);
    setText(cells.id, row.id);
    setTitle(cells.id, row.id);
    setText(cells.size, row.size === undefined ? '' : formatBytes(row.size));
    const preview = firstLine(row.text);
    let text = preview.text;
    let ranges = this.search?.active ? this.search.ranges(text) : [];
    const cut = ranges.length > 0 ? this.previewCut(ranges[0][0], ranges[0][1]) : 0;
    if (cut > 0) {
      text = `…${text.slice(cut)}`;
      ranges = ranges.map(([s, e]) => [s - cut + 1, e - cut + 1] as const);
    }
    // Without highlights, one text node (updated in place) holds the preview and its " …".
    if (ranges.length === 0) setText(cells.data, preview.more ? `${text} …` : text);
    else {
      setHighlighted(cells.data, text, ranges);
      if (preview.more) cells.data.append(document.createTextNode(' …'));
    }
    setClassName(cells.row, `sse-row kind-${rec.kind}${rec.kind === 'event' ? '' : ' sse-row-meta'}`);
    cells.row.dataset.seq = String(rec.seq);
  }

  /**
   * Where a preview whose first match spans [start, end) begins, so that the match is seen: 0 to
   * keep the line's start, else the text from a little before the match (after an ellipsis). A
   * match far into the line is brought forward; so is one past what a narrow data column shows
   * (the detail pane open), with less lead-in when the column cannot hold LEAD_IN and the match.
   */
  private previewCut(start: number, end: number): number {
    const columnChars = this.dataColumnChars;
    // The column ends in the cell's own ellipsis when the text overflows it: one character less.
    const hidden = columnChars > 0 && end > columnChars - 1;
    if (start <= LEAD_IN * 2 && !hidden) return 0;
    const lead = columnChars > 0 ? Math.max(0, Math.min(LEAD_IN, columnChars - 2 - (end - start))) : LEAD_IN;
    // Cutting must gain something: the leading ellipsis takes a character.
    return start - lead > 1 ? start - lead : 0;
  }
}
