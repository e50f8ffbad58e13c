/**
 * A structural check of a function's `parameters`: a JSON Schema describing an object (what LLM
 * tool-calling APIs expect). It checks the keywords it knows, recursively, and reports every
 * problem with its path; unknown keywords are allowed, as JSON Schema allows them.
 *
 * @module
 */
import type { ValidationIssue } from '../../errors/validation-error.js';

/** The JSON Schema primitive types. */
export const JSON_SCHEMA_TYPES = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'] as const;

/** How deep subschemas may nest before the schema is refused. */
export const MAX_SCHEMA_DEPTH = 32;

type Path = (string | number)[];

const SCHEMA_KEYWORDS = ['additionalProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames', 'additionalItems', 'unevaluatedProperties', 'unevaluatedItems'] as const;
const SCHEMA_ARRAY_KEYWORDS = ['anyOf', 'oneOf', 'allOf', 'prefixItems'] as const;
const SCHEMA_MAP_KEYWORDS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'] as const;
const STRING_KEYWORDS = ['title', 'description', 'format', '$ref', '$schema', '$id', '$comment', 'contentMediaType', 'contentEncoding'] as const;
const COUNT_KEYWORDS = ['minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties', 'minContains', 'maxContains'] as const;
const NUMBER_KEYWORDS = ['minimum', 'maximum'] as const;
const BOOLEAN_KEYWORDS = ['uniqueItems', 'readOnly', 'writeOnly', 'deprecated', 'nullable'] as const;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

function checkType(value: unknown, path: Path, issues: ValidationIssue[]): void {
  const known = JSON_SCHEMA_TYPES as readonly unknown[];
  const message = `must be one of ${JSON_SCHEMA_TYPES.join(', ')} (or an array of them)`;
  if (typeof value === 'string') {
    if (!known.includes(value)) issues.push({ path, message });
    return;
  }
  if (!Array.isArray(value) || value.length === 0) {
    issues.push({ path, message });
    return;
  }
  const seen = new Set<unknown>();
  value.forEach((t, i) => {
    if (!known.includes(t)) issues.push({ path: [...path, i], message });
    else if (seen.has(t)) issues.push({ path: [...path, i], message: `duplicate type "${String(t)}"` });
    seen.add(t);
  });
}

function checkRequired(schema: Record<string, unknown>, path: Path, issues: ValidationIssue[]): void {
  const required = schema.required;
  if (required === undefined) return;
  if (!Array.isArray(required)) {
    issues.push({ path: [...path, 'required'], message: `must be an array of property names, not ${describe(required)}` });
    return;
  }
  const properties = isPlainObject(schema.properties) ? schema.properties : {};
  const seen = new Set<string>();
  required.forEach((name, i) => {
    const at = [...path, 'required', i];
    if (typeof name !== 'string') {
      issues.push({ path: at, message: `must be a property name (a string), not ${describe(name)}` });
    } else if (seen.has(name)) {
      issues.push({ path: at, message: `"${name}" is listed twice` });
    } else if (!Object.hasOwn(properties, name)) {
      issues.push({ path: at, message: `"${name}" is not one of the schema's properties` });
    }
    if (typeof name === 'string') seen.add(name);
  });
}

function checkKeywords(schema: Record<string, unknown>, path: Path, depth: number, issues: ValidationIssue[]): void {
  if (schema.type !== undefined) checkType(schema.type, [...path, 'type'], issues);

  for (const key of SCHEMA_MAP_KEYWORDS) {
    const value = schema[key];
    if (value === undefined) continue;
    if (!isPlainObject(value)) {
      issues.push({ path: [...path, key], message: `must be an object mapping names to schemas, not ${describe(value)}` });
      continue;
    }
    for (const [name, sub] of Object.entries(value)) checkSubschema(sub, [...path, key, name], depth + 1, issues);
  }
  checkRequired(schema, path, issues);

  if (schema.items !== undefined) {
    if (Array.isArray(schema.items)) schema.items.forEach((sub, i) => checkSubschema(sub, [...path, 'items', i], depth + 1, issues));
    else checkSubschema(schema.items, [...path, 'items'], depth + 1, issues);
  }
  for (const key of SCHEMA_KEYWORDS) {
    if (schema[key] !== undefined) checkSubschema(schema[key], [...path, key], depth + 1, issues);
  }
  for (const key of SCHEMA_ARRAY_KEYWORDS) {
    const value = schema[key];
    if (value === undefined) continue;
    if (!Array.isArray(value) || value.length === 0) {
      issues.push({ path: [...path, key], message: 'must be a non-empty array of schemas' });
      continue;
    }
    value.forEach((sub, i) => checkSubschema(sub, [...path, key, i], depth + 1, issues));
  }

  for (const key of STRING_KEYWORDS) {
    if (schema[key] !== undefined && typeof schema[key] !== 'string') {
      issues.push({ path: [...path, key], message: `must be a string, not ${describe(schema[key])}` });
    }
  }
  for (const key of COUNT_KEYWORDS) {
    const value = schema[key];
    if (value !== undefined && !(typeof value === 'number' && Number.isInteger(value) && value >= 0)) {
      issues.push({ path: [...path, key], message: 'must be a non-negative integer' });
    }
  }
  for (const key of NUMBER_KEYWORDS) {
    if (schema[key] !== undefined && typeof schema[key] !== 'number') {
      issues.push({ path: [...path, key], message: `must be a number, not ${describe(schema[key])}` });
    }
  }
  for (const key of ['exclusiveMinimum', 'exclusiveMaximum'] as const) {
    // a number since draft 6, a boolean in draft 4
    const value = schema[key];
    if (value !== undefined && typeof value !== 'number' && typeof value !== 'boolean') {
      issues.push({ path: [...path, key], message: 'must be a number' });
    }
  }
  if (schema.multipleOf !== undefined && !(typeof schema.multipleOf === 'number' && schema.multipleOf > 0)) {
    issues.push({ path: [...path, 'multipleOf'], message: 'must be a number greater than 0' });
  }
  for (const key of BOOLEAN_KEYWORDS) {
    if (schema[key] !== undefined && typeof schema[key] !== 'boolean') {
      issues.push({ path: [...path, key], message: `must be a boolean, not ${describe(schema[key])}` });
    }
  }
  if (schema.enum !== undefined && !(Array.isArray(schema.enum) && schema.enum.length > 0)) {
    issues.push({ path: [...path, 'enum'], message: 'must be a non-empty array of values' });
  }
  if (schema.examples !== undefined && !Array.isArray(schema.examples)) {
    issues.push({ path: [...path, 'examples'], message: 'must be an array' });
  }
  if (typeof schema.pattern === 'string') {
    try {
      new RegExp(schema.pattern, 'u');
    } catch {
      issues.push({ path: [...path, 'pattern'], message: 'must be a valid regular expression' });
    }
  } else if (schema.pattern !== undefined) {
    issues.push({ path: [...path, 'pattern'], message: `must be a string, not ${describe(schema.pattern)}` });
  }
}

function checkSubschema(value: unknown, path: Path, depth: number, issues: ValidationIssue[]): void {
  // `true` / `false` are valid schemas (anything / nothing)
  if (typeof value === 'boolean') return;
  if (!isPlainObject(value)) {
    issues.push({ path, message: `must be a JSON Schema (an object or a boolean), not ${describe(value)}` });
    return;
  }
  if (depth > MAX_SCHEMA_DEPTH) {
    issues.push({ path, message: `nests more than ${MAX_SCHEMA_DEPTH} levels deep` });
    return;
  }
  checkKeywords(value, path, depth, issues);
}

/**
 * Checks that `value` is a JSON Schema of an object: `type: 'object'`, `properties` an object
 * of schemas, `required` an array of distinct names present in `properties`, and every nested
 * schema well-formed (known keywords of the right type, valid `pattern`s, `required` names
 * declared, at most {@link MAX_SCHEMA_DEPTH} levels). Returns the problems, each with its path
 * relative to `value` (empty when valid).
 *
 * @example
 * checkParametersSchema({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }); // []
 * checkParametersSchema({ type: 'object', required: ['city'] });
 * // [{ path: ['required', 0], message: '"city" is not one of the schema\'s properties' }]
 */
export function checkParametersSchema(value: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (!isPlainObject(value)) {
    return [{ path: [], message: `must be a JSON Schema object, not ${describe(value)}` }];
  }
  if (value.type !== 'object') {
    issues.push({ path: ['type'], message: 'must be "object": function parameters are an object of named arguments' });
  }
  const { type: _type, ...rest } = value;
  checkKeywords(rest, [], 0, issues);
  return issues;
}
