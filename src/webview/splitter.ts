/**
 * The splitter between the table and the detail pane: drag to resize the pane. The width rule
 * is pure (`clampDetailWidth`); the element only wires pointer events.
 */
import { h } from './dom';

export const MIN_DETAIL_WIDTH = 220;
/** Room the table keeps beside the pane. */
const MIN_TABLE_WIDTH = 240;

/** The pane's width after dragging from `startX` to `x`, within what the panel allows. */
export function clampDetailWidth(startWidth: number, startX: number, x: number, mainWidth: number): number {
  const max = Math.max(MIN_DETAIL_WIDTH, mainWidth - MIN_TABLE_WIDTH);
  return Math.round(Math.min(max, Math.max(MIN_DETAIL_WIDTH, startWidth + startX - x)));
}

export class Splitter {
  readonly element = h('div', 'sse-splitter');

  /**
   * @param pane the element whose width the splitter sets
   * @param container the element both sit in (its width bounds the pane)
   * @param done called with the final width when a drag ends
   */
  constructor(
    private readonly pane: HTMLElement,
    private readonly container: HTMLElement,
    private readonly done: (width: number) => void,
  ) {
    this.element.setAttribute('role', 'separator');
    this.element.setAttribute('aria-orientation', 'vertical');
    this.element.title = 'Drag to resize the details';
    this.element.addEventListener('pointerdown', (e) => this.start(e));
  }

  private start(e: PointerEvent): void {
    e.preventDefault();
    const el = this.element;
    el.setPointerCapture(e.pointerId);
    const startX = e.clientX;
    const startWidth = this.pane.getBoundingClientRect().width;
    let width = startWidth;
    const move = (ev: PointerEvent): void => {
      width = clampDetailWidth(startWidth, startX, ev.clientX, this.container.clientWidth);
      this.pane.style.width = `${width}px`;
    };
    const up = (): void => {
      el.removeEventListener('pointermove', move);
      el.removeEventListener('pointerup', up);
      this.done(Math.round(width));
    };
    el.addEventListener('pointermove', move);
    el.addEventListener('pointerup', up);
  }
}
