/**
 * One row of the virtual table as DOM: a hidden row element with its cells, in column order,
 * which the table recycles and its source fills (rows.ts) with text only.
 */
import { h } from './dom';

/** The cells of one row, filled by the table's source. */
export interface RowCells {
  row: HTMLElement;
  time: HTMLElement;
  delta: HTMLElement;
  badge: HTMLElement;
  id: HTMLElement;
  size: HTMLElement;
  data: HTMLElement;
}

/** A new, hidden row: time, Δ, type (a badge), id, size, data. */
export function createRowCells(): RowCells {
  const row = h('div', 'sse-row');
  row.setAttribute('role', 'row');
  row.hidden = true;
  const cells: RowCells = {
    row,
    time: h('span', 'sse-cell sse-col-time'),
    delta: h('span', 'sse-cell sse-col-delta'),
    badge: h('span', 'sse-badge'),
    id: h('span', 'sse-cell sse-col-id'),
    size: h('span', 'sse-cell sse-col-size'),
    data: h('span', 'sse-cell sse-col-data'),
  };
  const typeCell = h('span', 'sse-cell sse-col-type');
  typeCell.append(cells.badge);
  row.append(cells.time, cells.delta, typeCell, cells.id, cells.size, cells.data);
  return cells;
}
