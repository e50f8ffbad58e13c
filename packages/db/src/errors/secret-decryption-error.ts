import { DbError, guardFor } from './db-error.js';

/**
 * A stored secret could not be decrypted (wrong key, or tampered data). The message never holds
 * the secret.
 *
 * @example
 * if (isSecretDecryptionError(e)) log.error('AGENT_STUDIO_SECRET_KEY does not match the data');
 */
export class SecretDecryptionError extends DbError {
  readonly code = 'SECRET_UNREADABLE' as const;
  constructor(reason: string, options?: ErrorOptions) {
    super(`A stored secret could not be decrypted: ${reason}`, options);
  }
}

/** Type guard for {@link SecretDecryptionError}. */
export const isSecretDecryptionError = guardFor<SecretDecryptionError>('SECRET_UNREADABLE');
