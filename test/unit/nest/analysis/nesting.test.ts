import * as assert from 'node:assert/strict';
import { classBodies, walkNesting } from '../../../../src/nest/analysis/nesting';
import { maskTypeScript } from '../../../../src/nest/analysis/tsMask';

describe('nesting: classes and one level of a body', () => {
  it('finds every class with a complete body, braces in strings and comments ignored', () => {
    const source = "export class A {\n  s = '}';\n  // }\n  m() { class B { x = 1; } }\n}\nclass Broken {\n";
    const classes = classBodies(maskTypeScript(source));
    assert.deepEqual(classes.map((c) => c.name), ['A', 'B']);
    assert.equal(source.slice(classes[0].open, classes[0].close + 1).endsWith('}\n}'), true);
    assert.equal(source.slice(classes[1].keyword, classes[1].keyword + 7), 'class B');
  });

  it('tells each character its depth before and after, and can skip ahead or stop', () => {
    const text = 'a(b[c]){d};e';
    const seen: string[] = [];
    walkNesting(text, 0, text.length, (_i, ch, before, after) => {
      seen.push(`${ch}${before}${after}`);
      return ch === 'e' ? text.length : undefined;
    });
    assert.deepEqual(seen, ['a00', '(01', 'b11', '[12', 'c22', ']21', ')10', '{01', 'd11', '}10', ';00', 'e00']);
    const skipped: number[] = [];
    walkNesting('word x', 0, 6, (i) => {
      skipped.push(i);
      return i === 0 ? 4 : undefined;
    });
    assert.deepEqual(skipped, [0, 4, 5]);
  });
});
