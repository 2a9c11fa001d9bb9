/**
 * What a key does in the event table, as pure arithmetic over row indices (tested in Node).
 */

/** What the table does about a key. */
export type KeyIntent =
  | { kind: 'move'; index: number; toEnd: boolean }
  | { kind: 'open' }
  | { kind: 'dismiss' }
  | { kind: 'none' };

export interface KeyContext {
  /** Rows in the view. */
  n: number;
  /**
   * Index of the selected row: >= 0 when shown, -1 when nothing is selected (or it is not known
   * here), `-(i) - 1` when the filter hides it and it would sit before row i.
   */
  current: number;
  /** First row fully in view. */
  firstVisible: number;
  /** Rows per page. */
  page: number;
}

/** The intent of `key`; `none` for keys the table leaves alone. */
export function keyIntent(key: string, c: KeyContext): KeyIntent {
  // A selected row that the filter now hides: start from where it would be.
  const from = c.current >= 0 ? c.current : c.current === -1 ? -1 : -c.current - 1;
  let target: number;
  switch (key) {
    case 'ArrowDown':
      target = from < 0 ? c.firstVisible : from + (c.current >= 0 ? 1 : 0);
      break;
    case 'ArrowUp':
      target = from < 0 ? c.firstVisible : from - 1;
      break;
    case 'PageDown':
      target = Math.max(from, 0) + c.page;
      break;
    case 'PageUp':
      target = Math.max(from, 0) - c.page;
      break;
    case 'Home':
      target = 0;
      break;
    case 'End':
      target = c.n - 1;
      break;
    case 'Enter':
      return { kind: 'open' };
    case 'Escape':
      return { kind: 'dismiss' };
    default:
      return { kind: 'none' };
  }
  if (c.n === 0) return { kind: 'move', index: -1, toEnd: false };
  const index = Math.max(0, Math.min(c.n - 1, target));
  return { kind: 'move', index, toEnd: key === 'End' && index === c.n - 1 };
}
