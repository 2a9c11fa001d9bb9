/**
 * How many characters a table column shows: its header cell's width over the width of one
 * character in the column's font, measured on a probe that is never seen nor read out.
 */
import { h } from './dom';

export class ColumnChars {
  /** Ten characters with the column's cell classes, out of sight: add it to the table. */
  readonly probe: HTMLElement;

  constructor(
    cellClasses: string,
    private readonly header: HTMLElement,
  ) {
    this.probe = h('span', `${cellClasses} sse-char-probe`, '0000000000');
    this.probe.setAttribute('aria-hidden', 'true');
  }

  /** The characters the column holds now; 0 while it is not laid out. Reads layout: call on resize. */
  measure(): number {
    const charWidth = this.probe.getBoundingClientRect().width / 10;
    return charWidth > 0 ? Math.floor(this.header.getBoundingClientRect().width / charWidth) : 0;
  }
}
