/**
 * The error a command throws for bad input it detects itself (commander reports its own).
 *
 * @module
 */

/** The exit code of a usage error: conflicting or malformed flags, a refused confirmation. */
export const USAGE_EXIT_CODE = 2;

/**
 * Bad input found by a command: printed as one `error: <message>` line, exit code 1 (or
 * {@link USAGE_EXIT_CODE} for a usage error).
 *
 * @example
 * if (!name.trim()) throw new CliError('--name must not be empty');
 */
export class CliError extends Error {
  readonly code = 'CLI_ERROR' as const;
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/**
 * Type guard for {@link CliError}.
 *
 * @example
 * if (isCliError(e)) process.exitCode = e.exitCode;
 */
export function isCliError(value: unknown): value is CliError {
  return value instanceof CliError;
}
