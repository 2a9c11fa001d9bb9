/**
 * Turns ajv's errors against the check-file schema into a few problems a person can fix, each at
 * its line: an unknown key is named at the key itself, with the keys allowed there.
 */
import type { ErrorObject } from 'ajv/dist/2020';
import { placeFor, pointerSegment, type Positions } from './positions';
import type { FileProblem } from './types';

/** `/checks/0/expect` -> `checks[0].expect`: how the file's keys read in a message. */
export function keyPath(pointer: string): string {
  if (pointer === '') return 'the file';
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : path === '' ? segment : `${path}.${segment}`), '');
}

/** How a failure names its expectation: relative to its check (`expect.events[1].count`). */
export function expectationName(pointer: string): string {
  return keyPath(pointer.replace(/^\/checks\/\d+(?=\/|$)/, '')).replace(/^the file$/, 'check');
}

function allowedKeys(error: ErrorObject): string {
  const properties = (error.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return properties ? ` (allowed: ${Object.keys(properties).join(', ')})` : '';
}

function describe(error: ErrorObject, at: string): { pointer: string; message: string } {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      return { pointer: `${error.instancePath}/${pointerSegment(key)}`, message: `unknown key "${key}" in ${at}${allowedKeys(error)}` };
    }
    case 'required':
      return { pointer: error.instancePath, message: `${at} needs "${String(params.missingProperty)}"` };
    case 'enum':
      return { pointer: error.instancePath, message: `${at} must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    case 'oneOf':
      return { pointer: error.instancePath, message: `${at} must be ${error.instancePath.endsWith('/count') ? 'a whole number or { min, max }' : 'one of the allowed forms'}` };
    case 'type':
      return { pointer: error.instancePath, message: `${at} must be ${describeType(params.type)}` };
    case 'pattern':
      return { pointer: error.instancePath, message: `${at} must be an http:// or https:// URL` };
    default:
      return { pointer: error.instancePath, message: `${at} ${error.message ?? 'is not valid'}` };
  }
}

function describeType(type: unknown): string {
  const names: Record<string, string> = { integer: 'a whole number', number: 'a number', string: 'a string', object: 'a mapping (key: value)', array: 'a list', boolean: 'true or false' };
  const list = Array.isArray(type) ? type : [type];
  return list.map((t) => names[String(t)] ?? String(t)).join(' or ');
}

/** The problems worth showing, one per place, in file order. */
export function shapeProblems(errors: readonly ErrorObject[], positions: Positions): FileProblem[] {
  const oneOfPaths = new Set(errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath));
  // Errors from inside a oneOf branch: keep only those below the value (an unknown key in
  // `count: {mn: 1}`); the wrong-type errors of each branch say less than the oneOf itself.
  const kept = errors.filter((e) => {
    if (e.keyword === 'oneOf') return !errors.some((o) => o !== e && o.keyword === 'additionalProperties' && o.instancePath.startsWith(e.instancePath));
    const inBranch = [...oneOfPaths].some((p) => e.instancePath === p || e.instancePath.startsWith(`${p}/`));
    return !inBranch || e.keyword === 'additionalProperties';
  });
  const byPointer = new Map<string, FileProblem>();
  for (const error of kept) {
    const { pointer, message } = describe(error, keyPath(error.instancePath));
    if (!byPointer.has(pointer)) byPointer.set(pointer, { pointer, place: placeFor(positions, pointer), message });
  }
  return [...byPointer.values()].sort((a, b) => a.place.line - b.place.line || a.place.column - b.place.column);
}
