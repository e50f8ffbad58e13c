/**
 * Per-node retry: the policy read from `node.config.retry` and the delay before each retry
 * (exponential backoff with full jitter, honouring the callee's `Retry-After`). Pure.
 *
 * @module
 */
import { z } from 'zod';
import type { JsonValue } from '@agent-studio/db/models';
import { StepError } from './step-error.js';

/** The most retries a node may ask for. */
export const MAX_RETRY_COUNT = 10;

/**
 * `node.config.retry`: either a retry count or `{ count?, baseMs?, maxMs? }`.
 * `count` 0–10 (default 0: no retry), `baseMs` the first backoff ceiling (default 500),
 * `maxMs` the largest delay (default 30000, at least `baseMs`).
 *
 * @example
 * retryPolicySchema.parse({ count: 3 }); // { count: 3, baseMs: 500, maxMs: 30000 }
 * retryPolicySchema.parse(2);            // { count: 2, baseMs: 500, maxMs: 30000 }
 */
export const retryPolicySchema = z
  .union([
    z.number().int().min(0).max(MAX_RETRY_COUNT).transform((count): { count?: number; baseMs?: number; maxMs?: number } => ({ count })),
    z.strictObject({
      count: z.number().int().min(0).max(MAX_RETRY_COUNT).optional(),
      baseMs: z.number().int().min(1).max(600_000).optional(),
      maxMs: z.number().int().min(1).max(3_600_000).optional(),
    }),
  ])
  .transform((value) => {
    const baseMs = value.baseMs ?? 500;
    return { count: value.count ?? 0, baseMs, maxMs: Math.max(baseMs, value.maxMs ?? 30_000) };
  });

/**
 * A node's retry policy.
 *
 * @example
 * const policy: RetryPolicy = { count: 3, baseMs: 500, maxMs: 30_000 };
 */
export interface RetryPolicy {
  /** Retries after the first attempt (0 = none). */
  readonly count: number;
  /** Ceiling of the first retry's delay, doubled for each further retry. */
  readonly baseMs: number;
  /** The largest delay, also the cap on a `Retry-After`. */
  readonly maxMs: number;
}

/** The policy of a node without `config.retry`. */
export const NO_RETRY: RetryPolicy = Object.freeze({ count: 0, baseMs: 500, maxMs: 30_000 });

/**
 * Reads `node.config.retry` (absent or `null` → {@link NO_RETRY}). A malformed value is a
 * `StepError` `invalid_input` naming what is wrong.
 *
 * @example
 * parseRetryPolicy({ count: 3, baseMs: 200 }); // { count: 3, baseMs: 200, maxMs: 30000 }
 */
export function parseRetryPolicy(retry: JsonValue | undefined): RetryPolicy {
  if (retry === undefined || retry === null) return NO_RETRY;
  const parsed = retryPolicySchema.safeParse(retry);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => `${['retry', ...issue.path].join('.')}: ${issue.message}`).join('; ');
  throw new StepError('invalid_input', `invalid retry policy: ${issues}`);
}

/**
 * Whether a failed attempt is retried: the error is retryable and fewer than `policy.count`
 * retries have been made (`attempt` is the number of the attempt that just failed, from 1).
 *
 * @example
 * if (shouldRetry(attempt, policy, error)) await sleep(retryDelayMs(attempt, policy, error));
 */
export function shouldRetry(attempt: number, policy: RetryPolicy, error: { readonly retryable: boolean }): boolean {
  return error.retryable && attempt <= policy.count;
}

/**
 * The delay before the retry that follows failed attempt `attempt` (1 = the first attempt):
 * full jitter, a uniform draw in `[0, min(maxMs, baseMs · 2^(attempt-1))]`, but never less than
 * the error's `retryAfterMs` (capped at `maxMs`). `random` is injectable for tests.
 *
 * @example
 * retryDelayMs(1, { count: 3, baseMs: 500, maxMs: 30_000 }, error); // somewhere in 0..500
 * retryDelayMs(2, policy, { retryAfterMs: 2_000 });                // at least 2000
 */
export function retryDelayMs(
  attempt: number,
  policy: RetryPolicy,
  error?: { readonly retryAfterMs?: number | undefined },
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(0, Math.floor(attempt) - 1), 30);
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
  const jittered = Math.floor(random() * (ceiling + 1));
  const retryAfter = error?.retryAfterMs;
  const floor = retryAfter !== undefined && Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(policy.maxMs, Math.ceil(retryAfter)) : 0;
  return Math.min(policy.maxMs, Math.max(jittered, floor));
}
