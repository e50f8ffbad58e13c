/**
 * Small order statistics for the benchmark report.
 *
 * @module
 */

/**
 * The median of `values` (mean of the middle two for an even count); NaN when empty.
 *
 * @example
 * median([3, 1, 2]); // 2
 */
export function median(values: readonly number[]): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The nearest-rank `p`-th percentile (0 < p ≤ 100) of already sorted values; NaN when empty.
 *
 * @example
 * percentile(Float64Array.of(1, 2, 3, 4), 50); // 2
 */
export function percentile(sorted: Float64Array, p: number): number {
  if (!sorted.length) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/**
 * Concatenates and sorts latency arrays.
 *
 * @example
 * sortedConcat([Float64Array.of(3, 1), Float64Array.of(2)]); // Float64Array [1, 2, 3]
 */
export function sortedConcat(parts: readonly Float64Array[]): Float64Array {
  const all = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  return all.sort();
}
