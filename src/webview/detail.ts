/**
 * The detail pane for the selected row: fields, then data as a JSON tree (when it parses) or
 * raw text, with copy buttons. Lifecycle rows show what matters for debugging a connection:
 * status, headers, body preview and the hint for errors.
 */
import type { StreamRecord } from '../shared/records';
import { describeRecord } from '../shared/describe';
import { h, headersTable, iconButton, setHighlighted } from './dom';
import type { CompiledSearch } from '../shared/filter';
import { formatBytes, formatClock, formatDuration, formatRelative } from '../shared/format';
import { parseJsonData } from '../shared/json';
import { renderJsonTree } from './jsonTree';

/** Raw data longer than this (UTF-16 units, ~100 KB) is cut in the pane; "Show all" opens it. */
export const VIEW_DATA_LIMIT = 100_000;

/** What the pane asks its owner to do. */
export interface DetailEvents {
  copy(text: string, label: string): void;
  openData(seq: number): void;
  close(): void;
}

/** Extra facts the pane needs besides the record. */
export interface DetailContext {
  /** Reference for the relative time, when known. */
  origin: number | undefined;
  search: CompiledSearch | undefined;
}

export class DetailPane {
  readonly element = h('aside', 'sse-detail');
  private readonly title = h('div', 'sse-detail-title');
  private readonly actions = h('div', 'sse-detail-actions');
  private readonly body = h('div', 'sse-detail-body');
  private readonly modeButton = iconButton('json', 'Show data as raw text', 'Raw');
  private readonly copyData = iconButton('copy', 'Copy data', 'Data');
  private readonly copyJson = iconButton('copy', 'Copy the record as JSON', 'JSON');
  private record: StreamRecord | undefined;
  private context: DetailContext = { origin: undefined, search: undefined };
  private raw = false;
  /** Extra content for a record (the Message view's "what this event added"), set by the app. */
  addedBy?: (record: StreamRecord) => HTMLElement | undefined;

  constructor(private readonly events: DetailEvents) {
    const close = iconButton('close', 'Close details (Escape)');
    const bar = h('div', 'sse-detail-bar');
    this.actions.append(this.modeButton, this.copyData, this.copyJson, close);
    bar.append(this.title, this.actions);
    this.element.append(bar, this.body);
    this.element.setAttribute('aria-label', 'Event details');
    this.element.tabIndex = -1;
    this.modeButton.addEventListener('click', () => {
      this.raw = !this.raw;
      this.render();
    });
    this.copyData.addEventListener('click', () => {
      const rec = this.record;
      if (rec) this.events.copy(rec.kind === 'event' ? rec.data : describeRecord(rec).text, 'data');
    });
    this.copyJson.addEventListener('click', () => {
      if (this.record) this.events.copy(JSON.stringify(this.record, null, 2), 'record as JSON');
    });
    close.addEventListener('click', () => this.events.close());
    this.element.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') this.events.close();
    });
    this.showNothing();
  }

  /** The record shown, if any. */
  get shown(): StreamRecord | undefined {
    return this.record;
  }

  show(record: StreamRecord, context: DetailContext): void {
    if (record === this.record && context.search === this.context.search) return;
    this.record = record;
    this.context = context;
    this.render();
  }

  showNothing(): void {
    this.record = undefined;
    this.title.textContent = 'Details';
    this.actions.hidden = true;
    this.body.textContent = '';
    this.body.append(h('p', 'sse-detail-empty', 'Select a row to see its data. ↑/↓ move, Enter opens.'));
  }

  private render(): void {
    const rec = this.record;
    if (!rec) return this.showNothing();
    const row = describeRecord(rec);
    this.actions.hidden = false;
    this.title.textContent = '';
    this.title.append(h('span', `sse-badge badge-${row.tone}`, row.badge), h('span', 'sse-detail-seq', ` #${rec.seq}`));
    this.body.textContent = '';
    this.body.append(this.fields(rec));
    const added = this.addedBy?.(rec);
    if (added) this.body.append(added);
    const json = rec.kind === 'event' ? parseJsonData(rec.data) : { kind: 'text' as const };
    this.modeButton.hidden = json.kind !== 'tree';
    this.setModeButton(json.kind === 'tree' && !this.raw);
    if (rec.kind === 'event') {
      if (rec.truncated) {
        this.body.append(
          this.notice(
            `The data was cut at ${formatBytes(rec.data.length)} of ${formatBytes(rec.size)} (sseInspector.maxEventSizeMiB).`,
            rec.seq,
          ),
        );
      }
      if (json.kind === 'tree' && !this.raw) this.body.append(renderJsonTree(json.value));
      else this.body.append(this.rawText(rec.data, rec.seq));
    } else if (rec.kind === 'comment') {
      this.body.append(this.rawText(rec.text, undefined));
    }
  }

  private setModeButton(tree: boolean): void {
    const label = this.modeButton.querySelector('.sse-button-label');
    if (label) label.textContent = tree ? 'Raw' : 'Tree';
    this.modeButton.title = tree ? 'Show data as raw text' : 'Show data as a JSON tree';
    this.modeButton.setAttribute('aria-label', this.modeButton.title);
  }

  private notice(text: string, seq: number): HTMLElement {
    const box = h('div', 'sse-notice', text);
    const open = h('button', 'sse-link', 'Open full data in an editor');
    open.type = 'button';
    open.addEventListener('click', () => this.events.openData(seq));
    box.append(' ', open);
    return box;
  }

  private rawText(text: string, seq: number | undefined): HTMLElement {
    const wrap = h('div', 'sse-raw-wrap');
    const pre = h('pre', 'sse-raw');
    const cut = text.length > VIEW_DATA_LIMIT;
    const shown = cut ? text.slice(0, VIEW_DATA_LIMIT) : text;
    const search = this.context.search;
    setHighlighted(pre, shown, search?.active ? search.ranges(shown) : []);
    wrap.append(pre);
    if (cut && seq !== undefined) {
      const more = h('div', 'sse-notice', `Showing the first ${formatBytes(VIEW_DATA_LIMIT)} of ${text.length.toLocaleString('en-US')} characters.`);
      const all = h('button', 'sse-link', 'Show all');
      all.type = 'button';
      all.addEventListener('click', () => this.events.openData(seq));
      more.append(' ', all);
      wrap.append(more);
    }
    return wrap;
  }

  private fields(rec: StreamRecord): HTMLElement {
    const dl = h('dl', 'sse-fields');
    const add = (label: string, value: string | undefined, className?: string): void => {
      if (value === undefined || value === '') return;
      dl.append(h('dt', undefined, label), h('dd', className, value));
    };
    const origin = this.context.origin;
    add('Received', `${formatClock(rec.time)}${origin !== undefined ? `  (${formatRelative(rec.time - origin)} s)` : ''}`);
    add('Seq', String(rec.seq));
    switch (rec.kind) {
      case 'event':
        add('Type', rec.type);
        add('ID', rec.id ?? '(none)');
        add('Last-Event-ID', rec.lastEventId === '' ? '(empty)' : rec.lastEventId);
        add('Size', `${formatBytes(rec.size)} (${rec.size.toLocaleString('en-US')} bytes)`);
        break;
      case 'comment':
        break;
      case 'retry':
        add('Retry', `${rec.retry} ms (${formatDuration(rec.retry)})`);
        break;
      case 'connecting':
        add('Request', `${rec.method} ${rec.url}`);
        add('Attempt', rec.attempt === 0 ? 'first connection' : `reconnect #${rec.attempt}`);
        add('Last-Event-ID', rec.lastEventId);
        dl.append(...this.headers('Request headers', rec.requestHeaders));
        break;
      case 'open':
        add('Status', `${rec.status} ${rec.statusText}`);
        add('URL', rec.url);
        if (rec.redirected) add('Redirected', 'yes');
        dl.append(...this.headers('Response headers', rec.headers));
        break;
      case 'error':
        add('Error', rec.message, 'sse-error-text');
        add('Hint', rec.hint, 'sse-hint-text');
        add('Code', rec.code);
        if (rec.status !== undefined) add('Status', `${rec.status} ${rec.statusText ?? ''}`);
        if (rec.code !== 'INSPECTOR_SKIPPED') add('Next', rec.willReconnect ? `reconnect in ${formatDuration(rec.reconnectInMs ?? 0)}` : 'will not reconnect');
        if (rec.headers) dl.append(...this.headers('Response headers', rec.headers));
        if (rec.bodyPreview !== undefined) {
          dl.append(h('dt', undefined, 'Body'), wrapDd(h('pre', 'sse-raw sse-body', rec.bodyPreview)));
        }
        break;
      case 'closed':
        add('Reason', rec.reason);
        add('Message', rec.message);
        break;
    }
    return dl;
  }

  private headers(label: string, headers: Record<string, string>): HTMLElement[] {
    const shown = Object.keys(headers).length > 0 ? headersTable(headers) : h('span', 'sse-muted', '(none)');
    return [h('dt', undefined, label), wrapDd(shown)];
  }
}

function wrapDd(child: HTMLElement): HTMLElement {
  const dd = h('dd');
  dd.append(child);
  return dd;
}
