/**
 * Anthropic Messages events: `message_start`, `content_block_start/delta/stop` (`text_delta`,
 * `input_json_delta` for `tool_use`, `thinking_delta`), `message_delta` with `stop_reason` and
 * cumulative usage, `message_stop`, `ping`, `error`.
 */
import { asNumber, asObject, asString, type FormatReader, type MessageBuilder } from '../builder';

export class AnthropicReader implements FormatReader {
  read(b: MessageBuilder, json: unknown, eventType: string, seq: number): void {
    const ev = asObject(json);
    if (!ev) return b.gap(seq);
    const type = asString(ev.type) ?? eventType;
    switch (type) {
      case 'message_start': {
        const message = asObject(ev.message);
        const model = asString(message?.model);
        if (model) b.model = model;
        this.usage(b, message?.usage);
        return;
      }
      case 'content_block_start': {
        const block = asObject(ev.content_block);
        const index = asNumber(ev.index) ?? 0;
        if (block?.type === 'tool_use' || block?.type === 'server_tool_use') {
          const call = b.choice().toolCall(index, seq);
          call.id = asString(block.id);
          call.name = asString(block.name);
          b.touched();
        } else if (block?.type === 'text') b.appendText('text', block.text, seq);
        else if (block?.type === 'thinking') b.appendText('reasoning', block.thinking, seq);
        return;
      }
      case 'content_block_delta': {
        const delta = asObject(ev.delta);
        switch (delta?.type) {
          case 'text_delta':
            return b.appendText('text', delta.text, seq);
          case 'thinking_delta':
            return b.appendText('reasoning', delta.thinking, seq);
          case 'input_json_delta':
            return b.appendArguments(b.choice().toolCall(asNumber(ev.index) ?? 0, seq), delta.partial_json);
          default:
            return;
        }
      }
      case 'content_block_stop': {
        // A tool_use without any input fragment has the input {} (as the SDK gives it).
        const call = b.choice().peekToolCall(asNumber(ev.index) ?? 0);
        if (call && call.arguments === '' && call.name !== undefined) call.arguments = '{}';
        return;
      }
      case 'message_delta': {
        const stop = asString(asObject(ev.delta)?.stop_reason);
        if (stop) b.choice().finishReason = stop;
        this.usage(b, ev.usage);
        return;
      }
      case 'message_stop':
        return b.end(true);
      case 'error':
        b.setError(ev.error ?? ev, seq);
        return b.end(false);
      default:
        return; // ping and future event types
    }
  }

  private usage(b: MessageBuilder, value: unknown): void {
    const usage = asObject(value);
    if (!usage) return;
    b.setUsage({ inputTokens: asNumber(usage.input_tokens), outputTokens: asNumber(usage.output_tokens) });
  }
}
