import assert from 'node:assert/strict';
import { chunkIndexForSeq, wireSegments } from '../../../src/shared/wireSegments';

describe('wireSegments (what the Wire view marks)', () => {
  it('marks CR, LF and CRLF, BOM and NUL between runs of text', () => {
    assert.deepEqual(wireSegments('\uFEFFa\r\nb\rc\n\u0000'), [
      { kind: 'bom' },
      { kind: 'text', text: 'a' },
      { kind: 'crlf' },
      { kind: 'text', text: 'b' },
      { kind: 'cr' },
      { kind: 'text', text: 'c' },
      { kind: 'lf' },
      { kind: 'nul' },
    ]);
  });

  it('tells invalid bytes from a character split at either edge of the chunk', () => {
    assert.deepEqual(wireSegments('\uDC97x\uDCFFy\uDCE6'), [
      { kind: 'byte', byte: 0x97, split: true },
      { kind: 'text', text: 'x' },
      { kind: 'byte', byte: 0xff, split: false },
      { kind: 'text', text: 'y' },
      { kind: 'byte', byte: 0xe6, split: true },
    ]);
  });

  it('finds the chunk that completed a record: the last one before its seq', () => {
    const seqs = [0, 1, 1, 4];
    assert.equal(chunkIndexForSeq(seqs, 1), 0);
    assert.equal(chunkIndexForSeq(seqs, 2), 2);
    assert.equal(chunkIndexForSeq(seqs, 4), 2);
    assert.equal(chunkIndexForSeq(seqs, 9), 3);
    assert.equal(chunkIndexForSeq(seqs, 0), -1);
  });
});
