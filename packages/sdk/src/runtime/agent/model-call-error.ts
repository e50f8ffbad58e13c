/**
 * The typed failure of one call to a model provider, with what the retry policy needs: the HTTP
 * status, the server's `Retry-After`, and whether retrying can help. Messages never carry the
 * provider's API key or header values (scrubbed by the model client).
 *
 * @module
 */

const MODEL_CALL_ERROR = Symbol.for('@agent-studio/sdk/model-call-error');

/** Why a model call failed. */
export type ModelCallFailure = 'http' | 'timeout' | 'connection' | 'protocol';

/**
 * A model call failed.
 *
 * @example
 * throw new ModelCallError('http', 'the provider answered 429', { status: 429, retryAfterMs: 1_000 });
 */
export class ModelCallError extends Error {
  readonly [MODEL_CALL_ERROR] = true;
  readonly code = 'MODEL_CALL_FAILED' as const;
  /** The HTTP status, for `kind: 'http'`. */
  readonly status: number | undefined;
  /** The delay the provider asked for (`Retry-After` / `retry-after-ms`), when it did. */
  readonly retryAfterMs: number | undefined;
  /** 429, 408, 5xx, time-outs and dropped connections; not 4xx client errors. */
  readonly retryable: boolean;

  constructor(
    readonly kind: ModelCallFailure,
    message: string,
    details: { status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'ModelCallError';
    this.status = details.status;
    this.retryAfterMs = details.retryAfterMs;
    this.retryable =
      kind === 'timeout' || kind === 'connection' || (kind === 'http' && (details.status === 429 || details.status === 408 || (details.status ?? 0) >= 500));
  }
}

/**
 * Type guard for {@link ModelCallError} (works across the ESM and CJS builds).
 *
 * @example
 * if (isModelCallError(e) && e.status === 401) console.warn('check the provider API key');
 */
export function isModelCallError(value: unknown): value is ModelCallError {
  return value instanceof Error && (value as unknown as Record<symbol, unknown>)[MODEL_CALL_ERROR] === true;
}

/**
 * The delay a response asks for: `retry-after-ms` (OpenAI), else `Retry-After` in seconds or as
 * an HTTP date; `undefined` when absent or unparseable.
 *
 * @example
 * retryAfterMs(new Headers({ 'retry-after': '2' })); // 2000
 */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = Number(headers.get('retry-after-ms') ?? Number.NaN);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers.get('retry-after');
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1_000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
