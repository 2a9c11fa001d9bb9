/**
 * What one event added to the answer, for the detail pane: the event read on its own by a fresh
 * reader of the stream's format (every format's deltas say what they are, so no history is needed).
 */
import type { EventRecord, LlmFormat } from '../../shared/records';
import type { CustomRule } from './formats/custom';
import { StreamMerger } from './merger';

/** The pieces one event delivered; fields it did not carry are left out. */
export interface Contribution {
  text?: string;
  reasoning?: string;
  refusal?: string;
  toolCalls?: { name?: string; id?: string; arguments: string }[];
  finishReason?: string;
  status?: string;
  model?: string;
  usage?: { inputTokens?: number; outputTokens?: number; reasoningTokens?: number };
  error?: string;
  /** The event was the stream's terminal event. */
  terminal?: boolean;
  /** The event could not be read as `format`. */
  malformed?: boolean;
}

export function contributionOf(event: EventRecord, format: LlmFormat, custom?: CustomRule): Contribution {
  const merger = new StreamMerger({ format, custom });
  merger.push(event);
  const b = merger.builder!;
  const out: Contribution = {};
  const choice = b.choices()[0];
  if (choice?.text.text) out.text = choice.text.text;
  if (choice?.reasoning.text) out.reasoning = choice.reasoning.text;
  if (choice?.refusal.text) out.refusal = choice.refusal.text;
  if (choice && choice.toolCalls.length > 0) {
    out.toolCalls = choice.toolCalls.map((c) => ({ ...(c.name ? { name: c.name } : {}), ...(c.id ? { id: c.id } : {}), arguments: c.arguments }));
  }
  if (choice?.finishReason) out.finishReason = choice.finishReason;
  if (b.status) out.status = b.status;
  if (b.model) out.model = b.model;
  if (b.usage) out.usage = b.usage;
  if (b.error) out.error = b.error.message;
  if (b.terminal) out.terminal = true;
  if (b.gaps.length > 0) out.malformed = true;
  return out;
}
