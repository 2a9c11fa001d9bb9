/**
 * A JSON Schema (draft 2020-12) that every one of some JSON values passes: the types seen, the
 * properties every object had (required) and those some had (optional). A starting point for
 * "Save as Check…", deliberately loose about values (no enums, no lengths): shapes, not content.
 */

/** Plain JSON Schema object. */
export type Schema = Record<string, unknown>;

const MAX_DEPTH = 6;
const MAX_PROPERTIES = 100;

type JsonType = 'null' | 'boolean' | 'integer' | 'number' | 'string' | 'array' | 'object';

function typeOf(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value as JsonType;
}

/** The schema of `values` (at least one). */
export function inferSchema(values: readonly unknown[], depth = 0): Schema {
  if (values.length === 0 || depth >= MAX_DEPTH) return {};
  const types = new Set(values.map(typeOf));
  // An integer field that is sometimes fractional is a number.
  if (types.has('integer') && types.has('number')) types.delete('integer');
  const list = [...types].sort();
  const schema: Schema = { type: list.length === 1 ? list[0] : list };
  if (types.has('object')) {
    const objects = values.filter((v) => typeOf(v) === 'object') as Record<string, unknown>[];
    const keys = [...new Set(objects.flatMap((o) => Object.keys(o)))].slice(0, MAX_PROPERTIES);
    const properties: Schema = {};
    for (const key of keys) properties[key] = inferSchema(objects.filter((o) => key in o).map((o) => o[key]), depth + 1);
    schema.properties = properties;
    const required = keys.filter((key) => objects.every((o) => key in o));
    if (required.length > 0) schema.required = required;
  }
  if (types.has('array')) {
    const items = (values.filter((v) => Array.isArray(v)) as unknown[][]).flat();
    if (items.length > 0) schema.items = inferSchema(items, depth + 1);
  }
  return schema;
}
