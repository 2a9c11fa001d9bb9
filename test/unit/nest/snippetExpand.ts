/**
 * Expands a VS Code snippet body the way the editor does when the user accepts every default:
 * placeholders take their default, choices their first option, mirrors and transforms follow
 * their tab stop, and leading tabs become two spaces (the editor's indentation in our tests).
 * Covers the snippet syntax our snippets use; anything else throws, so a new construct cannot
 * slip through untested.
 */
import { toCamelCase, toPascalCase } from '../../../src/nest/analysis/names';

/**
 * Expands `body` (the lines of a snippet) with every tab stop at its default, or at the value
 * `typed` gives for its number (what a user would type there).
 */
export function expandSnippet(body: readonly string[], typed: Readonly<Record<number, string>> = {}): string {
  const text = body.map((line) => line.replace(/^\t+/, (tabs) => '  '.repeat(tabs.length))).join('\n');
  const values = new Map<string, string>(Object.entries(typed));
  // Defaults may appear after their first mirror: collect them first.
  for (const m of text.matchAll(/(?<!\\)\$\{(\d+):([^}]*)\}/g)) if (!values.has(m[1])) values.set(m[1], unescape(m[2]));
  for (const m of text.matchAll(/(?<!\\)\$\{(\d+)\|([^|]*)\|\}/g)) if (!values.has(m[1])) values.set(m[1], m[2].split(',')[0]);

  let out = '';
  for (let i = 0; i < text.length; ) {
    const ch = text[i];
    if (ch === '\\' && /[\\$}]/.test(text[i + 1] ?? '')) {
      out += text[i + 1];
      i += 2;
      continue;
    }
    if (ch !== '$') {
      out += ch;
      i++;
      continue;
    }
    const rest = text.slice(i);
    const simple = /^\$(\d+)/.exec(rest) ?? /^\$\{(\d+)\}/.exec(rest);
    const withDefault = /^\$\{(\d+)(?::[^}]*|\|[^|]*\|)\}/.exec(rest);
    const transform = /^\$\{(\d+)\/\(\.\*\)\/\$\{1:\/(pascalcase|camelcase)\}\/\}/.exec(rest);
    const match = transform ?? withDefault ?? simple;
    if (!match) throw new Error(`unsupported snippet syntax at: ${rest.slice(0, 40)}`);
    const value = values.get(match[1]) ?? '';
    out += transform ? (transform[2] === 'pascalcase' ? toPascalCase(value) : toCamelCase(value)) : value;
    i += match[0].length;
  }
  return out;
}

function unescape(text: string): string {
  return text.replace(/\\([\\$}])/g, '$1');
}
