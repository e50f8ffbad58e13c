/**
 * The base of the SDK's typed errors (a `brandedError` base of `@agent-studio/db`).
 * @module
 */
import { brandedError } from '@agent-studio/db/exec';

const { ErrorBase, isBranded, guardFor } = brandedError('@agent-studio/sdk/error');

/** Stable codes of the SDK's errors (the API maps them to HTTP statuses). */
export type SdkErrorCode = 'NOT_FOUND' | 'CONFLICT' | 'VALIDATION_FAILED' | 'INVALID_STATE';

/**
 * Base class of every error an SDK service throws on purpose.
 *
 * @example
 * try { await AgentsService.getAgent(session, id); } catch (e) { if (isSdkError(e)) console.log(e.code); }
 */
export abstract class SdkError extends ErrorBase {
  abstract readonly code: SdkErrorCode;
}

/** True for any error an SDK service throws on purpose. */
export const isSdkError = (value: unknown): value is SdkError => isBranded(value);

/** @internal builds a guard for one code. */
export { guardFor as sdkGuard };
