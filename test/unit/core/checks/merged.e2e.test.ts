/**
 * `expect.merged` against local servers on 127.0.0.1 that replay the LLM fixtures
 * (test/llm/fixtures): each key passes on the right answer and fails, at its line and with the
 * seq at fault, on a wrong one; a stream that is not an LLM stream fails with a clear message.
 */
import assert from 'node:assert/strict';
import { formatFailure } from '../../../../src/core/checks/failure';
import type { CheckResult } from '../../../../src/core/checks/runner';
import type { EventRecord } from '../../../../src/shared/records';
import { fixtureText } from '../../../llm/support/fixtures';
import { replay, type ReplayServer } from '../../../llm/support/replayServer';
import { SseTestServer, sse } from '../../../support/sseServer';
import { firstFailure, runYaml, seqOf } from './checkHarness';

/** A check of `merged` keys (YAML lines under `merged:`, indented by the caller) on `url`. */
function mergedCheck(url: string, ...keys: string[]): string {
  return ['checks:', '  - name: llm', `    request: { url: "${url}", method: POST, body: "{}" }`, '    expect:', '      merged:', ...keys.map((k) => `        ${k}`)].join('\n');
}

const lastEventSeq = (result: CheckResult) => result.records.filter((r): r is EventRecord => r.kind === 'event').at(-1)!.seq;

describe('checks: expect.merged against replayed LLM streams', function () {
  this.timeout(15_000);
  // One server for the routes a test needs, one replay server per fixture.
  let server: SseTestServer;
  const replays = new Map<string, ReplayServer>();
  const url = async (fixture: string): Promise<string> => {
    let r = replays.get(fixture);
    if (!r) replays.set(fixture, (r = await replay(fixture)));
    return `${r.url}/v1/stream`;
  };

  before(async () => {
    server = await SseTestServer.start();
  });
  after(async () => {
    await server.close();
    for (const r of replays.values()) await r.close();
  });

  const passing: [string, string[]][] = [
    ['openai-chat', ['text: "weather\\\\*\\\\* in Paris"', 'toolCalls: [get_weather, get_time]', 'finishReason: tool_calls', 'format: openai-chat']],
    ['openai-responses', ['text: ^I.ll look up', 'toolCalls: [get_weather]', 'finishReason: completed', 'format: openai-responses']],
    ['anthropic', ['text: /^okay, LET ME/i', 'toolCalls: [get_weather]', 'finishReason: tool_use', 'format: anthropic']],
    ['gemini', ['text: "één moment\\\\.$"', 'toolCalls: [get_weather]', 'finishReason: STOP', 'format: gemini']],
    ['ai-sdk', ['text: the weather', 'toolCalls: [get_weather]', 'finishReason: tool-calls', 'format: ai-sdk']],
    ['openai-chat-n2', ['text: ^Hello there!$', 'toolCalls: []', 'finishReason: stop']],
  ];
  for (const [fixture, keys] of passing) {
    it(`passes on ${fixture}: ${keys.map((k) => k.split(':')[0]).join(', ')}, maxTtftMs`, async () => {
      const result = await runYaml(server, mergedCheck(await url(fixture), ...keys, 'maxTtftMs: 5000'));
      assert.deepEqual(result.failures.map(formatFailure), []);
      assert.equal(result.outcome, 'passed');
    });
  }

  it('text: a regex the answer does not match fails at its line with the answer and the last event', async () => {
    const result = await runYaml(server, mergedCheck(await url('openai-chat'), 'format: openai-chat', 'text: ^Goodbye'));
    const failure = firstFailure(result);
    assert.equal(result.failures.length, 1);
    assert.equal(failure.expectation, 'expect.merged.text');
    assert.equal(failure.place.line, 7);
    assert.equal(failure.expected, 'text matching ^Goodbye');
    assert.equal(failure.got, '"Let me check the **weather** in Paris for you — één moment 🌦."');
    assert.equal(failure.seq, lastEventSeq(result));
  });

  it('text: an answer cut by a provider error says so', async () => {
    const result = await runYaml(server, mergedCheck(await url('anthropic-error'), 'text: world'));
    const failure = firstFailure(result);
    assert.equal(failure.got, '"Hello, wor" (the stream reported an error: Overloaded)');
  });

  it('toolCalls: exact names in order; another order, a subset and none all fail', async () => {
    const chat = await url('openai-chat');
    const swapped = firstFailure(await runYaml(server, mergedCheck(chat, 'toolCalls: [get_time, get_weather]')));
    assert.equal(swapped.expectation, 'expect.merged.toolCalls');
    assert.equal(swapped.place.line, 6);
    assert.equal(swapped.expected, 'tool calls [get_time, get_weather]');
    assert.equal(swapped.got, 'tool calls [get_weather, get_time]');
    const subset = firstFailure(await runYaml(server, mergedCheck(chat, 'toolCalls: [get_weather]')));
    assert.equal(subset.got, 'tool calls [get_weather, get_time]');
    const none = await runYaml(server, mergedCheck(await url('openai-chat-n2'), 'toolCalls: [get_weather]'));
    assert.equal(firstFailure(none).got, 'no tool calls');
    assert.equal(firstFailure(none).seq, lastEventSeq(none));
  });

  it('finishReason: another reason fails; a stream without one says it was not complete', async () => {
    const result = await runYaml(server, mergedCheck(await url('anthropic'), 'finishReason: end_turn'));
    const failure = firstFailure(result);
    assert.equal(failure.expectation, 'expect.merged.finishReason');
    assert.equal(failure.expected, 'finish reason "end_turn"');
    assert.equal(failure.got, '"tool_use"');
    assert.equal(failure.seq, lastEventSeq(result));
    const cut = firstFailure(await runYaml(server, mergedCheck(await url('openai-chat-malformed'), 'finishReason: stop')));
    assert.equal(cut.got, 'no finish reason (the answer is not complete: the server ended it)');
    const failed = firstFailure(await runYaml(server, mergedCheck(await url('openai-responses-failed'), 'finishReason: completed')));
    assert.match(failed.got, /^"failed" \(the stream reported an error: The model failed/);
  });

  it('maxTtftMs: a slow first token fails with its time and the seq of the first event that added content', async () => {
    // The first chunk (role only, no content) comes at once; the content 300 ms later.
    const [head, ...rest] = fixtureText('openai-chat').split(/(?<=\n\n)/);
    server.route('/slow', sse([head, { delayMs: 300 }, rest.join('')]));
    const fast = await runYaml(server, mergedCheck(server.url('/slow'), 'maxTtftMs: 5000'));
    assert.equal(fast.outcome, 'passed');
    const result = await runYaml(server, mergedCheck(server.url('/slow'), 'text: Paris', 'maxTtftMs: 100'));
    const failure = firstFailure(result);
    assert.equal(result.failures.length, 1);
    assert.equal(failure.expectation, 'expect.merged.maxTtftMs');
    assert.equal(failure.place.line, 7);
    assert.equal(failure.expected, 'the first token within 100 ms');
    assert.match(failure.got, /^\d+ ms$/);
    assert.ok(Number.parseInt(failure.got, 10) >= 250, failure.got);
    assert.equal(failure.seq, seqOf(result, { nth: 2 }), 'the second event brings the first reasoning');
  });

  it('maxTtftMs: a stream with no content at all', async () => {
    const result = await runYaml(server, mergedCheck(await url('json-rpc'), 'maxTtftMs: 1000'));
    // The JSON-RPC fixture carries an error response, which the message names too.
    assert.match(firstFailure(result).got, /^no event added text, reasoning or a tool call \(the stream reported an error: Method not found\)$/);
  });

  it('format: a stream detected as another format fails at format', async () => {
    const result = await runYaml(server, mergedCheck(await url('gemini'), 'format: anthropic', 'finishReason: STOP'));
    const failure = firstFailure(result);
    assert.equal(result.failures.length, 1);
    assert.equal(failure.expectation, 'expect.merged.format');
    assert.equal(failure.expected, 'format anthropic');
    assert.equal(failure.got, 'gemini');
  });

  it('every broken key is its own failure, in file order', async () => {
    const result = await runYaml(server, mergedCheck(await url('openai-chat'), 'text: nope', 'toolCalls: []', 'finishReason: stop', 'maxTtftMs: 5000', 'format: gemini'));
    assert.deepEqual(
      result.failures.map((f) => [f.expectation, f.place.line]),
      [
        ['expect.merged.text', 6],
        ['expect.merged.toolCalls', 7],
        ['expect.merged.finishReason', 8],
        ['expect.merged.format', 10],
      ],
    );
  });

  it('a stream that is not an LLM stream fails merged with a clear message', async () => {
    server.route('/ticks', sse(['event: tick\ndata: 1\n\n', 'event: tick\ndata: {"n":2}\n\n', 'event: tick\ndata: {"n":3}\n\n']));
    const result = await runYaml(server, mergedCheck(server.url('/ticks'), 'text: anything'));
    const failure = firstFailure(result);
    assert.equal(result.failures.length, 1);
    assert.equal(failure.expectation, 'expect.merged');
    assert.equal(failure.place.line, 5);
    assert.match(failure.expected, /^an LLM stream \(openai-chat, .*json-rpc\)$/);
    assert.equal(failure.got, 'no LLM format recognised in 3 events');
    assert.equal(failure.seq, lastEventSeq(result));
    server.route('/empty', sse([]));
    const empty = firstFailure(await runYaml(server, mergedCheck(server.url('/empty'), 'text: anything')));
    assert.equal(empty.got, 'no event (the server ended it)');
  });
});
