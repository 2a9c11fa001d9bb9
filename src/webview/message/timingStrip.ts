/** The Message view's timing strip: time to first token, total, rates, gaps, a small gap histogram. */
import type { LlmMessageView } from '../../shared/protocol';
import { h } from '../dom';

const ms = (value: number | undefined): string => (value === undefined ? '–' : value >= 10000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`);

export function timingStrip(view: LlmMessageView): HTMLElement {
  const t = view.merged.timing;
  const strip = h('div', 'sse-msg-timing');
  const item = (label: string, value: string, title: string): void => {
    const el = h('span', 'sse-msg-metric');
    el.title = title;
    el.append(h('span', 'sse-msg-metric-label', label), h('span', 'sse-msg-metric-value', value));
    strip.append(el);
  };
  item('TTFT', ms(t.ttftMs), 'Time to first token: from the request to the first event that added text, reasoning or a tool call');
  item('Total', ms(t.durationMs), 'From the request to the last event');
  if (t.tokensPerSec !== undefined) item('Tokens/s', String(t.tokensPerSec), 'Output tokens (from the usage the stream sent) per second after the first token');
  else if (t.charsPerSec !== undefined) item('Chars/s', String(t.charsPerSec), 'Characters per second after the first token (the stream sent no usage)');
  if (t.chunksPerSec !== undefined) item('Chunks/s', String(t.chunksPerSec), 'Events per second after the first token');
  item('Chunks', String(t.chunks), 'Events received');
  item('Gap p50/p95/max', `${ms(t.gapP50Ms)} / ${ms(t.gapP95Ms)} / ${ms(t.gapMaxMs)}`, 'Time between consecutive events');
  strip.append(histogram(view));
  return strip;
}

function histogram(view: LlmMessageView): HTMLElement {
  const box = h('span', 'sse-msg-histogram');
  const max = Math.max(1, ...view.gapHistogram);
  const labels = view.gapBuckets.map((b, i) => `${i === 0 ? 0 : view.gapBuckets[i - 1]}–${b} ms`).concat(`≥ ${view.gapBuckets[view.gapBuckets.length - 1]} ms`);
  view.gapHistogram.forEach((count, i) => {
    const bar = h('span', 'sse-msg-bar');
    // CSSOM, not an inline style attribute: allowed under the panel's CSP.
    bar.style.height = `${Math.max(count > 0 ? 2 : 0, Math.round((count / max) * 18))}px`;
    bar.title = `${labels[i]}: ${count} gaps`;
    box.append(bar);
  });
  box.title = 'Gaps between events';
  return box;
}
