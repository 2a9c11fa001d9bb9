/**
 * The Chat Completions shortcut against the full JSON.parse path, differentially: every fixture,
 * and seeded generated streams full of hostile chunks (escapes, unicode, surrogate pairs, lone
 * surrogates, control characters, injected keys, whitespace, changed fields, broken JSON), merge
 * to exactly the same record and the same text pieces with the shortcut as without it.
 */
import * as assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { OpenAiChatReader } from '../../src/core/llm/formats/openaiChat';
import { learnTemplate, matchTemplate } from '../../src/core/llm/formats/openaiChatFast';
import { StreamMerger } from '../../src/core/llm/merger';
import { mergeRecords } from '../../src/core/llm/sessionMerger';
import type { EventRecord } from '../../src/shared/records';
import { FIXTURES, fixtureSession } from './support/fixtures';
import { seededRandom as random } from '../support/seededRandom';

/** Runs `fn` with the shortcut switched off, so that every chunk goes through JSON.parse. */
function withoutShortcut<T>(fn: () => T): T {
  const original = Object.getOwnPropertyDescriptor(OpenAiChatReader.prototype, 'readRaw')!;
  Object.defineProperty(OpenAiChatReader.prototype, 'readRaw', { ...original, value: () => false });
  try {
    return fn();
  } finally {
    Object.defineProperty(OpenAiChatReader.prototype, 'readRaw', original);
  }
}

const PIECES = ['a', 'Hello', ' ', '"', '\\', '/', '\n', '\t', '\u0001', '\u001f', '\u007f', 'é', '—', '\u2028', '\u2029', '🌦', '\ud83c', '\udf26', '𝄞', '}', ']', ',', ':', '{"x":1}', '\\u0041', '</script>'];
const HEAD = '{"id":"chatcmpl-d","object":"chat.completion.chunk","created":1764547200,"model":"m"';

function text(next: () => number): string {
  let out = '';
  const n = Math.floor(next() * 6);
  for (let i = 0; i < n; i++) out += PIECES[Math.floor(next() * PIECES.length)];
  return out;
}

/** One chunk's data: mostly the plain shape, often bent in one of the ways a server (or an attacker) might. */
function chunk(next: () => number, key: string): string {
  const value = text(next);
  const plain = `${HEAD},"choices":[{"index":0,"delta":{"${key}":${JSON.stringify(value)}},"finish_reason":null}]}`;
  switch (Math.floor(next() * 17)) {
    case 0: // the same string with every character escaped as \uXXXX
      return plain.replace(JSON.stringify(value), `"${[...value].map((c) => [...c].map((u) => `\\u${u.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')).join('')}"`);
    case 1: // a raw (unescaped) quote, control character or backslash inside the string: not JSON
      return plain.replace(JSON.stringify(value), `"${value}${['"', '\u0002', '\\', '\n'][Math.floor(next() * 4)]}"`);
    case 2: // another delta key beside it
      return plain.replace(`"${key}":`, `"refusal":"no","${key}":`);
    case 3: // whitespace JSON allows
      return plain.replace('"delta":', '"delta" : ').replace(',"finish_reason"', ' ,\n"finish_reason"');
    case 4: // a finish reason
      return plain.replace('"finish_reason":null', '"finish_reason":"stop"');
    case 5: // another model, choice or tool call
      return [plain.replace('"model":"m"', '"model":"m2"'), plain.replace('"index":0', '"index":1'), `${HEAD},"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":${JSON.stringify(value)}}}]},"finish_reason":null}]}`][Math.floor(next() * 3)];
    case 6: // cut short, or with something after the object
      return next() < 0.5 ? plain.slice(0, Math.floor(next() * plain.length)) : `${plain} x`;
    case 7: // the value is no string
      return plain.replace(JSON.stringify(value), ['null', '12', '["a"]', '{"t":"a"}'][Math.floor(next() * 4)]);
    case 8: // a second content field after the first (JSON.parse keeps the last one)
      return plain.replace('}},"finish', `,"${key}":"again"}},"finish`);
    case 9: // usage, or an unknown top-level key
      return plain.replace(/}$/, next() < 0.5 ? ',"usage":{"prompt_tokens":1,"completion_tokens":2}}' : ',"x_extra":"\\"}"}');
    case 10: // an escape JSON does not know, or a \u with too few hex digits: not JSON
      return plain.replace(JSON.stringify(value), `"${JSON.stringify(value).slice(1, -1)}${['\\x', '\\u12', '\\u12G4', '\\U0041', '\\\''][Math.floor(next() * 5)]}"`);
    default:
      return plain;
  }
}

const event = (seq: number, data: string): EventRecord => ({ kind: 'event', seq, time: seq * 10, type: 'message', data, lastEventId: '', size: data.length });

function mergeBoth(datas: string[]): { fast: unknown; full: unknown } {
  const run = () => {
    const merger = new StreamMerger({ format: 'openai-chat', pieces: true });
    datas.forEach((data, i) => merger.push(event(i + 1, data)));
    const choices = merger.builder?.choices().map((c) => ({ text: c.text.pieces(), reasoning: c.reasoning.pieces(), refusal: c.refusal.pieces() }));
    return { record: merger.toRecord(), choices };
  };
  return { fast: run(), full: withoutShortcut(run) };
}

describe('openai-chat shortcut against JSON.parse (differential)', () => {
  it('every fixture merges to the same records with and without the shortcut', () => {
    const names = readdirSync(FIXTURES).filter((f) => f.endsWith('.sse')).map((f) => f.replace(/\.sse$/, ''));
    assert.ok(names.length >= 10, names.join());
    for (const name of names) {
      const records = fixtureSession(name);
      assert.deepEqual(mergeRecords(records), withoutShortcut(() => mergeRecords(records)), name);
    }
  });

  it('seeded hostile streams merge to the same record and pieces with and without it', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const next = random(seed);
      const key = ['content', 'reasoning_content', 'reasoning', 'refusal'][seed % 4];
      const datas = Array.from({ length: 40 }, () => chunk(next, key));
      const { fast, full } = mergeBoth(datas);
      assert.deepEqual(fast, full, `seed ${seed}`);
    }
  });

  it('whatever the shortcut reads is what JSON.parse reads, else it steps aside', () => {
    let read = 0;
    let declined = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const next = random(seed + 1000);
      const key = ['content', 'reasoning_content', 'reasoning', 'refusal'][seed % 4];
      const base = `${HEAD},"choices":[{"index":0,"delta":{"${key}":"base"},"finish_reason":null}]}`;
      const template = learnTemplate(base, JSON.parse(base));
      assert.ok(template, key);
      for (let i = 0; i < 40; i++) {
        const data = chunk(next, key);
        const got = matchTemplate(template, data);
        if (got === undefined) {
          declined++;
          continue;
        }
        read++;
        // The shortcut read a string: the whole chunk must be the learnt one with that string.
        const expected = JSON.parse(base) as { choices: { delta: Record<string, unknown> }[] };
        expected.choices[0].delta[key] = got;
        assert.deepEqual(JSON.parse(data), expected, data);
      }
    }
    assert.ok(read > 1000 && declined > 1000, `read ${read}, declined ${declined}`);
  });
});
