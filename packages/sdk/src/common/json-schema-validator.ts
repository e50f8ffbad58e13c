/**
 * One shared JSON Schema validator (Ajv 8) for input that users describe with a JSON Schema: a
 * workflow's `inputSchema` is compiled when it is validated and checked when a run is invoked.
 *
 * @module
 */
import { Ajv, type ValidateFunction } from 'ajv';
import type { ValidationIssue } from '../errors/validation-error.js';

const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: true });
const cache = new Map<string, ValidateFunction>();
const MAX_CACHED = 200;

/**
 * Compiles a JSON Schema (cached by its JSON text). Throws with Ajv's message when it is not a
 * valid schema.
 *
 * @example
 * const validate = compileJsonSchema({ type: 'object', required: ['question'] });
 */
export function compileJsonSchema(schema: object): ValidateFunction {
  const key = JSON.stringify(schema);
  let validate = cache.get(key);
  if (!validate) {
    validate = ajv.compile(schema);
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(key, validate);
  }
  return validate;
}

/**
 * The problems of `value` against `schema`, as validation issues under `path` (empty when valid).
 *
 * @example
 * const issues = jsonSchemaIssues({ type: 'object', required: ['q'] }, {}, ['input']);
 * // [{ path: ['input'], message: "must have required property 'q'" }]
 */
export function jsonSchemaIssues(schema: object, value: unknown, path: readonly (string | number)[]): ValidationIssue[] {
  const validate = compileJsonSchema(schema);
  if (validate(value)) return [];
  return (validate.errors ?? []).slice(0, 20).map((e) => ({
    path: [...path, ...e.instancePath.split('/').slice(1).map((p) => (/^\d+$/.test(p) ? Number(p) : p.replaceAll('~1', '/').replaceAll('~0', '~')))],
    message: e.message ?? 'is invalid',
  }));
}

/**
 * Why `schema` is not a usable JSON Schema, or null when it is.
 *
 * @example
 * jsonSchemaProblem({ type: 'nonsense' }); // 'schema is invalid: data/type must be equal to one of the allowed values ...'
 */
export function jsonSchemaProblem(schema: object): string | null {
  try {
    compileJsonSchema(schema);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}
