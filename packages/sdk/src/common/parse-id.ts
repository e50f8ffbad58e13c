/**
 * Validates a row id given as a separate argument, so a malformed id is a `ValidationError`
 * naming the argument (`['id']`, `['functionId']`), not an issue at the input's root.
 *
 * @module
 */
import { ValidationError } from '../errors/validation-error.js';
import { idSchema } from './id-schema.js';

/**
 * Returns `value` as a UUID string, or throws `ValidationError` with path `[field]`.
 *
 * @example
 * const deploymentId = parseId(id);                      // path ['id'] on failure
 * const functionId = parseId(rawFunctionId, 'functionId');
 */
export function parseId(value: unknown, field = 'id'): string {
  const result = idSchema.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationError(result.error.issues.map((issue) => ({ path: [field], message: issue.message })));
}
