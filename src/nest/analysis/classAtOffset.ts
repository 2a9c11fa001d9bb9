/**
 * Where a new class member goes: the class around a cursor offset, the indentation its members
 * use, the method names it already has, and the member boundary to insert at. Works on masked
 * text (see ./tsMask) so braces in strings and comments do not count. Pure.
 */
import { classBodies, walkNesting } from './nesting';
import { maskTypeScript } from './tsMask';

/** A class and its body. */
export interface ClassAtOffset {
  name: string;
  /** Offset of the body's `{` and `}`. */
  open: number;
  close: number;
  /** Indentation of the line with the `class` keyword. */
  classIndent: string;
  /** Indentation of the first member line, when the class has members. */
  memberIndent?: string;
  /** Names of methods and properties declared at the top level of the body. */
  memberNames: Set<string>;
}

/** The innermost class whose body contains `offset`, or undefined when it is outside every class. */
export function findClassAtOffset(source: string, offset: number, masked: string = maskTypeScript(source)): ClassAtOffset | undefined {
  let best: ClassAtOffset | undefined;
  for (const { name, keyword, open, close } of classBodies(masked)) {
    if (open >= offset || offset > close) continue;
    if (best && open < best.open) continue;
    const lineStart = source.lastIndexOf('\n', keyword) + 1;
    best = {
      name,
      open,
      close,
      classIndent: /^[ \t]*/.exec(source.slice(lineStart))?.[0] ?? '',
      memberIndent: firstMemberIndent(masked, open, close),
      memberNames: memberNames(masked, open, close),
    };
  }
  return best;
}

/**
 * The offset to insert a new member at for a cursor at `offset`: after the member the cursor is
 * in, or after the last member ending before it when the cursor is between members. Trailing
 * comments on that line stay with their member.
 */
export function memberInsertionOffset(source: string, cls: ClassAtOffset, offset: number, masked: string = maskTypeScript(source)): number {
  const boundaries = [cls.open + 1];
  let cursorDepth = 0;
  walkNesting(masked, cls.open + 1, cls.close, (i, ch, before, after) => {
    if (i === offset) cursorDepth = before;
    if ((ch === '}' && after === 0) || (ch === ';' && after === 0)) boundaries.push(i + 1);
  });
  let at: number;
  if (cursorDepth === 0) at = Math.max(...boundaries.filter((b) => b <= offset));
  else at = boundaries.find((b) => b >= offset) ?? cls.close;
  // Keep a trailing comment (masked to spaces) on its line: insert at the end of that line.
  const lineEnd = nextLineBreak(masked, at);
  if (lineEnd <= cls.close && masked.slice(at, lineEnd).trim() === '') return lineEnd;
  return at;
}

/** Offset of the next `\r` or `\n` at or after `from` (or the text length). */
function nextLineBreak(text: string, from: number): number {
  for (let i = from; i < text.length; i++) if (text[i] === '\n' || text[i] === '\r') return i;
  return text.length;
}

function firstMemberIndent(masked: string, open: number, close: number): string | undefined {
  const body = masked.slice(open + 1, close);
  const line = body.split(/\r?\n/).slice(1).find((l) => l.trim() !== '');
  return line === undefined ? undefined : /^[ \t]*/.exec(line)?.[0];
}

/** Identifiers followed by `(`, `=`, `:` or `;` at the body's top level (decorator names excluded). */
function memberNames(masked: string, open: number, close: number): Set<string> {
  const names = new Set<string>();
  walkNesting(masked, open + 1, close, (i, ch, before, after) => {
    if (before !== 0 || after !== 0 || !/[A-Za-z_$]/.test(ch) || /[\w$@.]/.test(masked[i - 1] ?? '')) return undefined;
    const m = /^([A-Za-z_$][\w$]*)\s*[?!]?\s*[(<=:;]/.exec(masked.slice(i, i + 200));
    if (m) names.add(m[1]);
    const word = /^[\w$]+/.exec(masked.slice(i));
    return i + (word?.[0].length ?? 1);
  });
  return names;
}
