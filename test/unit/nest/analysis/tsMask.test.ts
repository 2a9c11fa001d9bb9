import { strict as assert } from 'node:assert';
import { findClosing, maskTypeScript, readStringLiteral } from '../../../../src/nest/analysis/tsMask';

describe('tsMask', () => {
  it('keeps the length and line breaks, blanks comments and literal contents', () => {
    const source = "const a = '{'; // }\nconst b = \"x\\\"y\"; /* {\n} */ f(`t ${ g({}) } u`);";
    const masked = maskTypeScript(source);
    assert.equal(masked.length, source.length);
    assert.equal(masked.split('\n').length, source.split('\n').length);
    assert.equal(masked, "const a = ' ';     \nconst b = \"    \";     \n     f(`  ${ g({}) }  `);");
  });

  it('blanks regex literals but not divisions', () => {
    const masked = maskTypeScript("const r = /[}/]'/g; const d = a / b / c; return /{/.test(s);");
    assert.ok(!masked.includes('}'));
    assert.ok(!masked.includes("'"));
    assert.ok(masked.includes('a / b / c'));
  });

  it('finds matching closers in masked text', () => {
    const masked = maskTypeScript("f({ a: [1, '}'], b: () => {} })");
    assert.equal(findClosing(masked, 1), masked.length - 1);
    assert.equal(findClosing(masked, 2), masked.length - 2);
    assert.equal(findClosing('( [ )', 0), -1);
  });

  it('reads plain string literals, not interpolated ones', () => {
    assert.deepEqual(readStringLiteral("  'a\\'b' rest", 0), { value: "a'b", end: 8 });
    assert.equal(readStringLiteral('`a${b}`', 0), undefined);
    assert.equal(readStringLiteral('name', 0), undefined);
  });
});
