/**
 * One realistic LLM stream per format, each paced like a real model and carrying reasoning, a
 * Markdown answer, a tool call with fragmented arguments and usage, so that the inspector's
 * Message view has something to show: GET or POST /llm/openai-chat, /llm/openai-responses,
 * /llm/anthropic, /llm/gemini, /llm/ai-sdk.
 */
import { Controller, HttpCode, MessageEvent, Query, RequestMethod, Sse } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { REASONING, TEXT, TOOL, USAGE, paced, slowFactor, tokens } from './llm.script';

const chunk = (delta: object, finish: string | null = null): MessageEvent => ({
  data: { id: 'chatcmpl-demo', object: 'chat.completion.chunk', created: 1764547200, model: 'deepseek-reasoner', choices: [{ index: 0, delta, finish_reason: finish }] },
});

function openAiChat(): MessageEvent[] {
  return [
    chunk({ role: 'assistant', content: '' }),
    ...tokens(REASONING).map((t) => chunk({ reasoning_content: t })),
    ...tokens(TEXT).map((t) => chunk({ content: t })),
    chunk({ tool_calls: [{ index: 0, id: TOOL.id, type: 'function', function: { name: TOOL.name, arguments: '' } }] }),
    ...tokens(TOOL.args).map((t) => chunk({ tool_calls: [{ index: 0, function: { arguments: t } }] })),
    chunk({}, 'tool_calls'),
    { data: { id: 'chatcmpl-demo', object: 'chat.completion.chunk', model: 'deepseek-reasoner', choices: [], usage: { prompt_tokens: USAGE.input, completion_tokens: USAGE.output, total_tokens: USAGE.input + USAGE.output, completion_tokens_details: { reasoning_tokens: USAGE.reasoning } } } },
    { data: '[DONE]' },
  ];
}

function openAiResponses(): MessageEvent[] {
  let n = 0;
  const ev = (type: string, body: object): MessageEvent => ({ type, data: { type, sequence_number: n++, ...body } });
  const response = (status: string, extra: object = {}) => ({ id: 'resp_demo', object: 'response', model: 'o4-mini-2025-04-16', status, output: [], ...extra });
  const usage = { input_tokens: USAGE.input, output_tokens: USAGE.output, output_tokens_details: { reasoning_tokens: USAGE.reasoning }, total_tokens: USAGE.input + USAGE.output };
  return [
    ev('response.created', { response: response('in_progress') }),
    ev('response.output_item.added', { output_index: 0, item: { id: 'rs_demo', type: 'reasoning', summary: [] } }),
    ...tokens(REASONING).map((delta) => ev('response.reasoning_summary_text.delta', { item_id: 'rs_demo', output_index: 0, summary_index: 0, delta })),
    ev('response.output_item.added', { output_index: 1, item: { id: 'msg_demo', type: 'message', role: 'assistant', status: 'in_progress', content: [] } }),
    ...tokens(TEXT).map((delta) => ev('response.output_text.delta', { item_id: 'msg_demo', output_index: 1, content_index: 0, delta })),
    ev('response.output_item.added', { output_index: 2, item: { id: 'fc_demo', type: 'function_call', call_id: TOOL.id, name: TOOL.name, arguments: '' } }),
    ...tokens(TOOL.args).map((delta) => ev('response.function_call_arguments.delta', { item_id: 'fc_demo', output_index: 2, delta })),
    ev('response.function_call_arguments.done', { item_id: 'fc_demo', output_index: 2, arguments: TOOL.args }),
    ev('response.completed', { response: response('completed', { usage }) }),
  ];
}

function anthropic(): MessageEvent[] {
  const ev = (type: string, body: object = {}): MessageEvent => ({ type, data: { type, ...body } });
  return [
    ev('message_start', { message: { id: 'msg_demo', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5', content: [], usage: { input_tokens: USAGE.input, output_tokens: 1 } } }),
    ev('content_block_start', { index: 0, content_block: { type: 'thinking', thinking: '' } }),
    ...tokens(REASONING).map((thinking) => ev('content_block_delta', { index: 0, delta: { type: 'thinking_delta', thinking } })),
    ev('content_block_stop', { index: 0 }),
    ev('ping'),
    ev('content_block_start', { index: 1, content_block: { type: 'text', text: '' } }),
    ...tokens(TEXT).map((text) => ev('content_block_delta', { index: 1, delta: { type: 'text_delta', text } })),
    ev('content_block_stop', { index: 1 }),
    ev('content_block_start', { index: 2, content_block: { type: 'tool_use', id: TOOL.id, name: TOOL.name, input: {} } }),
    ...tokens(TOOL.args).map((partial_json) => ev('content_block_delta', { index: 2, delta: { type: 'input_json_delta', partial_json } })),
    ev('content_block_stop', { index: 2 }),
    ev('message_delta', { delta: { stop_reason: 'tool_use' }, usage: { output_tokens: USAGE.output } }),
    ev('message_stop'),
  ];
}

function gemini(): MessageEvent[] {
  const ev = (parts: object[], extra: object = {}): MessageEvent => ({
    data: { candidates: [{ index: 0, content: { role: 'model', parts }, ...extra }], modelVersion: 'gemini-2.5-flash', usageMetadata: { promptTokenCount: USAGE.input } },
  });
  // Gemini sends bigger pieces than the others: a few words per chunk.
  const words = (text: string): string[] => text.match(/\S+\s*/g) ?? [];
  const last: MessageEvent = {
    data: {
      candidates: [{ index: 0, content: { role: 'model', parts: [{ functionCall: { name: TOOL.name, args: JSON.parse(TOOL.args) } }] }, finishReason: 'STOP' }],
      modelVersion: 'gemini-2.5-flash',
      usageMetadata: { promptTokenCount: USAGE.input, candidatesTokenCount: USAGE.output - USAGE.reasoning, thoughtsTokenCount: USAGE.reasoning, totalTokenCount: USAGE.input + USAGE.output },
    },
  };
  return [...words(REASONING).map((text) => ev([{ text, thought: true }])), ...words(TEXT).map((text) => ev([{ text }])), last];
}

function aiSdk(): MessageEvent[] {
  const ev = (body: object): MessageEvent => ({ data: body });
  return [
    ev({ type: 'start', messageId: 'msg-demo' }),
    ev({ type: 'start-step' }),
    ev({ type: 'reasoning-start', id: 'r1' }),
    ...tokens(REASONING).map((delta) => ev({ type: 'reasoning-delta', id: 'r1', delta })),
    ev({ type: 'reasoning-end', id: 'r1' }),
    ev({ type: 'text-start', id: 't1' }),
    ...tokens(TEXT).map((delta) => ev({ type: 'text-delta', id: 't1', delta })),
    ev({ type: 'text-end', id: 't1' }),
    ev({ type: 'tool-input-start', toolCallId: TOOL.id, toolName: TOOL.name }),
    ...tokens(TOOL.args).map((inputTextDelta) => ev({ type: 'tool-input-delta', toolCallId: TOOL.id, inputTextDelta })),
    ev({ type: 'tool-input-available', toolCallId: TOOL.id, toolName: TOOL.name, input: JSON.parse(TOOL.args) }),
    ev({ type: 'finish-step' }),
    ev({ type: 'finish', finishReason: 'tool-calls' }),
    { data: '[DONE]' },
  ];
}

@Controller('llm')
export class LlmController {
  /** `?slow=N` stretches the pacing N times (1-10): to read the answer as it grows, or for a busy machine's tests. */
  @Sse('openai-chat')
  openAiChatGet(@Query('slow') slow?: string): Observable<MessageEvent> {
    return paced(openAiChat(), 450, slowFactor(slow));
  }
  @Sse('openai-chat', { method: RequestMethod.POST })
  @HttpCode(200)
  openAiChatPost(): Observable<MessageEvent> {
    return paced(openAiChat());
  }

  @Sse('openai-responses')
  openAiResponses(): Observable<MessageEvent> {
    return paced(openAiResponses());
  }

  @Sse('anthropic')
  anthropic(): Observable<MessageEvent> {
    return paced(anthropic());
  }

  @Sse('gemini')
  gemini(): Observable<MessageEvent> {
    return paced(gemini(), 600);
  }

  @Sse('ai-sdk')
  aiSdk(): Observable<MessageEvent> {
    return paced(aiSdk());
  }
}
