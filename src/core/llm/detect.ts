/**
 * Which LLM format a stream speaks, told from one event at a time: the merger asks about each of
 * the first events until one answers (pings, comments and `[DONE]` say nothing).
 */
import type { LlmFormat } from '../../shared/records';
import { asObject } from './builder';

const RESPONSES_TYPES = /^response\.[a-z_.]+$/;
const ANTHROPIC_TYPES = new Set(['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
const AI_SDK_TYPES = new Set([
  'start', 'start-step', 'finish-step', 'finish', 'text-start', 'text-delta', 'text-end', 'reasoning-start', 'reasoning-delta',
  'reasoning-end', 'tool-input-start', 'tool-input-delta', 'tool-input-available', 'tool-input-error', 'tool-output-available',
  'tool-output-error', 'source-url', 'source-document', 'file', 'message-metadata', 'abort',
]);

/** The format one event belongs to, or undefined when it does not tell. */
export function detectFormat(type: string, json: unknown): Exclude<LlmFormat, 'custom'> | undefined {
  if (RESPONSES_TYPES.test(type)) return 'openai-responses';
  if (ANTHROPIC_TYPES.has(type)) return 'anthropic';
  const items = Array.isArray(json) ? json : [json];
  const obj = asObject(items[0]);
  if (!obj) return undefined;
  if (obj.jsonrpc === '2.0') return 'json-rpc';
  const kind = typeof obj.type === 'string' ? obj.type : undefined;
  if (kind !== undefined) {
    if (RESPONSES_TYPES.test(kind)) return 'openai-responses';
    if (ANTHROPIC_TYPES.has(kind)) return 'anthropic';
    if (AI_SDK_TYPES.has(kind) || kind.startsWith('data-')) return 'ai-sdk';
  }
  if (obj.object === 'chat.completion.chunk' || (Array.isArray(obj.choices) && obj.candidates === undefined)) return 'openai-chat';
  if (Array.isArray(obj.candidates) || asObject(obj.usageMetadata) !== undefined || typeof obj.modelVersion === 'string') return 'gemini';
  return undefined;
}
