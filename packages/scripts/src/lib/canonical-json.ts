/**
 * Key-order-independent JSON, to compare definitions read back from JSONB (which reorders keys).
 *
 * @module
 */

/**
 * `JSON.stringify` with object keys sorted at every level; `undefined` members dropped, as JSON
 * does. Two values with the same content give the same string.
 *
 * @example
 * canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] }) === canonicalJson({ a: [{ c: 3, d: 2 }], b: 1 }); // true
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries);
  });
}
