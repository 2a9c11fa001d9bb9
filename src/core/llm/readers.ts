/** One reader per format: the table the merger picks from. */
import type { LlmFormat } from '../../shared/records';
import type { FormatReader } from './builder';
import { AiSdkReader } from './formats/aiSdk';
import { AnthropicReader } from './formats/anthropic';
import { CustomReader, type CustomRule } from './formats/custom';
import { GeminiReader } from './formats/gemini';
import { JsonRpcReader } from './formats/jsonRpc';
import { OpenAiChatReader } from './formats/openaiChat';
import { OpenAiResponsesReader } from './formats/openaiResponses';

/** Every format name, for pickers, options and their messages. */
export const LLM_FORMATS: readonly LlmFormat[] = ['openai-chat', 'openai-responses', 'anthropic', 'gemini', 'ai-sdk', 'custom', 'json-rpc'];

export function isLlmFormat(value: unknown): value is LlmFormat {
  return typeof value === 'string' && (LLM_FORMATS as readonly string[]).includes(value);
}

/** A fresh reader for `format` (`custom` needs its rule). */
export function createReader(format: LlmFormat, rule?: CustomRule): FormatReader {
  switch (format) {
    case 'openai-chat':
      return new OpenAiChatReader();
    case 'openai-responses':
      return new OpenAiResponsesReader();
    case 'anthropic':
      return new AnthropicReader();
    case 'gemini':
      return new GeminiReader();
    case 'ai-sdk':
      return new AiSdkReader();
    case 'json-rpc':
      return new JsonRpcReader();
    case 'custom':
      return new CustomReader(rule ?? { textPath: '$.text' });
  }
}
