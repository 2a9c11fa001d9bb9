/**
 * The Vercel AI SDK UI message stream (v5/v6): `start`, `text-start/delta/end`,
 * `reasoning-start/delta/end`, `tool-input-start/delta/available`, `tool-output-available`,
 * `finish` (with `finishReason` from ai@6), `error`, `abort`, then `data: [DONE]`.
 */
import { asObject, asString, type FormatReader, type MessageBuilder } from '../builder';

export class AiSdkReader implements FormatReader {
  private finished = false;

  read(b: MessageBuilder, json: unknown, _type: string, seq: number): void {
    const ev = asObject(json);
    if (!ev) return b.gap(seq);
    switch (ev.type) {
      case 'text-delta':
        return b.appendText('text', ev.delta ?? ev.textDelta, seq);
      case 'reasoning-delta':
        return b.appendText('reasoning', ev.delta, seq);
      case 'tool-input-start': {
        const call = b.choice().toolCall(asString(ev.toolCallId) ?? '', seq);
        call.id = asString(ev.toolCallId);
        call.name = asString(ev.toolName);
        return b.touched();
      }
      case 'tool-input-delta':
        return b.appendArguments(b.choice().toolCall(asString(ev.toolCallId) ?? '', seq), ev.inputTextDelta);
      case 'tool-input-available': {
        // The parsed input, whole: authoritative over the fragments.
        const call = b.choice().toolCall(asString(ev.toolCallId) ?? '', seq);
        call.id = asString(ev.toolCallId);
        call.name = asString(ev.toolName) ?? call.name;
        if (call.arguments === '') b.touched();
        call.arguments = JSON.stringify(ev.input ?? {});
        call.done = true;
        return;
      }
      case 'finish': {
        const reason = asString(ev.finishReason);
        if (reason) b.choice().finishReason = reason;
        this.finished = true;
        return;
      }
      case 'error':
        b.setError({ message: asString(ev.errorText) ?? 'error' }, seq);
        return b.end(false);
      case 'abort':
        return b.end(false);
      default:
        return;
    }
  }

  done(b: MessageBuilder): void {
    if (!b.terminal) b.end(this.finished);
  }
}
