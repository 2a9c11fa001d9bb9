/**
 * The providers' own SDKs as the oracle: each reads a fixture from a local replay server, and our
 * merge of the same fixture must equal what the SDK assembled (text, tool calls as parsed JSON,
 * reasoning, usage). Where an SDK gives up or simplifies, the test says so and compares the
 * fields the SDK gets right.
 */
import * as assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { DefaultChatTransport, readUIMessageStream, type UIMessage } from 'ai';
import OpenAI from 'openai';
import { mergeRecords } from '../../src/core/llm/sessionMerger';
import type { MergedRecord } from '../../src/shared/records';
import { fixtureSession } from './support/fixtures';
import { replay, type ReplayServer } from './support/replayServer';

function ours(fixture: string): MergedRecord {
  return mergeRecords(fixtureSession(fixture))[0];
}

function parsedArgs(calls: readonly { name?: string; arguments: string }[] | undefined): { name?: string; args: unknown }[] {
  return (calls ?? []).map((c) => ({ name: c.name, args: JSON.parse(c.arguments) }));
}

describe('LLM merge equals what the provider SDKs assemble', function () {
  let server: ReplayServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('openai chat.completions.stream -> finalChatCompletion()', async () => {
    server = await replay('openai-chat');
    const client = new OpenAI({ apiKey: 'test', baseURL: `${server.url}/v1`, maxRetries: 0, logLevel: 'off' });
    const final = await client.chat.completions.stream({ model: 'deepseek-reasoner', messages: [{ role: 'user', content: 'Weather?' }] }).finalChatCompletion();
    const m = ours('openai-chat');
    const message = final.choices[0].message;
    assert.equal(m.text, message.content);
    assert.equal(m.finishReason, final.choices[0].finish_reason);
    assert.equal(m.model, final.model);
    assert.deepEqual(
      m.toolCalls?.map((c) => ({ id: c.id, name: c.name, args: JSON.parse(c.arguments) })),
      message.tool_calls?.map((c) => (c.type === 'function' ? { id: c.id, name: c.function.name, args: JSON.parse(c.function.arguments) } : {})),
    );
    assert.deepEqual(m.usage, {
      inputTokens: final.usage?.prompt_tokens,
      outputTokens: final.usage?.completion_tokens,
      reasoningTokens: final.usage?.completion_tokens_details?.reasoning_tokens,
    });
    // The documented exception: openai-node copies `reasoning_content` instead of concatenating
    // it, so the SDK ends with the last fragment; we keep the whole reasoning.
    const sdkReasoning = (message as unknown as { reasoning_content?: string }).reasoning_content;
    assert.equal(sdkReasoning, ' get_weather.');
    assert.ok(m.reasoning!.endsWith(sdkReasoning!));
  });

  it('openai chat with n=2: every choice', async () => {
    server = await replay('openai-chat-n2');
    const client = new OpenAI({ apiKey: 'test', baseURL: `${server.url}/v1`, maxRetries: 0, logLevel: 'off' });
    const final = await client.chat.completions.stream({ model: 'gpt-4o-mini', n: 2, messages: [{ role: 'user', content: 'Hi' }] }).finalChatCompletion();
    const m = ours('openai-chat-n2');
    assert.deepEqual(
      m.choices?.map((c) => ({ index: c.index, text: c.text, finish: c.finishReason })),
      final.choices.map((c) => ({ index: c.index, text: c.message.content, finish: c.finish_reason })),
    );
  });

  it('openai chat: where the SDK gives up (malformed chunk, no finish reason) we go on', async () => {
    server = await replay('openai-chat-malformed');
    const client = new OpenAI({ apiKey: 'test', baseURL: `${server.url}/v1`, maxRetries: 0, logLevel: 'off' });
    await assert.rejects(client.chat.completions.stream({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }).finalChatCompletion());
    const m = ours('openai-chat-malformed');
    assert.equal(m.text, 'Part one, part two');
    assert.deepEqual(m.gaps, [3]);
    assert.equal(m.complete, false);
  });

  it('openai responses.stream -> finalResponse()', async () => {
    server = await replay('openai-responses');
    const client = new OpenAI({ apiKey: 'test', baseURL: `${server.url}/v1`, maxRetries: 0, logLevel: 'off' });
    const final = await client.responses.stream({ model: 'o4-mini', input: 'Weather?' }).finalResponse();
    const m = ours('openai-responses');
    assert.equal(m.text, final.output_text);
    assert.equal(m.status, final.status);
    assert.equal(m.model, final.model);
    const reasoning = final.output.flatMap((o) => (o.type === 'reasoning' ? o.summary.map((s) => s.text) : [])).join('');
    assert.equal(m.reasoning, reasoning);
    const calls = final.output.flatMap((o) => (o.type === 'function_call' ? [{ id: o.call_id, name: o.name, args: JSON.parse(o.arguments) }] : []));
    assert.deepEqual(m.toolCalls?.map((c) => ({ id: c.id, name: c.name, args: JSON.parse(c.arguments) })), calls);
    assert.deepEqual(m.usage, {
      inputTokens: final.usage?.input_tokens,
      outputTokens: final.usage?.output_tokens,
      reasoningTokens: final.usage?.output_tokens_details.reasoning_tokens,
    });
  });

  it('@anthropic-ai/sdk messages.stream -> finalMessage()', async () => {
    server = await replay('anthropic');
    const client = new Anthropic({ apiKey: 'test', baseURL: server.url, maxRetries: 0, logLevel: 'off' });
    const final = await client.messages.stream({ model: 'claude-sonnet-4-5-20250929', max_tokens: 1024, messages: [{ role: 'user', content: 'Weather?' }] }).finalMessage();
    const m = ours('anthropic');
    assert.equal(m.text, final.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join(''));
    assert.equal(m.reasoning, final.content.flatMap((b) => (b.type === 'thinking' ? [b.thinking] : [])).join(''));
    // The SDK re-serialises tool input: compare parsed.
    assert.deepEqual(
      m.toolCalls?.map((c) => ({ id: c.id, name: c.name, args: JSON.parse(c.arguments) })),
      final.content.flatMap((b) => (b.type === 'tool_use' ? [{ id: b.id, name: b.name, args: b.input }] : [])),
    );
    assert.equal(m.finishReason, final.stop_reason);
    assert.equal(m.model, final.model);
    assert.deepEqual(m.usage, { inputTokens: final.usage.input_tokens, outputTokens: final.usage.output_tokens });
  });

  it('@google/genai generateContentStream: text, thoughts, function calls, usage (thoughts counted in output)', async () => {
    server = await replay('gemini');
    const ai = new GoogleGenAI({ apiKey: 'test', httpOptions: { baseUrl: server.url } });
    let text = '';
    let thoughts = '';
    const calls: { name?: string; args: unknown }[] = [];
    let usage: { promptTokenCount?: number; candidatesTokenCount?: number; thoughtsTokenCount?: number } | undefined;
    let finish: string | undefined;
    let model: string | undefined;
    for await (const chunk of await ai.models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'Weather?' })) {
      for (const part of chunk.candidates?.[0]?.content?.parts ?? []) {
        if (part.text !== undefined) {
          if (part.thought) thoughts += part.text;
          else text += part.text;
        }
      }
      for (const call of chunk.functionCalls ?? []) calls.push({ name: call.name, args: call.args });
      usage = chunk.usageMetadata ?? usage;
      finish = chunk.candidates?.[0]?.finishReason ?? finish;
      model = chunk.modelVersion ?? model;
    }
    assert.deepEqual(server.requests.length, 1);
    assert.match(server.requests[0], /streamGenerateContent\?alt=sse/);
    const m = ours('gemini');
    assert.equal(m.text, text);
    assert.equal(m.reasoning, thoughts);
    assert.deepEqual(parsedArgs(m.toolCalls), calls);
    assert.equal(m.finishReason, finish);
    assert.equal(m.model, model);
    assert.deepEqual(m.usage, {
      inputTokens: usage?.promptTokenCount,
      outputTokens: (usage?.candidatesTokenCount ?? 0) + (usage?.thoughtsTokenCount ?? 0),
      reasoningTokens: usage?.thoughtsTokenCount,
    });
  });

  it("ai's DefaultChatTransport + readUIMessageStream", async () => {
    server = await replay('ai-sdk');
    const transport = new DefaultChatTransport<UIMessage>({ api: `${server.url}/api/chat` });
    const stream = await transport.sendMessages({
      chatId: 'c1',
      messageId: undefined,
      messages: [{ id: 'u1', role: 'user', parts: [{ type: 'text', text: 'Weather?' }] }],
      abortSignal: undefined,
      trigger: 'submit-message',
    });
    let last: UIMessage | undefined;
    for await (const message of readUIMessageStream({ stream })) last = message;
    const parts = last!.parts;
    const m = ours('ai-sdk');
    assert.equal(m.text, parts.flatMap((p) => (p.type === 'text' ? [p.text] : [])).join(''));
    assert.equal(m.reasoning, parts.flatMap((p) => (p.type === 'reasoning' ? [p.text] : [])).join(''));
    const calls = parts.flatMap((p) => {
      const part = p as { type: string; toolCallId?: string; input?: unknown; toolName?: string };
      if (!part.type.startsWith('tool-') && part.type !== 'dynamic-tool') return [];
      return [{ id: part.toolCallId, name: part.toolName ?? part.type.slice('tool-'.length), args: part.input }];
    });
    assert.deepEqual(m.toolCalls?.map((c) => ({ id: c.id, name: c.name, args: JSON.parse(c.arguments) })), calls);
    // The UI stream carries no usage or model: neither do we.
    assert.equal(m.usage, undefined);
    assert.equal(m.model, undefined);
  });
});
