import { SdkError, sdkGuard } from './sdk-error.js';

/** One invalid field: its path in the input (`['definition', 'nodes', 2, 'ref']`) and why. */
export interface ValidationIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
  /** A stable machine-readable code when the check has one (e.g. workflow validation's `cycle`). */
  readonly code?: string;
}

/**
 * The input is invalid; `issues` lists every problem with its field path.
 *
 * @example
 * throw new ValidationError([{ path: ['parameters'], message: 'must be a JSON Schema object' }]);
 */
export class ValidationError extends SdkError {
  readonly code = 'VALIDATION_FAILED' as const;
  constructor(
    readonly issues: readonly ValidationIssue[],
    options?: ErrorOptions,
  ) {
    super(
      `Invalid input: ${issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`).join('; ')}`,
      options,
    );
  }
}

/** Type guard for {@link ValidationError}. */
export const isValidationError = sdkGuard<ValidationError>('VALIDATION_FAILED');
