/**
 * Adds the imports generated code needs to a TypeScript file, by editing import declarations as
 * text. Handles multi-line declarations, `import type`, inline `type` specifiers, default +
 * named imports, namespace imports and aliases, and never imports a name twice: when a name is
 * already there (perhaps under an alias or through a namespace), the result says which
 * identifier the generated code must use instead.
 */
import { maskTypeScript, readStringLiteral } from './tsMask';
import type { TextEdit } from './textEdits';

/** One name the generated code uses. */
export interface ImportNeed {
  /** The exported name, e.g. `Sse`. */
  name: string;
  /** True when the code uses it only as a type (then `import type` also satisfies it). */
  typeOnly?: boolean;
}

/** The names needed from one module. */
export interface ModuleImports {
  module: string;
  names: ImportNeed[];
}

/** The edits to make, and for each needed name the identifier to write in the generated code. */
export interface ImportPlan {
  edits: TextEdit[];
  /** `Sse` → `Sse`, or `NestSse` for `import { Sse as NestSse }`, or `common.Sse` for a namespace. */
  identifiers: Record<string, string>;
}

/** A named specifier inside `{ … }`. */
interface Specifier {
  imported: string;
  local: string;
  typeOnly: boolean;
  end: number;
}

/** One `import … from '…'` declaration. */
interface ImportDeclaration {
  module: string;
  start: number;
  end: number;
  typeOnly: boolean;
  defaultName?: string;
  defaultEnd?: number;
  namespace?: string;
  braces?: { open: number; close: number; specifiers: Specifier[] };
  quote: string;
  semicolon: boolean;
}

/**
 * Plans the edits that make `needs` importable in `source`. Existing declarations of the same
 * module are extended; otherwise one new declaration per module goes after the last import.
 */
export function ensureImports(source: string, needs: readonly ModuleImports[]): ImportPlan {
  const masked = maskTypeScript(source);
  const declarations = parseImportDeclarations(source, masked);
  const inlineTypeStyle = declarations.some((d) => d.braces?.specifiers.some((s) => s.typeOnly && !d.typeOnly));
  const boundNames = new Set(declarations.flatMap(localNames));
  const edits: TextEdit[] = [];
  const identifiers: Record<string, string> = {};
  const newLines: string[] = [];

  for (const { module, names } of mergeByModule(needs)) {
    const fromModule = declarations.filter((d) => d.module === module);
    const missing: { spec: string; need: ImportNeed }[] = [];
    for (const need of names) {
      const existing = findExisting(fromModule, need);
      if (existing) {
        identifiers[need.name] = existing;
        continue;
      }
      // Another module already binds this name (e.g. lodash's `map`): import ours under an alias.
      const local = boundNames.has(need.name) ? aliasFor(module, need.name, boundNames) : need.name;
      boundNames.add(local);
      identifiers[need.name] = local;
      const typePrefix = need.typeOnly && inlineTypeStyle ? 'type ' : '';
      missing.push({ spec: `${typePrefix}${need.name}${local === need.name ? '' : ` as ${local}`}`, need });
    }
    if (missing.length === 0) continue;
    const specs = missing.map((m) => m.spec);
    const target = fromModule.find((d) => !d.typeOnly && d.braces);
    const defaultOnly = fromModule.find((d) => !d.typeOnly && d.defaultName && !d.braces && !d.namespace);
    if (target?.braces) {
      edits.push(addToBraces(source, target.braces, specs));
    } else if (defaultOnly?.defaultEnd !== undefined) {
      edits.push({ start: defaultOnly.defaultEnd, end: defaultOnly.defaultEnd, text: `, { ${specs.join(', ')} }` });
    } else {
      const style = declarations[0] ?? { quote: "'", semicolon: true };
      newLines.push(`import { ${specs.join(', ')} } from ${style.quote}${module}${style.quote}${style.semicolon ? ';' : ''}`);
    }
  }

  if (newLines.length > 0) {
    const last = declarations[declarations.length - 1];
    if (last) {
      edits.push({ start: last.end, end: last.end, text: newLines.map((line) => `\n${line}`).join('') });
    } else {
      const separator = source.length > 0 && !/^\r?\n/.test(source) ? '\n' : '';
      edits.push({ start: 0, end: 0, text: newLines.map((line) => `${line}\n`).join('') + separator });
    }
  }
  return { edits, identifiers };
}

/** Merges needs for the same module (keeping the first mention order) and drops duplicates. */
function mergeByModule(needs: readonly ModuleImports[]): ModuleImports[] {
  const merged = new Map<string, Map<string, ImportNeed>>();
  for (const { module, names } of needs) {
    const byName = merged.get(module) ?? new Map<string, ImportNeed>();
    merged.set(module, byName);
    for (const need of names) {
      const before = byName.get(need.name);
      // A name used as a value anywhere needs a value import.
      byName.set(need.name, { name: need.name, typeOnly: (before?.typeOnly ?? true) && !!need.typeOnly });
    }
  }
  return [...merged].map(([module, byName]) => ({ module, names: [...byName.values()] }));
}

/** The identifier under which `need` is already available from these declarations, if any. */
function findExisting(declarations: ImportDeclaration[], need: ImportNeed): string | undefined {
  for (const d of declarations) {
    for (const s of d.braces?.specifiers ?? []) {
      if (s.imported === need.name && (need.typeOnly || (!d.typeOnly && !s.typeOnly))) return s.local;
    }
  }
  for (const d of declarations) {
    if (d.namespace && (need.typeOnly || !d.typeOnly)) return `${d.namespace}.${need.name}`;
  }
  return undefined;
}

/** `rxjs`, `map` → `rxjsMap`; numbered when even that is taken. */
function aliasFor(module: string, name: string, taken: ReadonlySet<string>): string {
  const last = module.split('/').pop() ?? module;
  const prefix = last.replace(/[^A-Za-z0-9]+(.)?/g, (_m, ch: string | undefined) => (ch ? ch.toUpperCase() : '')).replace(/^[^A-Za-z_$]+/, '');
  const base = `${prefix || 'imported'}${name[0].toUpperCase()}${name.slice(1)}`;
  let alias = base;
  for (let n = 2; taken.has(alias); n++) alias = `${base}${n}`;
  return alias;
}

/** Adds specifiers after the last one in `{ … }`, following the declaration's layout. */
function addToBraces(source: string, braces: NonNullable<ImportDeclaration['braces']>, specs: string[]): TextEdit {
  const last = braces.specifiers[braces.specifiers.length - 1];
  if (!last) return { start: braces.open + 1, end: braces.close, text: ` ${specs.join(', ')} ` };
  const inner = source.slice(braces.open + 1, braces.close);
  if (/\n/.test(inner)) {
    const lineStart = source.lastIndexOf('\n', last.end - 1) + 1;
    const indent = /^[ \t]*/.exec(source.slice(lineStart))?.[0] ?? '  ';
    return { start: last.end, end: last.end, text: specs.map((spec) => `,\n${indent}${spec}`).join('') };
  }
  return { start: last.end, end: last.end, text: specs.map((spec) => `, ${spec}`).join('') };
}

/** The local names a declaration binds. */
function localNames(d: ImportDeclaration): string[] {
  return [d.defaultName, d.namespace, ...(d.braces?.specifiers.map((s) => s.local) ?? [])].filter((n): n is string => !!n);
}

/**
 * Finds static import declarations (`import … from '…'` and side-effect `import '…'`). Skips
 * `import(…)`, `import.meta` and `import x = require(…)`.
 */
export function parseImportDeclarations(source: string, masked: string = maskTypeScript(source)): ImportDeclaration[] {
  const declarations: ImportDeclaration[] = [];
  const keyword = /(^|[;}\n])([ \t]*)import(?=[\s{*'"])/g;
  for (let match = keyword.exec(masked); match; match = keyword.exec(masked)) {
    const start = match.index + match[1].length + match[2].length;
    const quoteAt = masked.slice(start).search(/['"]/);
    if (quoteAt < 0) continue;
    const literalStart = start + quoteAt;
    const clause = masked.slice(start + 'import'.length, literalStart);
    if (/[=(;]/.test(clause)) continue;
    const literal = readStringLiteral(source, literalStart);
    if (!literal) continue;
    let end = literal.end;
    const semicolon = /^[ \t]*;/.exec(source.slice(end));
    if (semicolon) end += semicolon[0].length;
    const declaration: ImportDeclaration = {
      module: literal.value,
      start,
      end,
      typeOnly: false,
      quote: source[literalStart],
      semicolon: !!semicolon,
    };
    parseClause(masked, source, start + 'import'.length, literalStart, declaration);
    declarations.push(declaration);
    keyword.lastIndex = end;
  }
  return declarations;
}

/** Fills default/namespace/named parts of a declaration from its clause `[from, to)`. */
function parseClause(masked: string, source: string, from: number, to: number, d: ImportDeclaration): void {
  let i = from;
  const skipSpace = (): void => {
    while (i < to && /\s/.test(masked[i])) i++;
  };
  skipSpace();
  // `import type X`, `import type { … }`, but not `import type from 'm'` (a default named "type").
  const typeKeyword = /^type\s+(?!from\b)(?=[\w${*])/.exec(masked.slice(i, to));
  if (typeKeyword) {
    d.typeOnly = true;
    i += typeKeyword[0].length;
  }
  const defaultName = /^([A-Za-z_$][\w$]*)/.exec(masked.slice(i, to));
  if (defaultName && defaultName[1] !== 'from') {
    d.defaultName = defaultName[1];
    d.defaultEnd = i + defaultName[1].length;
    i = d.defaultEnd;
    skipSpace();
    if (masked[i] === ',') i++;
    skipSpace();
  }
  const namespace = /^\*\s*as\s+([A-Za-z_$][\w$]*)/.exec(masked.slice(i, to));
  if (namespace) {
    d.namespace = namespace[1];
    return;
  }
  if (masked[i] !== '{') return;
  const open = i;
  const close = masked.indexOf('}', open);
  if (close < 0 || close > to) return;
  const specifiers: Specifier[] = [];
  const spec = /(?:^|,)(\s*)(type\s+(?!as\b|,|$))?([A-Za-z_$][\w$]*|['"][^'"]*['"])(?:\s+as\s+([A-Za-z_$][\w$]*))?\s*(?=,|$)/g;
  const inner = masked.slice(open + 1, close);
  // Module export names in quotes are masked; read them from the original.
  const innerOriginal = source.slice(open + 1, close);
  for (let m = spec.exec(inner); m; m = spec.exec(inner)) {
    const nameStart = m.index + (m[0].startsWith(',') ? 1 : 0) + m[1].length + (m[2]?.length ?? 0);
    const imported = m[3].startsWith("'") || m[3].startsWith('"') ? innerOriginal.slice(nameStart + 1, nameStart + m[3].length - 1) : m[3];
    const trimmedEnd = m.index + m[0].trimEnd().length;
    specifiers.push({ imported, local: m[4] ?? imported, typeOnly: !!m[2], end: open + 1 + trimmedEnd });
  }
  d.braces = { open, close, specifiers };
}
