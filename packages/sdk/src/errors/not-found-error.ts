import { SdkError, sdkGuard } from './sdk-error.js';

/**
 * The row asked for does not exist.
 *
 * @example
 * throw new NotFoundError('agent', id); // "agent 3f2c... was not found"
 */
export class NotFoundError extends SdkError {
  readonly code = 'NOT_FOUND' as const;
  constructor(
    readonly resource: string,
    readonly id: string,
  ) {
    super(`${resource} ${id} was not found`);
  }
}

/** Type guard for {@link NotFoundError}. */
export const isNotFoundError = sdkGuard<NotFoundError>('NOT_FOUND');
