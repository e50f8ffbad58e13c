/**
 * A bounded-concurrency loop over a list.
 *
 * @module
 */

/**
 * Runs `worker` over `items` with at most `concurrency` at once, in order of the list, and stops
 * starting new items once `signal` is aborted (items already started finish). Returns the items
 * that were never started.
 *
 * @example
 * const notStarted = await runBounded(ids, 10, signal, (id) => check(id));
 */
export async function runBounded<T>(
  items: readonly T[],
  concurrency: number,
  signal: AbortSignal,
  worker: (item: T) => Promise<void>,
): Promise<T[]> {
  let next = 0;
  const lanes = Math.max(1, Math.min(Math.floor(concurrency), items.length));
  await Promise.all(
    Array.from({ length: items.length === 0 ? 0 : lanes }, async () => {
      while (next < items.length && !signal.aborted) {
        const item = items[next++] as T;
        await worker(item);
      }
    }),
  );
  return items.slice(next);
}
