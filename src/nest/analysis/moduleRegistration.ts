/**
 * Registers new classes in a NestJS module file: adds them to the `controllers` / `providers`
 * arrays of `@Module({ … })` (creating the property when missing) and imports them. Pure text
 * edits, following the file's own layout (one element per line or all on one line).
 */
import { walkNesting } from './nesting';
import { findClosing, maskTypeScript } from './tsMask';
import { ensureImports, parseImportDeclarations } from './imports';
import type { TextEdit } from './textEdits';

/** A class to register: where to import it from and which array it goes in. */
export interface ModuleEntry {
  className: string;
  /** Module specifier relative to the module file: `./news/news.controller`. */
  importPath: string;
  kind: 'controllers' | 'providers';
}

/** The edits, or a message saying what the user should do by hand. */
export type RegistrationPlan = { ok: true; edits: TextEdit[]; added: string[] } | { ok: false; message: string };

/**
 * Plans adding `entries` to the `@Module` in `source`. Entries already listed are left alone
 * (and not imported again).
 */
export function planModuleRegistration(source: string, entries: readonly ModuleEntry[]): RegistrationPlan {
  const masked = maskTypeScript(source);
  const decorator = /@Module\s*\(\s*\{/.exec(masked);
  if (!decorator) return { ok: false, message: 'found no @Module({ … }) in it' };
  const objectOpen = decorator.index + decorator[0].length - 1;
  const objectClose = findClosing(masked, objectOpen);
  if (objectClose < 0) return { ok: false, message: 'its @Module({ … }) is not closed' };

  const edits: TextEdit[] = [];
  const added: string[] = [];
  const newProperties: string[] = [];
  for (const kind of ['controllers', 'providers'] as const) {
    const names = entries.filter((e) => e.kind === kind).map((e) => e.className);
    if (names.length === 0) continue;
    const key = findTopLevelKey(masked, objectOpen, objectClose, kind);
    if (key === undefined) {
      newProperties.push(`${kind}: [${names.join(', ')}]`);
      added.push(...names);
      continue;
    }
    const arrayOpen = masked.slice(key, objectClose).search(/\S/) + key;
    if (masked[arrayOpen] !== '[') {
      return { ok: false, message: `its ${kind} is not an array literal: add ${names.join(', ')} there by hand` };
    }
    const arrayClose = findClosing(masked, arrayOpen);
    const listed = new Set(masked.slice(arrayOpen + 1, arrayClose).match(/[A-Za-z_$][\w$]*/g) ?? []);
    const missing = names.filter((name) => !listed.has(name));
    if (missing.length === 0) continue;
    edits.push(appendToList(source, masked, arrayOpen, arrayClose, missing));
    added.push(...missing);
  }
  if (newProperties.length > 0) edits.push(appendToList(source, masked, objectOpen, objectClose, newProperties));

  const toImport = entries.filter((e) => added.includes(e.className));
  const imports = ensureImports(
    source,
    toImport.map((e) => ({ module: e.importPath, names: [{ name: e.className }] })),
  );
  return { ok: true, edits: [...imports.edits, ...edits], added };
}

/**
 * What relative imports end with in this file: '.js' when they already do (ESM with
 * `moduleResolution: node16/nodenext` requires it), otherwise ''.
 */
export function detectImportSuffix(source: string): string {
  const relative = parseImportDeclarations(source).filter((d) => d.module.startsWith('.'));
  return relative.some((d) => d.module.endsWith('.js')) ? '.js' : '';
}

/** Offset just after `key:` when `key` is a property at the top level of the object. */
function findTopLevelKey(masked: string, open: number, close: number, key: string): number | undefined {
  let found: number | undefined;
  walkNesting(masked, open + 1, close, (i, _ch, before, after) => {
    if (before !== 0 || after !== 0 || !masked.startsWith(key, i) || /[\w$]/.test(masked[i - 1])) return undefined;
    const colon = /^\s*:/.exec(masked.slice(i + key.length));
    if (!colon) return undefined;
    found = i + key.length + colon[0].length;
    return close;
  });
  return found;
}

/**
 * Appends items to the list between `open` and `close` (array elements or object properties):
 * on new lines with the list's indentation when it spans lines, else inline.
 */
function appendToList(source: string, masked: string, open: number, close: number, items: string[]): TextEdit {
  const inner = masked.slice(open + 1, close);
  if (inner.trim() === '') {
    return { start: open + 1, end: close, text: masked[open] === '{' ? ` ${items.join(', ')} ` : items.join(', ') };
  }
  // The last element ends at the last non-space character before the closer, minus a trailing comma.
  let last = close - 1;
  while (/\s/.test(masked[last])) last--;
  if (masked[last] === ',') {
    last--;
    while (/\s/.test(masked[last])) last--;
  }
  const end = last + 1;
  if (/\n/.test(inner)) {
    const lineStart = source.lastIndexOf('\n', last) + 1;
    const indent = /^[ \t]*/.exec(source.slice(lineStart))?.[0] ?? '  ';
    return { start: end, end, text: items.map((item) => `,\n${indent}${item}`).join('') };
  }
  return { start: end, end, text: items.map((item) => `, ${item}`).join('') };
}
