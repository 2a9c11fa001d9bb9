/**
 * OpenAI Chat Completions chunks (and the many compatible servers: vLLM, Ollama, LM Studio,
 * OpenRouter, DeepSeek): `choices[].delta.{content,refusal,reasoning_content,reasoning,tool_calls}`,
 * `finish_reason`, a usage chunk with empty `choices`, then `data: [DONE]`.
 */
import { asNumber, asObject, asString, type FormatReader, type MessageBuilder, type TextChannel } from '../builder';
import { learnTemplate, matchTemplate, type ChunkTemplate } from './openaiChatFast';

export class OpenAiChatReader implements FormatReader {
  private template?: ChunkTemplate;
  /** Full parses since the last template was learnt or failed (learning is tried now and then). */
  private misses = 0;
  /** Where the template's string goes (set on the first match after each learn). */
  private target?: TextChannel;

  readRaw(b: MessageBuilder, data: string, seq: number): boolean {
    const template = this.template;
    if (!template) return false;
    const text = matchTemplate(template, data);
    if (text === undefined) return false;
    if (template.model !== undefined) b.model = template.model;
    // The template's channel, looked up once per template rather than per chunk.
    this.target ??= b.choice(template.choice)[template.channel];
    b.appendTo(this.target, text, seq);
    return true;
  }

  read(b: MessageBuilder, json: unknown, _type: string, seq: number, data?: string): void {
    this.readChunk(b, json, seq);
    // Learn the shape of a plain delta chunk (again) when the shortcut missed.
    if (data !== undefined && (this.template === undefined || this.misses++ % 8 === 0)) {
      const learnt = learnTemplate(data, json);
      if (learnt) {
        this.template = learnt;
        this.target = undefined;
        this.misses = 1;
      }
    }
  }

  private readChunk(b: MessageBuilder, json: unknown, seq: number): void {
    const chunk = asObject(json);
    if (!chunk) return b.gap(seq);
    if (chunk.error !== undefined) {
      b.setError(chunk.error, seq);
      return b.end(false);
    }
    const model = asString(chunk.model);
    if (model) b.model = model;
    const usage = asObject(chunk.usage);
    if (usage) {
      const details = asObject(usage.completion_tokens_details);
      b.setUsage({
        inputTokens: asNumber(usage.prompt_tokens),
        outputTokens: asNumber(usage.completion_tokens),
        reasoningTokens: asNumber(details?.reasoning_tokens),
      });
    }
    const choices = chunk.choices;
    if (!Array.isArray(choices)) {
      if (!usage) b.gap(seq);
      return;
    }
    for (const raw of choices) {
      const choice = asObject(raw);
      if (!choice) continue;
      const index = asNumber(choice.index) ?? 0;
      const delta = asObject(choice.delta);
      if (delta) {
        b.appendText('text', delta.content, seq, index);
        b.appendText('refusal', delta.refusal, seq, index);
        // DeepSeek sends `reasoning_content`; OpenRouter and some vLLM builds send `reasoning`.
        b.appendText('reasoning', delta.reasoning_content ?? delta.reasoning, seq, index);
        if (Array.isArray(delta.tool_calls)) {
          for (const rawCall of delta.tool_calls) {
            const part = asObject(rawCall);
            if (!part) continue;
            const call = b.choice(index).toolCall(asNumber(part.index) ?? 0, seq);
            const id = asString(part.id);
            if (id) call.id = id;
            const fn = asObject(part.function);
            const name = asString(fn?.name);
            if (name) {
              call.name = name;
              b.touched();
            }
            b.appendArguments(call, fn?.arguments);
          }
        }
      }
      const finish = asString(choice.finish_reason);
      if (finish) b.choice(index).finishReason = finish;
    }
  }

  done(b: MessageBuilder): void {
    b.end(true);
  }
}
