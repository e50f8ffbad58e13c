/**
 * The benchmark's settings, read from the environment once and validated with zod.
 *
 * @module
 */
import { z } from 'zod';

/** How long, how wide and how often each contender runs. */
export interface BenchOptions {
  /** Measured seconds per contender per round (`BENCH_SECONDS`, default 3). */
  readonly seconds: number;
  /** Warm-up seconds per contender before the first round (`BENCH_WARMUP_SECONDS`, default 1). */
  readonly warmupSeconds: number;
  /** Concurrent workers per contender (`BENCH_CONCURRENCY`, default 10). */
  readonly concurrency: number;
  /** Pool size, the same for the engine and the raw `pg` pool (`BENCH_POOL`, default 10). */
  readonly poolMax: number;
  /** Interleaved rounds; the table shows the median (`BENCH_ROUNDS`, default 3). */
  readonly rounds: number;
  /** Agents seeded before measuring (`BENCH_ROWS`, default 1,000). */
  readonly rows: number;
}

const positiveInt = (max: number) => z.coerce.number().int().min(1).max(max);

const benchEnvSchema = z.object({
  BENCH_SECONDS: z.coerce.number().positive().max(3_600).default(3),
  BENCH_WARMUP_SECONDS: z.coerce.number().min(0).max(600).default(1),
  BENCH_CONCURRENCY: positiveInt(1_000).default(10),
  BENCH_POOL: positiveInt(200).default(10),
  BENCH_ROUNDS: positiveInt(99).default(3),
  BENCH_ROWS: positiveInt(1_000_000).default(1_000),
});

/** The page size of the page scenario. */
export const PAGE_SIZE = 50;

/**
 * Reads and validates the `BENCH_*` variables.
 *
 * @throws {Error} naming every invalid variable.
 * @example
 * const options = loadBenchOptions({ BENCH_SECONDS: '1' });
 */
export function loadBenchOptions(env: Record<string, string | undefined> = process.env): BenchOptions {
  const parsed = benchEnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid benchmark settings: ${problems}`);
  }
  const e = parsed.data;
  if (e.BENCH_ROWS < PAGE_SIZE) throw new Error(`Invalid benchmark settings: BENCH_ROWS must be at least ${PAGE_SIZE}`);
  return {
    seconds: e.BENCH_SECONDS,
    warmupSeconds: e.BENCH_WARMUP_SECONDS,
    concurrency: e.BENCH_CONCURRENCY,
    poolMax: e.BENCH_POOL,
    rounds: e.BENCH_ROUNDS,
    rows: e.BENCH_ROWS,
  };
}
