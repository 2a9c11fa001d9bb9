/**
 * JSON Schema with ajv: the shape of check files (schemas/ssecheck.schema.json, the same file
 * the editor uses for completion) and the per-event schemas users write (draft 2020-12).
 */
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import fileSchema from '../../../schemas/ssecheck.schema.json';

/**
 * Per-event schemas: strict, so a misspelt keyword (`typ: string`) is a compile error with its
 * place instead of a schema that accepts everything. Formats are not checked (no format
 * package is bundled): `format` is accepted and ignored, as the 2020-12 spec allows.
 */
function eventSchemaAjv(): Ajv2020 {
  return new Ajv2020({ strict: true, strictTypes: false, strictTuples: false, strictRequired: false, allErrors: false, validateFormats: false });
}

let eventAjv: Ajv2020 | undefined;

/** Compiles a user's schema; throws with ajv's message when it does not compile. */
export function compileEventSchema(schema: unknown): ValidateFunction {
  eventAjv ??= eventSchemaAjv();
  // A fresh instance per file would re-add the meta-schemas each time; one instance is fine as
  // long as user schemas carry no $id that could clash, so $id is left out of what is compiled.
  const copy = typeof schema === 'object' && schema !== null ? { ...(schema as Record<string, unknown>) } : schema;
  if (typeof copy === 'object' && copy !== null) delete (copy as Record<string, unknown>).$id;
  return eventAjv.compile(copy as object | boolean);
}

/** One ajv error as words: where in the value, and what is wrong. */
export function describeAjvError(error: ErrorObject): string {
  const where = error.instancePath === '' ? 'the data' : error.instancePath;
  if (error.keyword === 'additionalProperties') {
    return `${where} has the property "${(error.params as { additionalProperty: string }).additionalProperty}", which the schema does not allow`;
  }
  if (error.keyword === 'required') return `${where} has no "${(error.params as { missingProperty: string }).missingProperty}"`;
  if (error.keyword === 'enum') return `${where} must be one of ${JSON.stringify((error.params as { allowedValues: unknown[] }).allowedValues)}`;
  return `${where} ${error.message ?? 'is not valid'}`;
}

let shapeValidator: ValidateFunction | undefined;

/** Validates a whole check file against the shipped schema; all errors, for the best one to be picked. */
export function validateShape(data: unknown): ErrorObject[] {
  if (!shapeValidator) {
    const ajv = new Ajv2020({ strict: false, allErrors: true, verbose: true });
    const { $schema: _draft, ...schema } = fileSchema as Record<string, unknown>;
    shapeValidator = ajv.compile(schema);
  }
  return shapeValidator(data) ? [] : [...(shapeValidator.errors ?? [])];
}
