/**
 * The OpenAI Responses API's typed events: `response.created`, `response.output_item.added`,
 * `response.output_text.delta`, `response.refusal.delta`, `response.reasoning_summary_text.delta`,
 * `response.reasoning_text.delta`, `response.function_call_arguments.delta/.done`,
 * `response.completed | incomplete | failed` (with `status` and `usage`), and `error`.
 */
import { asNumber, asObject, asString, type FormatReader, type MessageBuilder } from '../builder';

export class OpenAiResponsesReader implements FormatReader {
  read(b: MessageBuilder, json: unknown, eventType: string, seq: number): void {
    const ev = asObject(json);
    if (!ev) return b.gap(seq);
    const type = asString(ev.type) ?? eventType;
    switch (type) {
      case 'response.output_text.delta':
        return b.appendText('text', ev.delta, seq);
      case 'response.refusal.delta':
        return b.appendText('refusal', ev.delta, seq);
      case 'response.reasoning_summary_text.delta':
      case 'response.reasoning_text.delta':
        return b.appendText('reasoning', ev.delta, seq);
      case 'response.output_item.added':
      case 'response.output_item.done': {
        const item = asObject(ev.item);
        if (item?.type !== 'function_call') return;
        const call = b.choice().toolCall(this.key(ev, item), seq);
        call.id = asString(item.call_id) ?? asString(item.id) ?? call.id;
        call.name = asString(item.name) ?? call.name;
        if (type === 'response.output_item.done' && typeof item.arguments === 'string') call.arguments = item.arguments;
        else b.appendArguments(call, item.arguments);
        return b.touched();
      }
      case 'response.function_call_arguments.delta':
        return b.appendArguments(b.choice().toolCall(this.key(ev), seq), ev.delta);
      case 'response.function_call_arguments.done': {
        // The whole arguments, authoritative: they replace whatever the deltas built.
        const call = b.choice().toolCall(this.key(ev), seq);
        if (typeof ev.arguments === 'string') call.arguments = ev.arguments;
        call.name = asString(ev.name) ?? call.name;
        call.done = true;
        return;
      }
      case 'response.created':
      case 'response.in_progress':
        return this.response(b, ev.response);
      case 'response.completed':
      case 'response.incomplete':
        this.response(b, ev.response);
        return b.end(true);
      case 'response.failed': {
        this.response(b, ev.response);
        const error = asObject(asObject(ev.response)?.error);
        if (error) b.setError(error, seq);
        return b.end(false);
      }
      case 'error':
        b.setError({ message: ev.message, code: ev.code }, seq);
        return b.end(false);
      default:
        return;
    }
  }

  /** Function calls are keyed by output_index (always sent), else by item id. */
  private key(ev: Record<string, unknown>, item?: Record<string, unknown>): string | number {
    return asNumber(ev.output_index) ?? asString(ev.item_id) ?? asString(item?.id) ?? 0;
  }

  private response(b: MessageBuilder, value: unknown): void {
    const response = asObject(value);
    if (!response) return;
    const model = asString(response.model);
    if (model) b.model = model;
    const status = asString(response.status);
    if (status) b.status = status;
    const usage = asObject(response.usage);
    if (usage) {
      b.setUsage({
        inputTokens: asNumber(usage.input_tokens),
        outputTokens: asNumber(usage.output_tokens),
        reasoningTokens: asNumber(asObject(usage.output_tokens_details)?.reasoning_tokens),
      });
    }
  }
}
