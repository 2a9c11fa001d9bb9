/**
 * Tiny DOM helpers. Everything that comes from a stream goes in through `textContent` or text
 * nodes: there is deliberately no helper that takes HTML.
 */
import type { Range } from '../shared/highlight';
import { segment } from '../shared/highlight';

/** Creates an element with a class and, optionally, text. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

/** A codicon: `<i class="codicon codicon-NAME" aria-hidden="true">`. */
export function icon(name: string): HTMLElement {
  const el = h('i', `codicon codicon-${name}`);
  el.setAttribute('aria-hidden', 'true');
  return el;
}

/** A toolbar button with a codicon and optional label; `title` doubles as the accessible name. */
export function iconButton(iconName: string, title: string, label?: string, className = 'sse-button'): HTMLButtonElement {
  const button = h('button', className);
  button.type = 'button';
  button.title = title;
  button.setAttribute('aria-label', title);
  button.append(icon(iconName));
  if (label !== undefined) button.append(h('span', 'sse-button-label', label));
  return button;
}

/**
 * Makes `el` hold exactly `text`, touching the DOM only when that changes: a row refilled while a
 * fast stream scrolls by keeps most of its cells (type, size, Δ), and an element left alone
 * costs the frame no style, layout or paint. A lone text node is updated in place rather than
 * replaced, so a changed cell costs no new node either.
 */
export function setText(el: HTMLElement, text: string): void {
  const only = el.firstChild;
  // An emptied cell keeps its (empty) text node for the next text; CSS `:empty` no longer
  // matches such an element, so do not use setText where a style depends on it.
  if (only !== null && only === el.lastChild && only.nodeType === Node.TEXT_NODE) {
    if ((only as Text).data !== text) (only as Text).data = text;
  } else if (text !== '' || only !== null) el.textContent = text;
}

/** Sets an attribute-backed property only when it changes (see setText). */
export function setTitle(el: HTMLElement, title: string): void {
  if (el.title !== title) el.title = title;
}

/** Sets the class list only when it changes (see setText). */
export function setClassName(el: HTMLElement, className: string): void {
  if (el.className !== className) el.className = className;
}

/** Replaces the children of `parent` with `text`, wrapping the given ranges in <mark>. */
export function setHighlighted(parent: HTMLElement, text: string, ranges: readonly Range[]): void {
  if (ranges.length === 0) {
    setText(parent, text);
    return;
  }
  parent.textContent = '';
  for (const piece of segment(text, ranges)) {
    if (piece.match) parent.append(h('mark', 'sse-match', piece.text));
    else parent.append(document.createTextNode(piece.text));
  }
}

/** Runs `run` on a click, and on Enter or Space (a focusable element acting as a button). */
export function onActivate(el: HTMLElement, run: () => void): void {
  el.addEventListener('click', run);
  el.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') run();
  });
}

/** Shows or hides an element through the `hidden` attribute (styled with display:none). */
export function setShown(el: HTMLElement, shown: boolean): void {
  el.hidden = !shown;
}

/** Headers as a two-column table (names, values): text only, whatever the server sent. */
export function headersTable(headers: Record<string, string>): HTMLTableElement {
  const table = h('table', 'sse-headers');
  for (const [name, value] of Object.entries(headers)) {
    const tr = h('tr');
    tr.append(h('th', undefined, name), h('td', undefined, value));
    table.append(tr);
  }
  return table;
}

/** Sets or removes a boolean attribute, touching the DOM only when it changes. */
export function setFlag(el: HTMLElement, name: string, on: boolean): void {
  if (el.hasAttribute(name) !== on) el.toggleAttribute(name, on);
}
