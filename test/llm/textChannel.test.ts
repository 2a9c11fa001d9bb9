/** TextChannel against a naive model, across its fold and block boundaries. */
import * as assert from 'node:assert/strict';
import { TextChannel } from '../../src/core/llm/builder';

describe('TextChannel', () => {
  it('keeps the text and which event delivered each character, over thousands of pieces', () => {
    const channel = new TextChannel();
    let text = '';
    const owner: number[] = [];
    const pieces: { seqs: number[]; ends: number[] } = { seqs: [], ends: [] };
    let seq = 10;
    for (let i = 0; i < 7000; i++) {
      // Now and then two appends from one event (one piece), now and then an empty append (none).
      if (i % 7 !== 0) seq += 1 + (i % 3);
      const piece = i % 11 === 0 ? '' : `${i % 5 === 0 ? 'é🌦' : 'w'}${i}`;
      channel.append(piece, seq);
      if (piece === '') continue;
      text += piece;
      for (let k = 0; k < piece.length; k++) owner.push(seq);
      if (pieces.seqs[pieces.seqs.length - 1] === seq) pieces.ends[pieces.ends.length - 1] = text.length;
      else {
        pieces.seqs.push(seq);
        pieces.ends.push(text.length);
      }
      if (i % 997 === 0) assert.equal(channel.text, text, `text after ${i}`);
    }
    assert.equal(channel.text, text);
    assert.equal(channel.length, text.length);
    assert.equal(channel.pieceCount, pieces.seqs.length);
    assert.ok(pieces.seqs.length > 4096, 'spans several blocks');
    assert.deepEqual(channel.pieces(), pieces);
    assert.deepEqual(channel.pieces(4000), { seqs: pieces.seqs.slice(4000), ends: pieces.ends.slice(4000) });
    for (let offset = 0; offset < text.length; offset += 7) assert.equal(channel.seqAt(offset), owner[offset], `offset ${offset}`);
    assert.equal(channel.seqAt(text.length - 1), owner[text.length - 1]);
    assert.equal(channel.seqAt(text.length), undefined);
    assert.equal(channel.seqAt(-1), undefined);
  });
});
