/** The stream linter's findings as a short list: severity, code, what was seen, what to do. */
import type { DiagnosticRecord } from '../../shared/records';
import { h, icon } from '../dom';

const ICONS: Record<DiagnosticRecord['severity'], string> = { error: 'error', warning: 'warning', info: 'info' };

export class DiagnosticsList {
  readonly element = h('ul', 'sse-diagnostics');

  constructor(private readonly select: (seq: number) => void) {
    this.element.setAttribute('aria-label', 'Diagnostics');
  }

  set(diagnostics: readonly DiagnosticRecord[]): void {
    this.element.textContent = '';
    if (diagnostics.length === 0) {
      this.element.append(h('li', 'sse-diagnostic-none', 'No problems found in this stream so far.'));
      return;
    }
    for (const d of diagnostics) {
      const item = h('li', `sse-diagnostic sse-diagnostic-${d.severity}`);
      item.dataset.code = d.code;
      const line = h('div', 'sse-diagnostic-line');
      line.append(icon(ICONS[d.severity]), h('code', 'sse-diagnostic-code', d.code), h('span', 'sse-diagnostic-message', d.message));
      if (d.seq > 0) {
        const link = h('button', 'sse-link sse-diagnostic-seq', `#${d.seq}`);
        link.type = 'button';
        link.title = `Select record #${d.seq}`;
        link.addEventListener('click', () => this.select(d.seq));
        line.append(link);
      }
      item.append(line, h('div', 'sse-diagnostic-hint', d.hint));
      this.element.append(item);
    }
  }
}
