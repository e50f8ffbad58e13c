import { SdkError, sdkGuard } from './sdk-error.js';

/** Why a write conflicts: a unique value taken, a row still in use, or a stale `version`. */
export type ConflictReason = 'unique' | 'in_use' | 'stale_version';

/**
 * The write conflicts with the current state of the data.
 *
 * @example
 * throw new ConflictError('unique', 'an agent named "support" already exists', ['name']);
 */
export class ConflictError extends SdkError {
  readonly code = 'CONFLICT' as const;
  constructor(
    readonly reason: ConflictReason,
    message: string,
    /** The input fields involved, when known (e.g. `['name']`). */
    readonly fields: readonly string[] = [],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Type guard for {@link ConflictError}. */
export const isConflictError = sdkGuard<ConflictError>('CONFLICT');
