/**
 * Deciding whether event data is JSON worth showing as a tree. Pure: unit-tested in Node.
 */

/** JSON values as `JSON.parse` returns them. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Result of {@link parseJsonData}: a tree only for objects and arrays. */
export type JsonDetection = { kind: 'tree'; value: JsonValue[] | { [key: string]: JsonValue } } | { kind: 'text' };

/** Data larger than this is not parsed for the tree (the view cuts it anyway). */
export const MAX_JSON_PARSE_CHARS = 4 * 1024 * 1024;

/**
 * Parses `data` when it is a JSON object or array. Scalars (`42`, `"x"`, `true`) stay text: a
 * tree of one leaf says nothing the raw text does not. Never throws.
 */
export function parseJsonData(data: string): JsonDetection {
  if (data.length > MAX_JSON_PARSE_CHARS) return { kind: 'text' };
  // Cheap pre-check before paying for JSON.parse on every selected row of plain text.
  let i = 0;
  while (i < data.length && (data[i] === ' ' || data[i] === '\n' || data[i] === '\r' || data[i] === '\t')) i++;
  const first = data[i];
  if (first !== '{' && first !== '[') return { kind: 'text' };
  try {
    const value = JSON.parse(data) as JsonValue;
    if (value !== null && typeof value === 'object') return { kind: 'tree', value };
  } catch {
    // Not JSON after all: shown as raw text.
  }
  return { kind: 'text' };
}

/** How a JSON scalar is written in the tree (strings quoted as JSON does). */
export function jsonScalarText(value: JsonValue): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** The class suffix that colours a scalar: string, number, boolean or null. */
export function jsonScalarKind(value: JsonValue): 'string' | 'number' | 'boolean' | 'null' {
  if (value === null) return 'null';
  const t = typeof value;
  return t === 'string' ? 'string' : t === 'number' ? 'number' : 'boolean';
}
