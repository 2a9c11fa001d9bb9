/**
 * Where rows go in the virtual table: pure arithmetic over row counts and pixels, so it is
 * tested in Node. Rows have a fixed height; past MAX_SCROLL_PX the spacer stops growing and
 * scroll positions are scaled, so millions of rows still scroll end to end.
 */

/** Row height in CSS pixels; media/panel.css reads it back through `--sse-row-height`. */
export const ROW_HEIGHT = 22;
/** Rows rendered above and below the viewport so fast scrolling shows no gaps. */
export const OVERSCAN = 8;
/** Browsers cap element heights (Chromium around 33 million px); stay well below. */
export const MAX_SCROLL_PX = 8_000_000;

/** One frame's layout. */
export interface Layout {
  /** Virtual pixels (rows × height) per physical scroll pixel; 1 unless huge. */
  ratio: number;
  /** Height of the spacer. */
  physicalHeight: number;
  /** Physical scroll position to render at. */
  top: number;
  /** `top` in virtual pixels. */
  virtualTop: number;
  /** Row indices rendered: [first, last). */
  first: number;
  last: number;
  /** Row indices on screen: [firstVisible, lastVisible). */
  firstVisible: number;
  lastVisible: number;
  /** Rows below the viewport (the "newer" count of the jump button). */
  below: number;
}

/**
 * @param n rows in the view
 * @param viewport height of the scroll container
 * @param scrollTop its scroll position (ignored while following: the bottom is known)
 * @param poolSize how many row elements exist
 */
export function computeLayout(n: number, viewport: number, scrollTop: number, following: boolean, poolSize: number): Layout {
  const virtualHeight = n * ROW_HEIGHT;
  const physicalHeight = Math.min(virtualHeight, MAX_SCROLL_PX);
  const ratio = virtualHeight > physicalHeight && physicalHeight > viewport ? (virtualHeight - viewport) / (physicalHeight - viewport) : 1;
  const top = following ? Math.max(0, physicalHeight - viewport) : scrollTop;
  const virtualTop = top * ratio;
  const first = Math.max(0, Math.floor(virtualTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(n, first + poolSize);
  const firstVisible = Math.min(n, Math.floor(virtualTop / ROW_HEIGHT));
  const lastVisible = Math.min(n, Math.ceil((virtualTop + viewport) / ROW_HEIGHT));
  return { ratio, physicalHeight, top, virtualTop, first, last, firstVisible, lastVisible, below: n - lastVisible };
}

/** Row elements needed for a viewport this tall. */
export function poolSizeFor(viewport: number): number {
  return Math.ceil(viewport / ROW_HEIGHT) + 1 + 2 * OVERSCAN;
}

/** Where a row sits on screen: its own place in the content (scaled only past MAX_SCROLL_PX). */
export function rowY(index: number, layout: Pick<Layout, 'top' | 'virtualTop'>): number {
  return Math.round(layout.top + index * ROW_HEIGHT - layout.virtualTop);
}

/** The scroll position that keeps the same rows in place after `removed` rows went above. */
export function scrollTopAfterRemoval(scrollTop: number, removed: number, ratio: number): number {
  return Math.max(0, scrollTop - (removed * ROW_HEIGHT) / ratio);
}

/** The scroll position that brings row `index` into view, or undefined when it is in view. */
export function scrollTopToShow(index: number, scrollTop: number, viewport: number, ratio: number): number | undefined {
  const rowTop = index * ROW_HEIGHT;
  const virtualTop = scrollTop * ratio;
  if (rowTop < virtualTop) return rowTop / ratio;
  if (rowTop + ROW_HEIGHT > virtualTop + viewport) return (rowTop + ROW_HEIGHT - viewport) / ratio;
  return undefined;
}

/** First row fully in view. */
export function firstVisibleIndex(scrollTop: number, ratio: number): number {
  return Math.ceil((scrollTop * ratio) / ROW_HEIGHT);
}

/** Whether a scroll position is at the bottom (within half a row). */
export function isAtBottom(scrollTop: number, clientHeight: number, scrollHeight: number): boolean {
  return scrollTop + clientHeight >= scrollHeight - ROW_HEIGHT / 2;
}
