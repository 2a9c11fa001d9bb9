/**
 * The two scans every piece of NestJS analysis needs, over text masked by tsMask.ts (so brackets
 * in strings and comments do not count): the classes with their bodies, and one nesting level of
 * a body walked character by character.
 */
import { findClosing } from './tsMask';

/** A class declaration: its name, where its `class` keyword is, and its body's braces. */
export interface ClassBody {
  name: string;
  keyword: number;
  open: number;
  close: number;
}

/** Every class with a complete body, in source order (nested classes too). */
export function classBodies(masked: string): ClassBody[] {
  const classes: ClassBody[] = [];
  const classKeyword = /\bclass\s+([A-Za-z_$][\w$]*)/g;
  for (let match = classKeyword.exec(masked); match; match = classKeyword.exec(masked)) {
    const open = masked.indexOf('{', match.index + match[0].length);
    if (open < 0) continue;
    const close = findClosing(masked, open);
    if (close < 0) continue;
    classes.push({ name: match[1], keyword: match.index, open, close });
  }
  return classes;
}

/**
 * Walks `masked` from `from` to `to` (exclusive), telling `visit` each character with the bracket
 * depth before and after it (0 = the level the walk started at). `visit` may return the index
 * to go on from (past a word it read, or `to` to stop).
 */
export function walkNesting(
  masked: string,
  from: number,
  to: number,
  visit: (index: number, ch: string, depthBefore: number, depthAfter: number) => number | void,
): void {
  let depth = 0;
  for (let i = from; i < to; ) {
    const ch = masked[i];
    const before = depth;
    if (ch === '{' || ch === '(' || ch === '[') depth++;
    else if (ch === '}' || ch === ')' || ch === ']') depth--;
    const next = visit(i, ch, before, depth);
    i = typeof next === 'number' && next > i ? next : i + 1;
  }
}
