/**
 * How the agent loop retries a failed model call: only retryable failures (429, 408, 5xx,
 * time-outs, dropped connections), at most `maxAttempts` calls, exponential backoff with full
 * jitter, or exactly the provider's `Retry-After` when it sent one (a `Retry-After` longer than
 * `maxRetryAfterMs` is not waited for: the call fails). The wait ends early when the signal aborts.
 *
 * @module
 */
import { isModelCallError } from './model-call-error.js';

/** Retry settings of model calls. */
export interface RetryPolicy {
  /** Calls in all, the first included (default 4). */
  maxAttempts: number;
  /** First backoff (default 500 ms), doubled per attempt. */
  baseDelayMs: number;
  /** Cap of one backoff (default 20 s). */
  maxDelayMs: number;
  /** The longest `Retry-After` honoured (default 60 s). */
  maxRetryAfterMs: number;
}

/** The defaults. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 20_000, maxRetryAfterMs: 60_000 };

/**
 * The wait before attempt `attempt + 1` after `error`, or `undefined` when it must not be retried.
 *
 * @example
 * retryDelayMs(new ModelCallError('http', '429', { status: 429, retryAfterMs: 1_000 }), 1, DEFAULT_RETRY_POLICY); // 1000
 */
export function retryDelayMs(error: unknown, attempt: number, policy: RetryPolicy, random = Math.random): number | undefined {
  if (!isModelCallError(error) || !error.retryable || attempt >= policy.maxAttempts) return undefined;
  if (error.retryAfterMs !== undefined) return error.retryAfterMs <= policy.maxRetryAfterMs ? error.retryAfterMs : undefined;
  return Math.round(random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1)));
}

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
 * Runs `fn` until it succeeds, a failure is not retryable, or the attempts are used up (then the
 * last error is thrown).
 *
 * @example
 * const turn = await withRetries((attempt) => client.complete(request, { signal }), signal, DEFAULT_RETRY_POLICY);
 */
export async function withRetries<T>(fn: (attempt: number) => Promise<T>, signal: AbortSignal, policy: RetryPolicy): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await fn(attempt);
    } catch (e) {
      const delay = signal.aborted ? undefined : retryDelayMs(e, attempt, policy);
      if (delay === undefined) throw e;
      await abortableSleep(delay, signal);
    }
  }
}
