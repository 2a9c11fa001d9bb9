import assert from 'node:assert/strict';
import { referenceParse } from './referenceParser';
import { read } from './streamHarness';
import { seededRandom as prng } from '../../support/seededRandom';


const EOLS = ['\n', '\r', '\r\n'];
const TEXTS = ['', 'a', ' lead', 'é€', '😀x', 'x: y', '\u0000', 'long'];

/** A random stream mixing every field, line ending, long data runs and the odd BOM. */
function randomStream(rand: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)];
  let text = rand() < 0.2 ? '\uFEFF' : '';
  const blocks = 1 + Math.floor(rand() * 8);
  for (let b = 0; b < blocks; b++) {
    const lines = Math.floor(rand() * 6);
    for (let l = 0; l < lines; l++) {
      const r = rand();
      let line: string;
      if (r < 0.45) line = rand() < 0.15 ? 'data' : `data:${rand() < 0.7 ? ' ' : ''}${rand() < 0.3 ? 'z'.repeat(Math.floor(rand() * 2500)) : pick(TEXTS)}`;
      else if (r < 0.55) line = `event: ${pick(['', 'tick', 'ü'])}`;
      else if (r < 0.65) line = `id: ${pick(['', '1', 'a\u0000b', 'é'])}`;
      else if (r < 0.72) line = `retry: ${pick(['10', 'x', '', '3000'])}`;
      else if (r < 0.85) line = `:${pick(TEXTS)}`;
      else line = pick(['foo: bar', 'Data: no', 'dat', '\uFEFFdata: bom']);
      text += line + pick(EOLS);
    }
    text += pick(EOLS);
  }
  if (rand() < 0.3) text += 'data: unterminated';
  return text;
}

/** Random cut points, including runs of single bytes. */
function randomChunks(all: Buffer, rand: () => number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let pos = 0;
  while (pos < all.length) {
    const size = rand() < 0.3 ? 1 : 1 + Math.floor(rand() * 700);
    chunks.push(all.subarray(pos, pos + size));
    pos += size;
  }
  return chunks;
}

describe('EventStreamReader against a literal spec implementation (random streams and chunkings)', () => {
  for (const limit of [16 * 1024 * 1024, 1000, 40]) {
    it(`agrees on 400 random streams, limit ${limit} bytes`, () => {
      for (let seed = 1; seed <= 400; seed++) {
        const rand = prng(seed * 7919 + limit);
        const text = randomStream(rand);
        const expected = referenceParse(text, limit);
        const all = Buffer.from(text, 'utf8');
        for (let round = 0; round < 4; round++) {
          const chunks = round === 0 ? [all] : randomChunks(all, rand);
          assert.deepEqual(read(chunks, limit), expected, `seed ${seed}, round ${round}, limit ${limit}: ${JSON.stringify(text.slice(0, 300))}`);
        }
      }
    });
  }
});
