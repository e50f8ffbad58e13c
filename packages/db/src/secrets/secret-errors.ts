/**
 * Per-row record of secrets that could not be decrypted. A row whose stored secret cannot be
 * opened (a wrong or missing key) is still returned — its secret attributes read as `{}` — and
 * carries the error here, so one unreadable row never fails a whole list or monitor sweep.
 *
 * @module
 */
import type { SecretDecryptionError } from '../errors/secret-decryption-error.js';

const errors = new WeakMap<object, SecretDecryptionError>();

/**
 * Records that `row`'s secrets could not be decrypted (used by both session kinds).
 *
 * @example
 * markSecretError(row, error);
 */
export function markSecretError(row: object, error: SecretDecryptionError): void {
  errors.set(row, error);
}

/**
 * The decryption error of a row read from the database, if its secrets could not be opened.
 *
 * @example
 * const error = secretErrorOf(row);
 * if (error) return { ...dto, secretError: error.message };
 */
export function secretErrorOf(row: object): SecretDecryptionError | undefined {
  return errors.get(row);
}
