/** The detail pane's "Added to the message" box: what one LLM event contributed. */
import { h } from '../dom';

export function addedBox(added: { text?: string; reasoning?: string } | undefined): HTMLElement | undefined {
  if (!added) return undefined;
  const box = h('div', 'sse-detail-added');
  box.append(h('div', 'sse-detail-added-title', 'Added to the message'));
  if (added.reasoning !== undefined) box.append(h('div', 'sse-detail-added-label', 'Reasoning'), h('pre', 'sse-detail-added-text', added.reasoning));
  if (added.text !== undefined) box.append(h('div', 'sse-detail-added-label', 'Text'), h('pre', 'sse-detail-added-text', added.text));
  return box;
}
