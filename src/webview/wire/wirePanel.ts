/**
 * The Wire view and the diagnostics list, in a pane under the table. Its bar is always there
 * (with the number of findings); opened, it shows the findings and the raw chunks. Chunks are
 * asked of the host only while the pane is open, so a closed pane costs nothing per chunk.
 *
 * Links: each chunk names the records it completed (a click selects the row), and selecting a
 * row highlights and scrolls to the chunk that completed it.
 */
import type { ChunkRecord, DiagnosticRecord } from '../../shared/records';
import type { HostToWebview } from '../../shared/protocol';
import { chunkIndexForSeq } from '../../shared/wireSegments';
import { formatBytes, formatCount } from '../../shared/format';
import { h, icon } from '../dom';
import { DiagnosticsList } from './diagnosticsList';
import { renderChunk } from './chunkView';

/** Chunks kept in the DOM at once (the newest); older kept ones are counted, not drawn. */
const MAX_DRAWN = 400;

export interface WirePanelHost {
  /** Tells the host the pane opened or closed. */
  setOpen(open: boolean): void;
  /** Selects the record in the table (and opens its details). */
  select(seq: number): void;
  /** A short label for a held record (`event tick`, `comment`), or undefined when not held or not from bytes. */
  describe(seq: number): string | undefined;
}

export class WirePanel {
  readonly element = h('section', 'sse-wire-pane');
  private readonly toggle = h('button', 'sse-button sse-wire-toggle');
  private readonly count = h('span', 'sse-wire-count');
  private readonly summary = h('span', 'sse-wire-summary');
  private readonly body = h('div', 'sse-wire-body');
  private readonly list: DiagnosticsList;
  private readonly chunkList = h('div', 'sse-wire-chunks');
  private readonly note = h('div', 'sse-wire-note');
  private open = false;
  private chunks: ChunkRecord[] = [];
  private keptBytes = 0;
  private dropped = 0;
  private maxBytes = 0;
  /** The newest record's seq when the host last sent chunks: the end of the last chunk's records. */
  private lastSeq = 0;
  /**
   * Chunks let go from the front of `chunks` since the last reset: `chunks[i]` is chunk number
   * `base + i`, the number its drawn row carries (data-index), so a cut renumbers nothing.
   */
  private base = 0;
  private highlighted: HTMLElement | undefined;

  constructor(private readonly host: WirePanelHost) {
    this.list = new DiagnosticsList((seq) => host.select(seq));
    this.toggle.type = 'button';
    this.toggle.title = 'Show the raw bytes and what may be wrong with the stream';
    this.toggle.setAttribute('aria-expanded', 'false');
    this.toggle.append(icon('chevron-right'), h('span', 'sse-button-label', 'Wire'), this.count);
    this.toggle.addEventListener('click', () => this.setOpen(!this.open));
    const bar = h('div', 'sse-wire-bar');
    bar.append(this.toggle, this.summary);
    this.body.append(this.list.element, this.note, this.chunkList);
    this.body.hidden = true;
    this.element.append(bar, this.body);
    this.setDiagnostics([]);
    this.updateNote();
  }

  get isOpen(): boolean {
    return this.open;
  }

  setOpen(open: boolean): void {
    if (open === this.open) return;
    this.open = open;
    this.body.hidden = !open;
    this.element.classList.toggle('is-open', open);
    this.toggle.setAttribute('aria-expanded', String(open));
    this.toggle.querySelector('.codicon')!.className = `codicon codicon-chevron-${open ? 'down' : 'right'}`;
    if (!open) this.resetChunks();
    this.updateNote();
    this.host.setOpen(open);
  }

  setDiagnostics(diagnostics: readonly DiagnosticRecord[]): void {
    this.list.set(diagnostics);
    this.count.textContent = diagnostics.length > 0 ? String(diagnostics.length) : '';
    this.count.className = `sse-wire-count${diagnostics.some((d) => d.severity !== 'info') ? ' has-warnings' : ''}`;
    this.count.title = `${diagnostics.length} diagnostic(s)`;
  }

  onWire(message: Extract<HostToWebview, { type: 'wire' }>): void {
    if (!this.open) return;
    if (message.reset) this.resetChunks();
    this.dropped = message.dropped;
    this.maxBytes = message.maxBytes;
    this.lastSeq = message.lastSeq;
    const firstNew = this.base + this.chunks.length;
    for (const chunk of message.chunks) {
      this.chunks.push(chunk);
      this.keptBytes += chunk.bytes;
    }
    // The same bound as the host's: the newest maxBytes.
    let cut = 0;
    while (this.maxBytes > 0 && this.keptBytes > this.maxBytes && this.chunks.length - cut > 1) this.keptBytes -= this.chunks[cut++].bytes;
    if (cut > 0) {
      this.chunks.splice(0, cut);
      this.dropped += cut;
      this.base += cut;
    }
    this.draw(firstNew);
  }

  /** The table's selection moved to `seq`: highlight the chunk that completed it. */
  showRecord(seq: number | undefined): void {
    this.highlighted?.classList.remove('is-linked');
    this.highlighted = undefined;
    if (!this.open || seq === undefined) return;
    const index = chunkIndexForSeq(
      this.chunks.map((c) => c.seq),
      seq,
    );
    if (index < 0) return;
    const row = this.chunkList.querySelector<HTMLElement>(`.sse-wire-chunk[data-index="${this.base + index}"]`);
    if (!row) return;
    row.classList.add('is-linked');
    row.scrollIntoView({ block: 'nearest' });
    this.highlighted = row;
  }

  cleared(): void {
    this.resetChunks();
    this.setDiagnostics([]);
  }

  private resetChunks(): void {
    this.chunks = [];
    this.keptBytes = 0;
    this.dropped = 0;
    this.base = 0;
    this.chunkList.textContent = '';
    this.highlighted = undefined;
    this.updateNote();
  }

  /**
   * Draws the chunks from number `from` on, newest at the bottom: rows of chunks let go (or past
   * MAX_DRAWN) leave the DOM, and the last row drawn before is drawn again (its links end where
   * the next chunk starts). Each chunk is drawn about once, however long the stream.
   */
  private draw(from: number): void {
    const follow = this.chunkList.scrollTop + this.chunkList.clientHeight >= this.chunkList.scrollHeight - 4;
    const end = this.base + this.chunks.length;
    const first = Math.max(this.base, end - MAX_DRAWN);
    for (let row = this.chunkList.firstElementChild as HTMLElement | null; row && Number(row.dataset.index) < first; row = this.chunkList.firstElementChild as HTMLElement | null) row.remove();
    const start = Math.max(first, from - 1);
    this.chunkList.querySelector(`.sse-wire-chunk[data-index="${start}"]`)?.remove();
    const links = { describe: (seq: number) => this.host.describe(seq), select: (seq: number) => this.host.select(seq) };
    for (let n = start; n < end; n++) {
      const i = n - this.base;
      const lastSeq = i + 1 < this.chunks.length ? this.chunks[i + 1].seq : this.lastSeq;
      this.chunkList.append(renderChunk(this.chunks[i], n, i > 0 ? this.chunks[i - 1].time : undefined, lastSeq, links));
    }
    this.updateNote();
    if (follow) this.chunkList.scrollTop = this.chunkList.scrollHeight;
  }

  private updateNote(): void {
    const parts = [`${formatCount(this.chunks.length)} chunk(s), ${formatBytes(this.keptBytes)}`];
    if (this.maxBytes > 0) parts.push(`newest ${formatBytes(this.maxBytes)} kept`);
    if (this.dropped > 0) parts.push(`${formatCount(this.dropped)} older let go`);
    if (this.chunks.length > MAX_DRAWN) parts.push(`the newest ${MAX_DRAWN} drawn`);
    if (this.maxBytes === 0 && this.chunks.length === 0) parts.splice(0, parts.length, 'No raw bytes kept (setting sseInspector.wire.maxMiB is 0, or a recording without --raw).');
    this.note.textContent = parts.join(' · ');
    this.summary.textContent = this.open ? '' : 'bytes as they arrived, and what may be wrong';
  }
}
