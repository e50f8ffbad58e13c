/**
 * The error a command throws for bad input it detects itself (commander reports its own).
 *
 * @module
 */

/**
 * Bad input found by a command: printed as one `error: <message>` line, exit code 1.
 *
 * @example
 * if (!name.trim()) throw new CliError('--name must not be empty');
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
