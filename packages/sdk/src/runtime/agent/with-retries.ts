/**
 * Retries of a model call: the executors' retry policy (`executors/retry-policy.ts`: retryable
 * `StepError`s only — 429, 408, 5xx, time-outs, refused connections — full-jitter exponential
 * backoff, never sooner than the provider's `Retry-After`, capped at `maxMs`), with a wait that
 * ends at once when the signal aborts.
 *
 * @module
 */
import { setTimeout as delay } from 'node:timers/promises';
import { retryDelayMs, shouldRetry, type RetryPolicy } from '../executors/retry-policy.js';
import { isStepError } from '../executors/step-error.js';

/** Model calls: up to 3 retries, 500 ms doubling, at most 30 s (also the longest `Retry-After` honoured). */
export const MODEL_RETRY_POLICY: RetryPolicy = Object.freeze({ count: 3, baseMs: 500, maxMs: 30_000 });

/**
 * Runs `fn` until it succeeds, fails with something not retryable, or the retries are used up
 * (then its last error is thrown).
 *
 * @example
 * const turn = await withRetries(() => client.complete(request, { signal }), signal, MODEL_RETRY_POLICY);
 */
export async function withRetries<T>(fn: (attempt: number) => Promise<T>, signal: AbortSignal, policy: RetryPolicy): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await fn(attempt);
    } catch (e) {
      if (signal.aborted || !isStepError(e) || !shouldRetry(attempt, policy, e)) throw e;
      await delay(retryDelayMs(attempt, policy, e), undefined, { signal }).catch(() => {
        throw signal.reason as Error; // a stop ends the wait with the stop's reason
      });
    }
  }
}
