/** The merger on every fixture: what each format's stream adds up to, read from its API reference. */
import * as assert from 'node:assert/strict';
import { mergeRecords } from '../../src/core/llm/sessionMerger';
import { StreamMerger } from '../../src/core/llm/merger';
import type { MergedRecord } from '../../src/shared/records';
import { fixtureEvents, fixtureSession } from './support/fixtures';

function mergeFixture(name: string, gapMs = 10): MergedRecord {
  const merged = mergeRecords(fixtureSession(name, 1_000_000, gapMs));
  assert.equal(merged.length, 1, 'one merged record per connection');
  return merged[0];
}

const PARIS = { city: 'Paris', unit: 'celsius' };

describe('LLM merge: formats', () => {
  it('openai-chat: text, DeepSeek reasoning concatenated, two fragmented tool calls, usage, [DONE]', () => {
    const m = mergeFixture('openai-chat');
    assert.equal(m.format, 'openai-chat');
    assert.equal(m.model, 'deepseek-reasoner');
    assert.equal(m.text, 'Let me check the **weather** in Paris for you — één moment 🌦.');
    assert.equal(m.reasoning, 'The user wants the weather in Paris; I should call get_weather.');
    assert.deepEqual(m.toolCalls, [
      { id: 'call_1', name: 'get_weather', arguments: '{"city": "Paris", "unit": "celsius"}' },
      { id: 'call_2', name: 'get_time', arguments: '{"tz":"Europe/Paris"}' },
    ]);
    assert.equal(m.finishReason, 'tool_calls');
    assert.deepEqual(m.usage, { inputTokens: 12, outputTokens: 34, reasoningTokens: 9 });
    assert.equal(m.complete, true);
    assert.equal(m.choices, undefined);
    assert.equal(m.gaps, undefined);
    assert.equal(m.error, undefined);
  });

  it('openai-chat with n=2: choices apart, the first one on top', () => {
    const m = mergeFixture('openai-chat-n2');
    assert.equal(m.text, 'Hello there!');
    assert.equal(m.finishReason, 'stop');
    assert.deepEqual(m.choices, [
      { index: 0, text: 'Hello there!', finishReason: 'stop' },
      { index: 1, text: 'Hi you.', finishReason: 'length' },
    ]);
  });

  it('openai-chat: a malformed chunk is a gap, merging goes on, a stream cut early is incomplete', () => {
    const m = mergeFixture('openai-chat-malformed');
    assert.equal(m.text, 'Part one, part two');
    assert.deepEqual(m.gaps, [3]);
    assert.equal(m.complete, false);
    assert.equal(m.finishReason, undefined);
  });

  it('openai-chat: an error object in the stream', () => {
    const m = mergeFixture('openai-chat-error');
    assert.equal(m.text, 'Start');
    assert.deepEqual(m.error, { message: 'The server had an error while processing your request.', type: 'server_error', code: 'server_error' });
    assert.equal(m.complete, false);
  });

  it('openai-responses: reasoning summary, text, function call, status and usage', () => {
    const m = mergeFixture('openai-responses');
    assert.equal(m.format, 'openai-responses');
    assert.equal(m.model, 'o4-mini-2025-04-16');
    assert.equal(m.text, "I'll look up the weather in Paris — un instant ☀️.");
    assert.equal(m.reasoning, '**Planning** the answer: the user asks for Paris weather, so call get_weather.');
    assert.deepEqual(m.toolCalls, [{ id: 'call_1', name: 'get_weather', arguments: '{"city": "Paris", "unit": "celsius"}' }]);
    assert.equal(m.status, 'completed');
    assert.equal(m.finishReason, undefined, 'the Responses API has a status, not a finish reason');
    assert.deepEqual(m.usage, { inputTokens: 36, outputTokens: 87, reasoningTokens: 64 });
    assert.equal(m.complete, true);
  });

  it('openai-responses: response.failed and error', () => {
    const failed = mergeFixture('openai-responses-failed');
    assert.equal(failed.text, 'Partial');
    assert.equal(failed.status, 'failed');
    assert.equal(failed.error?.message, 'The model failed to generate a response.');
    assert.equal(failed.complete, false);
    const error = mergeFixture('openai-responses-error');
    assert.deepEqual(error.error, { message: 'Rate limit reached for o4-mini.', code: 'rate_limit_exceeded' });
  });

  it('anthropic: thinking, text blocks, tool_use from input_json_delta, stop_reason, usage', () => {
    const m = mergeFixture('anthropic');
    assert.equal(m.format, 'anthropic');
    assert.equal(m.model, 'claude-sonnet-4-5-20250929');
    assert.equal(m.reasoning, 'The user wants Paris weather; I will use the tool.');
    assert.equal(m.text, 'Okay, let me check the *weather* — één moment.');
    assert.deepEqual(m.toolCalls, [{ id: 'toolu_01', name: 'get_weather', arguments: '{"city": "Paris", "unit": "celsius"}' }]);
    assert.equal(m.finishReason, 'tool_use');
    assert.deepEqual(m.usage, { inputTokens: 472, outputTokens: 89 });
    assert.equal(m.complete, true);
  });

  it('anthropic: an error event after some text', () => {
    const m = mergeFixture('anthropic-error');
    assert.equal(m.text, 'Hello, wor');
    assert.deepEqual(m.error, { message: 'Overloaded', type: 'overloaded_error' });
    assert.equal(m.complete, false);
  });

  it('gemini: thought parts, text, a whole functionCall, finishReason, thoughts added to output tokens', () => {
    const m = mergeFixture('gemini');
    assert.equal(m.format, 'gemini');
    assert.equal(m.model, 'gemini-2.5-flash');
    assert.equal(m.reasoning, "**Thinking about Paris.** The user wants weather. I'll call the tool.");
    assert.equal(m.text, 'Let me check the weather — één moment.');
    assert.deepEqual(JSON.parse(m.toolCalls![0].arguments), PARIS);
    assert.equal(m.toolCalls![0].name, 'get_weather');
    assert.equal(m.finishReason, 'STOP');
    assert.deepEqual(m.usage, { inputTokens: 14, outputTokens: 69, reasoningTokens: 48 });
    assert.equal(m.complete, true);
  });

  it('gemini: an error object', () => {
    const m = mergeFixture('gemini-error');
    assert.equal(m.text, 'Partial');
    assert.deepEqual(m.error, { message: 'The model is overloaded. Please try again later.', type: 'UNAVAILABLE', code: '503' });
    assert.equal(m.complete, false);
  });

  it('ai-sdk: reasoning, text, tool input, finish reason', () => {
    const m = mergeFixture('ai-sdk');
    assert.equal(m.format, 'ai-sdk');
    assert.equal(m.reasoning, 'The user wants Paris weather.');
    assert.equal(m.text, 'Let me check **the weather** — één moment.');
    assert.deepEqual(m.toolCalls, [{ id: 'call_1', name: 'get_weather', arguments: JSON.stringify(PARIS) }]);
    assert.equal(m.finishReason, 'tool-calls');
    assert.equal(m.complete, true);
    const error = mergeFixture('ai-sdk-error');
    assert.equal(error.error?.message, 'Rate limit exceeded');
    assert.equal(error.complete, false);
  });

  it('json-rpc: messages classified and paired by id', () => {
    const m = mergeFixture('json-rpc');
    assert.equal(m.format, 'json-rpc');
    assert.equal(m.text, undefined);
    assert.deepEqual(m.rpc, [
      { seq: 2, kind: 'notification', method: 'notifications/progress' },
      { seq: 3, kind: 'request', id: 7, method: 'sampling/createMessage', pairedSeq: 5 },
      { seq: 4, kind: 'result', id: 1 },
      { seq: 5, kind: 'error', id: 7, method: 'sampling/createMessage', pairedSeq: 3 },
    ]);
  });

  it('custom: a JSONPath rule and an end marker; filters run in the safe evaluator', () => {
    const events = fixtureEvents('openai-chat');
    const merger = new StreamMerger({ format: 'custom', custom: { textPath: '$.choices[?(@.index==0)].delta.content', endMarker: '[DONE]' } });
    for (const e of events) merger.push(e);
    const m = merger.toRecord()!;
    assert.equal(m.text, 'Let me check the **weather** in Paris for you — één moment 🌦.');
    assert.equal(m.complete, true);
    // Data that looks like code stays data.
    const hostile = new StreamMerger({ format: 'custom', custom: { textPath: '$.t' } });
    hostile.push({ kind: 'event', seq: 1, time: 1, type: 'message', data: '{"t":"process.exit(1)"}', lastEventId: '', size: 1 });
    assert.equal(hostile.toRecord()!.text, 'process.exit(1)');
  });
});

describe('LLM merge: detection, pieces and timing', () => {
  it('detects each format from its first events', () => {
    const expected: Record<string, string> = {
      'openai-chat': 'openai-chat', 'openai-responses': 'openai-responses', anthropic: 'anthropic', gemini: 'gemini', 'ai-sdk': 'ai-sdk', 'json-rpc': 'json-rpc',
    };
    for (const [fixture, format] of Object.entries(expected)) {
      const merger = new StreamMerger();
      merger.push(fixtureEvents(fixture)[0]);
      assert.equal(merger.format, format, fixture);
    }
  });

  it('leaves a stream that is not an LLM stream alone', () => {
    const merger = new StreamMerger();
    for (let i = 0; i < 30; i++) merger.push({ kind: 'event', seq: i + 1, time: i, type: 'tick', data: `{"n":${i}}`, lastEventId: '', size: 1 });
    assert.equal(merger.toRecord(), undefined);
  });

  it('keeps for every piece of text the seq of the event that delivered it, when asked to', () => {
    const merger = new StreamMerger({ pieces: true });
    for (const e of fixtureEvents('openai-chat')) merger.push(e);
    const text = merger.builder!.choice(0).text;
    assert.equal(text.seqAt(0), 6); // "Let me"
    assert.equal(text.seqAt('Let me'.length), 7);
    assert.equal(text.seqAt(text.text.length - 1), 8);
    assert.equal(text.seqAt(text.text.length), undefined);
    // Without the option (record, merge, checks) the same text, and no piece table.
    const plain = new StreamMerger();
    for (const e of fixtureEvents('openai-chat')) plain.push(e);
    assert.equal(plain.builder!.choice(0).text.text, text.text);
    assert.equal(plain.builder!.choice(0).text.pieceCount, 0);
    assert.deepEqual(plain.toRecord(), merger.toRecord());
  });

  it('timing: ttft from the request to the first content event, gaps, rates from usage', () => {
    const m = mergeFixture('openai-chat', 20);
    // Events at start+100+20*(seq-2); the first with content is the reasoning at seq 3.
    assert.equal(m.timing.ttftMs, 120);
    assert.equal(m.timing.chunks, 16);
    assert.equal(m.timing.gapP50Ms, 20);
    assert.equal(m.timing.gapMaxMs, 20);
    assert.equal(m.timing.durationMs, 100 + 15 * 20);
    // 34 output tokens over the 280 ms from the first content event to the last event.
    assert.equal(m.timing.tokensPerSec, Math.round((34 / 0.28) * 10) / 10);
  });

  it('one merged record per connection across reconnects, and none twice', () => {
    const first = fixtureSession('anthropic', 1_000_000);
    const second = fixtureSession('openai-chat', 2_000_000).map((r) => ({ ...r, seq: r.seq + 100 }));
    const merged = mergeRecords([...first, ...second]);
    assert.deepEqual(merged.map((m) => m.format), ['anthropic', 'openai-chat']);
    // The record is handed out at the terminal event, with that event's seq.
    assert.equal(merged[0].seq, first[first.length - 2].seq);
  });

  it('a forced format reads what detection would not', () => {
    const m = mergeRecords(fixtureSession('anthropic'), { format: 'openai-chat' });
    assert.equal(m[0].format, 'openai-chat');
    assert.equal(m[0].text, undefined);
    assert.ok((m[0].gaps ?? []).length > 0, 'events without choices are gaps');
  });
});

describe('LLM merge: capture files', () => {
  it('merges each stream of a capture file on its own', () => {
    const a = fixtureEvents('anthropic').map((e) => ({ ...e, stream: 1 }));
    const b = fixtureEvents('openai-chat').map((e) => ({ ...e, stream: 2 }));
    const interleaved = [];
    for (let i = 0; i < Math.max(a.length, b.length); i++) interleaved.push(...(a[i] ? [a[i]] : []), ...(b[i] ? [b[i]] : []));
    const merged = mergeRecords(interleaved);
    assert.deepEqual(merged.map((m) => [m.stream, m.format, m.complete]), [[2, 'openai-chat', true], [1, 'anthropic', true]]);
    assert.equal(merged[1].text, 'Okay, let me check the *weather* — één moment.');
  });
});
