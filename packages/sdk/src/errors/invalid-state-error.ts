import { SdkError, sdkGuard } from './sdk-error.js';

/**
 * The operation is not allowed in the row's current state (e.g. stopping a draft deployment).
 *
 * @example
 * throw new InvalidStateError('deployment', 'draft', 'stop');
 */
export class InvalidStateError extends SdkError {
  readonly code = 'INVALID_STATE' as const;
  constructor(
    readonly resource: string,
    readonly state: string,
    readonly action: string,
  ) {
    super(`Cannot ${action} a ${resource} that is ${state}`);
  }
}

/** Type guard for {@link InvalidStateError}. */
export const isInvalidStateError = sdkGuard<InvalidStateError>('INVALID_STATE');
