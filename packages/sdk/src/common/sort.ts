/**
 * Whitelisted sorting: `sort=name` (ascending) or `sort=-createdAt` (descending), limited to the
 * attributes a list allows.
 * @module
 */
import { z } from 'zod';

/** A parsed sort key. */
export interface SortKey<A extends string> {
  readonly attribute: A;
  readonly direction: 'asc' | 'desc';
}

/**
 * A schema accepting `attr` or `-attr` for the allowed attributes, parsed to a {@link SortKey}.
 *
 * @example
 * const agentSort = sortSchema(['name', 'createdAt', 'updatedAt'] as const, '-createdAt');
 * parseInput(agentSort, '-name'); // { attribute: 'name', direction: 'desc' }
 */
export function sortSchema<const A extends readonly [string, ...string[]]>(allowed: A, fallback: `${'' | '-'}${A[number]}`) {
  const values = allowed.flatMap((a) => [a, `-${a}`]) as [string, ...string[]];
  return z
    .enum(values, { message: `must be one of ${values.join(', ')}` })
    .default(fallback)
    .transform((value): SortKey<A[number]> =>
      value.startsWith('-')
        ? { attribute: value.slice(1), direction: 'desc' }
        : { attribute: value, direction: 'asc' },
    );
}
