/** The Message view's side of incremental `llm` messages (LlmMessageView.delta). */
import type { LlmMessageView, TextPieces } from '../../shared/protocol';

/**
 * The whole view that `next` stands for, given the last whole view. A view without `delta` is
 * whole already. Messages arrive in order and the host sends a whole view first (and again after
 * a reload), so `prev` always holds what the delta builds on; were it ever not so, the delta is
 * shown as it is rather than glued to the wrong text.
 */
export function applyViewDelta(prev: LlmMessageView | null, next: LlmMessageView): LlmMessageView {
  const d = next.delta;
  if (!d) return next;
  const before = prev?.merged;
  if (!prev || !before || (before.text ?? '').length !== d.text || (before.reasoning ?? '').length !== d.reasoning || prev.textPieces.seqs.length !== d.textPieces || prev.reasoningPieces.seqs.length !== d.reasoningPieces) {
    const { delta: _ignored, ...rest } = next;
    return rest;
  }
  const merged = { ...next.merged };
  const text = (before.text ?? '') + (next.merged.text ?? '');
  const reasoning = (before.reasoning ?? '') + (next.merged.reasoning ?? '');
  if (text) merged.text = text;
  else delete merged.text;
  if (reasoning) merged.reasoning = reasoning;
  else delete merged.reasoning;
  const { delta: _done, ...rest } = next;
  return { ...rest, merged, textPieces: concat(prev.textPieces, next.textPieces), reasoningPieces: concat(prev.reasoningPieces, next.reasoningPieces) };
}

function concat(a: TextPieces, b: TextPieces): TextPieces {
  if (b.seqs.length === 0) return a;
  return { seqs: a.seqs.concat(b.seqs), ends: a.ends.concat(b.ends) };
}
