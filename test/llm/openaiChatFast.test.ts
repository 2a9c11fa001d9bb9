/** The Chat Completions shortcut reads exactly what the full parse reads, or steps aside. */
import * as assert from 'node:assert/strict';
import { learnTemplate, matchTemplate, SHORTCUT_MAX_CHARS } from '../../src/core/llm/formats/openaiChatFast';
import { StreamMerger } from '../../src/core/llm/merger';
import type { EventRecord } from '../../src/shared/records';

const chunk = (content: unknown, extra = ''): string =>
  `{"id":"c1","object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":{"content":${JSON.stringify(content)}},"finish_reason":null}]${extra}}`;

function merge(datas: string[]): string | undefined {
  const merger = new StreamMerger({ format: 'openai-chat' });
  datas.forEach((data, i) => merger.push({ kind: 'event', seq: i + 1, time: i, type: 'message', data, lastEventId: '', size: data.length } satisfies EventRecord));
  return merger.toRecord()?.text;
}

describe('openai-chat shortcut', () => {
  it('learns a plain delta chunk and reads later ones with escapes, unicode and emoji', () => {
    const t = learnTemplate(chunk('Hi'), JSON.parse(chunk('Hi')))!;
    assert.ok(t);
    for (const s of ['a "quoted" word', 'back\\slash', 'line\nbreak', 'é 🌦 \u2028', '', '"},"finish_reason":"stop"}]}']) {
      assert.equal(matchTemplate(t, chunk(s)), s, JSON.stringify(s));
    }
  });

  it('steps aside for another shape: a finish reason, usage, tool calls, an unescaped quote, control characters', () => {
    const t = learnTemplate(chunk('Hi'), JSON.parse(chunk('Hi')))!;
    const stop = '{"id":"c1","object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":{"content":"x"},"finish_reason":"stop"}]}';
    assert.equal(matchTemplate(t, stop), undefined);
    assert.equal(matchTemplate(t, chunk('x', ',"usage":{"prompt_tokens":1}')), undefined);
    const injected = '{"id":"c1","object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":{"content":"a","refusal":"b"},"finish_reason":null}]}';
    assert.equal(matchTemplate(t, injected), undefined);
    assert.equal(matchTemplate(t, chunk('x').replace('"x"', '"\u0001"')), undefined);
    assert.equal(learnTemplate(chunk('x', ',"obfuscation":"ab"'), JSON.parse(chunk('x', ',"obfuscation":"ab"'))), undefined);
  });

  it('leaves a chunk too long for its pattern to the full parse, which reads it all the same', () => {
    const t = learnTemplate(chunk('Hi'), JSON.parse(chunk('Hi')))!;
    const long = `${'word "quoted" \\ '.repeat(SHORTCUT_MAX_CHARS / 4)}end`;
    assert.ok(chunk(long).length > SHORTCUT_MAX_CHARS);
    assert.equal(matchTemplate(t, chunk(long)), undefined);
    const short = 'x'.repeat(SHORTCUT_MAX_CHARS - chunk('').length);
    assert.equal(matchTemplate(t, chunk(short)), short, 'the longest chunk it still reads');
    assert.equal(merge([chunk('Hi'), chunk(long), chunk('!')]), `Hi${long}!`);
  });

  it('a whole stream merges the same with and without the shortcut', () => {
    const datas = [chunk('Hello'), chunk(', "world"'), chunk(' \\o/'), '{"id":"c1","object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":{"content":"!","refusal":null},"finish_reason":"stop"}]}', chunk(' more')];
    const expected = datas.map((d) => (JSON.parse(d) as { choices: { delta: { content: string } }[] }).choices[0].delta.content).join('');
    assert.equal(merge(datas), expected);
    assert.equal(merge([...datas, '{not json']), expected);
  });
});
