/**
 * Whitelisted sorting: `sort=name` (ascending) or `sort=-createdAt` (descending), limited to the
 * attributes a list allows.
 * @module
 */
import { z } from 'zod';

/** A sort key as sent: `attr` (ascending) or `-attr` (descending). */
export type SortSpec<A extends string> = `${'' | '-'}${A}`;

/**
 * A schema accepting `attr` or `-attr` for the allowed attributes (default `fallback`). Its
 * output is the same string, so a parsed query parses again to itself; `fetchPage` reads it.
 *
 * @example
 * const agentSort = sortSchema(['name', 'createdAt', 'updatedAt'] as const, '-createdAt');
 * parseInput(agentSort, undefined); // '-createdAt'
 */
export function sortSchema<const A extends readonly [string, ...string[]]>(allowed: A, fallback: SortSpec<A[number]>) {
  const values = allowed.flatMap((a) => [a, `-${a}`]) as [SortSpec<A[number]>, ...SortSpec<A[number]>[]];
  // (zod cannot resolve its enum type over the generic `A`; `fallback` is one of `values`)
  return z.enum(values, { message: `must be one of ${values.join(', ')}` }).default(fallback as never);
}
