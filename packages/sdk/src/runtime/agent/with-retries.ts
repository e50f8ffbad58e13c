/**
 * Retries of a model call: the executors' retry policy (`executors/retry-policy.ts`: retryable
 * `StepError`s only — 429, 408, 5xx, time-outs, refused connections — full-jitter exponential
 * backoff, never sooner than the provider's `Retry-After`, capped at `maxMs`), with a wait that
 * ends at once when the signal aborts.
 *
 * @module
 */
import { retryDelayMs, shouldRetry, type RetryPolicy } from '../executors/retry-policy.js';
import { isStepError } from '../executors/step-error.js';

/** Model calls: up to 3 retries, 500 ms doubling, at most 30 s (also the longest `Retry-After` honoured). */
export const MODEL_RETRY_POLICY: RetryPolicy = Object.freeze({ count: 3, baseMs: 500, maxMs: 30_000 });

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

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
      await abortableSleep(retryDelayMs(attempt, policy, e), signal);
    }
  }
}
