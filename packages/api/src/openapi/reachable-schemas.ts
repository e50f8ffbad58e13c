/**
 * Every zod schema reachable from some roots (object shapes, array items, union options,
 * wrappers, pipes, lazy getters, …): which of the SDK's schemas the routes use, so only those
 * become components.
 *
 * @module
 */
import { z } from 'zod';

function visit(value: unknown, seen: Set<z.ZodType>): void {
  if (value instanceof z.ZodType) {
    if (seen.has(value)) return;
    seen.add(value);
    const def = value._zod.def as unknown as Record<string, unknown>;
    if (def.type === 'lazy') visit((def.getter as () => unknown)(), seen);
    for (const inner of Object.values(def)) visit(inner, seen);
  } else if (Array.isArray(value)) {
    for (const inner of value) visit(inner, seen);
  } else if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const inner of Object.values(value)) visit(inner, seen);
  }
}

/**
 * The schemas `roots` are built from, the roots included.
 *
 * @example
 * reachableSchemas([agentPageSchema]).has(agentSchema); // true
 */
export function reachableSchemas(roots: readonly (z.ZodType | undefined)[]): Set<z.ZodType> {
  const seen = new Set<z.ZodType>();
  for (const root of roots) visit(root, seen);
  return seen;
}
