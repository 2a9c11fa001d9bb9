/**
 * Gemini `streamGenerateContent?alt=sse` chunks: `candidates[].content.parts[]` (`text`, `thought`
 * parts, `functionCall` sent whole), `finishReason`, `usageMetadata`, `modelVersion`, and an
 * `error` object. Gemini counts thoughts apart from candidates: outputTokens adds them back so
 * that every format counts reasoning inside output tokens.
 */
import { asNumber, asObject, asString, type FormatReader, type MessageBuilder } from '../builder';

export class GeminiReader implements FormatReader {
  read(b: MessageBuilder, json: unknown, _type: string, seq: number): void {
    // A JSON array of chunks is what the non-SSE stream sends; read each one.
    if (Array.isArray(json)) {
      for (const item of json) this.read(b, item, _type, seq);
      return;
    }
    const chunk = asObject(json);
    if (!chunk) return b.gap(seq);
    if (chunk.error !== undefined) {
      b.setError(chunk.error, seq);
      return b.end(false);
    }
    const model = asString(chunk.modelVersion);
    if (model) b.model = model;
    const usage = asObject(chunk.usageMetadata);
    if (usage) {
      const candidates = asNumber(usage.candidatesTokenCount);
      const thoughts = asNumber(usage.thoughtsTokenCount);
      b.setUsage({
        inputTokens: asNumber(usage.promptTokenCount),
        outputTokens: candidates !== undefined || thoughts !== undefined ? (candidates ?? 0) + (thoughts ?? 0) : undefined,
        reasoningTokens: thoughts,
      });
    }
    const candidates = chunk.candidates;
    if (!Array.isArray(candidates)) return;
    for (const raw of candidates) {
      const candidate = asObject(raw);
      if (!candidate) continue;
      const index = asNumber(candidate.index) ?? 0;
      const parts = asObject(candidate.content)?.parts;
      if (Array.isArray(parts)) {
        for (const rawPart of parts) {
          const part = asObject(rawPart);
          if (!part) continue;
          if (typeof part.text === 'string') b.appendText(part.thought === true ? 'reasoning' : 'text', part.text, seq, index);
          const fn = asObject(part.functionCall);
          if (fn) {
            const call = b.choice(index).newToolCall(seq);
            call.id = asString(fn.id);
            call.name = asString(fn.name);
            b.appendArguments(call, JSON.stringify(fn.args ?? {}));
            call.done = true;
          }
        }
      }
      const finish = asString(candidate.finishReason);
      if (finish) {
        b.choice(index).finishReason = finish;
        // Gemini has no terminal event: a finish reason is the end of the answer.
        b.complete = true;
      }
    }
  }
}
