/**
 * A shortcut for the chunk that makes up almost all of a Chat Completions stream: one choice whose
 * delta carries one string (`content`, `reasoning_content`, ...), everything else the same as the
 * chunk before. Once a chunk of that shape has been parsed fully, the text before its string (the
 * prefix) and after it (the suffix) become a pattern with a JSON string's body between them (two:
 * one for a body without escapes, one with); a later chunk that matches is the same object with
 * another string, so only that string is decoded. Anything else (another shape, an `obfuscation` field that changes, a quote in the
 * middle) falls back to the full parse. This keeps merging cheap next to reading (bench/merge.ts).
 */
import { escapeRegExp } from '../../../shared/filter';
import { asObject } from '../builder';

/** A JSON string's body without escapes: no quote, backslash or control character. */
const PLAIN_BODY = String.raw`[^"\\\u0000-\u001f]*`;
/** A JSON string's body: plain runs between escapes (unrolled, so that the matcher does not backtrack per character). */
const JSON_STRING_BODY = String.raw`${PLAIN_BODY}(?:\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})${PLAIN_BODY})*`;

/** Delta keys whose string the shortcut can deliver, and the channel each one feeds. */
const CHANNELS: Record<string, 'text' | 'reasoning' | 'refusal'> = { content: 'text', reasoning_content: 'reasoning', reasoning: 'reasoning', refusal: 'refusal' };
const INERT_CHUNK_KEYS = new Set(['id', 'object', 'created', 'model', 'system_fingerprint', 'service_tier', 'choices', 'usage', 'obfuscation']);
const INERT_CHOICE_KEYS = new Set(['index', 'delta', 'finish_reason', 'logprobs']);

/** A learnt chunk shape. */
export interface ChunkTemplate {
  /** Characters before the string's body, and after it (the pattern holds the text itself). */
  prefixLength: number;
  suffixLength: number;
  channel: 'text' | 'reasoning' | 'refusal';
  choice: number;
  /** The chunk's `model` (inside the prefix): a matching chunk sets it, as the full read does. */
  model?: string;
  /** The whole chunk as a pattern: `^prefix` a JSON string body without escapes `suffix$`. */
  plain: RegExp;
  /** The same with escapes allowed in the body: tried when `plain` fails. */
  escaped: RegExp;
}

/**
 * Chunks longer than this go to the full parse: the pattern's cost grows with the string (about
 * as fast as JSON.parse at 4,000 characters, far slower at megabytes), and a model's delta
 * chunks are a few hundred characters.
 */
export const SHORTCUT_MAX_CHARS = 2048;

/** The string between `template`'s prefix and suffix, when `data` has that shape; else undefined. */
export function matchTemplate(template: ChunkTemplate, data: string): string | undefined {
  if (data.length > SHORTCUT_MAX_CHARS) return undefined;
  // One regular expression checks the prefix, a valid string body and the suffix in one pass,
  // in V8's compiled matcher and without allocating. Slicing the chunk and comparing the slices
  // (and, worse, startsWith) cost two to three times as much per chunk in streaming: the chunk
  // is a slice of the decoded network read, and comparing slices goes the slow way in V8.
  // Most deltas have no escape: when the plain pattern matches, the body is the text as it is,
  // with no search for a backslash (which cost more than the rest of the slicing).
  const end = data.length - template.suffixLength;
  if (template.plain.test(data)) return data.slice(template.prefixLength, end);
  return template.escaped.test(data) ? decodeString(data.slice(template.prefixLength, end)) : undefined;
}

/** What the one-character JSON escapes stand for (`\uXXXX` aside), by the escape's character code. */
const ESCAPES: Record<number, string> = { 0x22: '"', 0x5c: '\\', 0x2f: '/', 0x62: '\b', 0x66: '\f', 0x6e: '\n', 0x72: '\r', 0x74: '\t' };

/**
 * A JSON string body with its escapes decoded, by JSON's rules (the differential test holds it to
 * JSON.parse). The pattern has already checked the body; the checks below still return undefined
 * for what is no valid body (an unescaped quote or control character, an unknown escape), so that
 * this never reads one wrongly. By hand rather than JSON.parse of the body in quotes, which cost
 * several times as much per chunk.
 */
function decodeString(body: string): string | undefined {
  let out = '';
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c === 0x22 || c < 0x20) return undefined;
    if (c !== 0x5c) continue;
    out += body.slice(start, i);
    const e = i + 1 < body.length ? body.charCodeAt(i + 1) : -1;
    if (e === 0x75) {
      const code = i + 5 < body.length ? hex4(body, i + 2) : -1;
      if (code < 0) return undefined;
      out += String.fromCharCode(code);
      i += 5;
    } else {
      const char = ESCAPES[e];
      if (char === undefined) return undefined;
      out += char;
      i += 1;
    }
    start = i + 1;
  }
  return out + body.slice(start);
}

/** The four hex digits at data[at, at + 4) as a number, or -1. */
function hex4(data: string, at: number): number {
  let code = 0;
  for (let k = at; k < at + 4; k++) {
    const c = data.charCodeAt(k);
    const digit = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x41 && c <= 0x46 ? c - 0x37 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1;
    if (digit < 0) return -1;
    code = code * 16 + digit;
  }
  return code;
}

/** The template a fully parsed chunk gives, when it has the shortcut's shape. */
export function learnTemplate(data: string, json: unknown): ChunkTemplate | undefined {
  const chunk = asObject(json);
  if (!chunk || !Array.isArray(chunk.choices) || chunk.choices.length !== 1) return undefined;
  for (const key of Object.keys(chunk)) if (!INERT_CHUNK_KEYS.has(key) || (key === 'usage' && chunk.usage !== null)) return undefined;
  // A field that changes per chunk (OpenAI's `obfuscation`) would never match: do not learn.
  if (chunk.obfuscation !== undefined) return undefined;
  const choice = asObject(chunk.choices[0]);
  if (!choice) return undefined;
  for (const key of Object.keys(choice)) {
    if (!INERT_CHOICE_KEYS.has(key) || ((key === 'finish_reason' || key === 'logprobs') && choice[key] !== null)) return undefined;
  }
  const delta = asObject(choice.delta);
  if (!delta) return undefined;
  let found: string | undefined;
  for (const [key, value] of Object.entries(delta)) {
    if (typeof value === 'string' && CHANNELS[key] !== undefined && found === undefined) found = key;
    else if (value !== null && key !== 'role') return undefined;
  }
  if (found === undefined) return undefined;
  const marker = `"${found}":"`;
  const at = data.indexOf(marker);
  if (at === -1 || data.indexOf(marker, at + 1) !== -1) return undefined;
  const start = at + marker.length;
  let end = start;
  while (end < data.length && data[end] !== '"') end += data[end] === '\\' ? 2 : 1;
  if (end >= data.length) return undefined;
  const prefix = `^${escapeRegExp(data.slice(0, start))}`;
  const suffix = `${escapeRegExp(data.slice(end))}$`;
  const chunkPattern = (body: string): RegExp => new RegExp(prefix + body + suffix);
  const template: ChunkTemplate = {
    prefixLength: start,
    suffixLength: data.length - end,
    channel: CHANNELS[found],
    choice: typeof choice.index === 'number' ? choice.index : 0,
    plain: chunkPattern(PLAIN_BODY),
    escaped: chunkPattern(JSON_STRING_BODY),
  };
  if (typeof chunk.model === 'string' && chunk.model !== '') template.model = chunk.model;
  // The template must read this very chunk back as the parse did.
  return matchTemplate(template, data) === delta[found] ? template : undefined;
}
