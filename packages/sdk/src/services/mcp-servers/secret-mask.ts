/**
 * How MCP server secrets (headers and env) appear outside the database: every value replaced by
 * one fixed mask, keys kept. Clients see which headers / variables are set, never their values,
 * and may send the mask back unchanged to keep a value when they update a server.
 *
 * @module
 */
import type { ValidationIssue } from '../../errors/validation-error.js';

/**
 * The fixed replacement of every secret value in service output. Fixed (not derived from the
 * value), so the output reveals neither the value nor its length.
 *
 * @example
 * dto.headers; // { Authorization: SECRET_MASK }
 */
export const SECRET_MASK = '••••••';

/**
 * A secret map with every value masked (keys kept, sorted for a stable output).
 *
 * @example
 * maskSecretMap({ Authorization: 'Bearer abc' }); // { Authorization: '••••••' }
 */
export function maskSecretMap(map: Readonly<Record<string, string>> | null | undefined): Record<string, typeof SECRET_MASK> {
  return Object.fromEntries(
    Object.keys(map ?? {})
      .sort()
      .map((key) => [key, SECRET_MASK] as const),
  );
}

/**
 * The secret map after an update:
 * - `incoming` undefined (field omitted): the current map, unchanged;
 * - `incoming` null: no secrets;
 * - otherwise exactly the keys of `incoming`, each with its new value, or, where the value is
 *   {@link SECRET_MASK}, the current value of that key (an issue at `[field, key]` when there is
 *   none to keep).
 *
 * @example
 * mergeSecretMap({ A: 'x', B: 'y' }, { A: SECRET_MASK, C: 'z' }, 'headers'); // { map: { A: 'x', C: 'z' }, issues: [] }
 */
export function mergeSecretMap(
  current: Readonly<Record<string, string>>,
  incoming: Readonly<Record<string, string>> | null | undefined,
  field: string,
): { map: Record<string, string>; issues: ValidationIssue[] } {
  if (incoming === undefined) return { map: { ...current }, issues: [] };
  const map: Record<string, string> = {};
  const issues: ValidationIssue[] = [];
  for (const [key, value] of Object.entries(incoming ?? {})) {
    if (value !== SECRET_MASK) {
      map[key] = value;
    } else if (Object.prototype.hasOwnProperty.call(current, key)) {
      map[key] = current[key]!;
    } else {
      issues.push({ path: [field, key], message: 'is masked but has no saved value to keep; send the real value' });
    }
  }
  return { map, issues };
}
