/**
 * One raw chunk as the Wire view shows it: a head line (arrival time, gap, size, offset, the
 * records it completed as links) and its bytes with every line ending, BOM, NUL and invalid
 * byte made visible. Stream bytes only ever reach the DOM as text nodes.
 */
import type { ChunkRecord } from '../../shared/records';
import { formatBytes, formatClock } from '../../shared/format';
import { wireSegments } from '../../shared/wireSegments';
import { h } from '../dom';

/** What a marker shows, its class, and its tooltip. */
const MARKERS = {
  cr: ['CR', 'sse-wire-eol sse-wire-cr', 'CR (carriage return) alone'],
  lf: ['LF', 'sse-wire-eol sse-wire-lf', 'LF (line feed)'],
  crlf: ['CRLF', 'sse-wire-eol sse-wire-crlf', 'CRLF'],
  bom: ['BOM', 'sse-wire-bom', 'U+FEFF byte order mark'],
  nul: ['NUL', 'sse-wire-nul', 'U+0000'],
} as const;

/** Builds the bytes of a chunk into `pre`. */
export function renderChunkBytes(pre: HTMLElement, text: string): void {
  pre.textContent = '';
  for (const seg of wireSegments(text)) {
    switch (seg.kind) {
      case 'text':
        pre.append(document.createTextNode(seg.text));
        break;
      case 'byte': {
        const hex = seg.byte.toString(16).toUpperCase().padStart(2, '0');
        const mark = h('span', seg.split ? 'sse-wire-byte sse-wire-split' : 'sse-wire-byte sse-wire-invalid', hex);
        mark.title = seg.split ? `byte 0x${hex}: part of a character split between chunks` : `byte 0x${hex}: not valid UTF-8 (decoded as U+FFFD)`;
        pre.append(mark);
        break;
      }
      default: {
        const [label, cls, title] = MARKERS[seg.kind];
        const mark = h('span', cls, label);
        mark.title = title;
        pre.append(mark);
        // A real line break after each line ending keeps the lines of the stream apart.
        if (seg.kind !== 'bom' && seg.kind !== 'nul') pre.append(document.createTextNode('\n'));
      }
    }
  }
}

export interface ChunkLinks {
  /** Records this chunk completed: seqs from `chunk.seq + 1` to `nextSeq` (inclusive), described for links. */
  describe(seq: number): string | undefined;
  select(seq: number): void;
}

/** Most record links shown on one chunk's head line. */
const MAX_LINKS = 6;

export function renderChunk(chunk: ChunkRecord, index: number, previousTime: number | undefined, lastSeq: number, links: ChunkLinks): HTMLElement {
  const row = h('div', 'sse-wire-chunk');
  row.dataset.index = String(index);
  row.dataset.seq = String(chunk.seq);
  const head = h('div', 'sse-wire-head');
  head.append(h('span', 'sse-wire-time', formatClock(chunk.time)));
  if (previousTime !== undefined) head.append(h('span', 'sse-wire-gap', `+${Math.max(0, chunk.time - previousTime)} ms`));
  head.append(h('span', 'sse-wire-size', `${formatBytes(chunk.bytes)}`), h('span', 'sse-wire-offset', `@${chunk.offset}`));
  let shown = 0;
  for (let seq = chunk.seq + 1; seq <= lastSeq && shown < MAX_LINKS; seq++) {
    const label = links.describe(seq);
    if (label === undefined) continue;
    const link = h('button', 'sse-link sse-wire-rec', `#${seq} ${label}`);
    link.type = 'button';
    link.dataset.seq = String(seq);
    link.title = `Select record #${seq} in the table`;
    link.addEventListener('click', () => links.select(seq));
    head.append(link);
    shown++;
  }
  const pre = h('pre', 'sse-wire-bytes');
  renderChunkBytes(pre, chunk.text);
  row.append(head, pre);
  return row;
}
