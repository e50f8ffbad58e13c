/**
 * The base of the SDK's typed errors. Guards check a global symbol and the stable `code`, so
 * they work across the ESM and CJS builds.
 * @module
 */

const SDK_ERROR = Symbol.for('@agent-studio/sdk/error');

/** Stable codes of the SDK's errors (the API maps them to HTTP statuses). */
export type SdkErrorCode = 'NOT_FOUND' | 'CONFLICT' | 'VALIDATION_FAILED' | 'INVALID_STATE';

/**
 * Base class of every error an SDK service throws on purpose.
 *
 * @example
 * try { await AgentsService.getAgent(session, id); } catch (e) { if (isSdkError(e)) console.log(e.code); }
 */
export abstract class SdkError extends Error {
  abstract readonly code: SdkErrorCode;
  readonly [SDK_ERROR] = true;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** True for any error an SDK service throws on purpose. */
export function isSdkError(value: unknown): value is SdkError {
  return value instanceof Error && (value as unknown as Record<symbol, unknown>)[SDK_ERROR] === true;
}

/** @internal builds a guard for one code. */
export function sdkGuard<T extends SdkError>(code: T['code']): (value: unknown) => value is T {
  return (value: unknown): value is T => isSdkError(value) && value.code === code;
}
