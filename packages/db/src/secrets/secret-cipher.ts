/**
 * Encryption at rest of secret attributes (MCP server headers and environment): AES-256-GCM from
 * `node:crypto`, one random IV per value. Stored as `v1:<iv>:<tag>:<ciphertext>` (base64url).
 * The storage format belongs to `@agent-studio/db`: both session kinds read and write plaintext.
 *
 * @module
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { SecretDecryptionError } from '../errors/secret-decryption-error.js';

/** A secret map as the application sees it. */
export type SecretMap = Record<string, string>;

/**
 * Encrypts and decrypts secret maps with one key.
 *
 * @example
 * const cipher = createSecretCipher(randomBytes(32));
 * cipher.decrypt(cipher.encrypt({ Authorization: 'Bearer x' })); // { Authorization: 'Bearer x' }
 */
export interface SecretCipher {
  /** Ciphertext for a map; `null` for an empty or missing map. */
  encrypt(value: SecretMap | null | undefined): string | null;
  /** The map for a stored value; `{}` for `null`. */
  decrypt(stored: string | null | undefined): SecretMap;
}

const VERSION = 'v1';

/**
 * Creates a cipher for a 32-byte key.
 *
 * @throws {RangeError} when the key is not 32 bytes.
 */
export function createSecretCipher(key: Buffer): SecretCipher {
  if (key.length !== 32) throw new RangeError(`The secret key must be 32 bytes, got ${key.length}`);
  return {
    encrypt(value) {
      if (!value || Object.keys(value).length === 0) return null;
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, iv.toString('base64url'), tag.toString('base64url'), body.toString('base64url')].join(':');
    },
    decrypt(stored) {
      if (stored === null || stored === undefined || stored === '') return {};
      const [version, iv, tag, body] = stored.split(':');
      if (version !== VERSION || !iv || !tag || body === undefined) {
        throw new SecretDecryptionError('the stored value is not in the expected format');
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        const text = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
        return JSON.parse(text) as SecretMap;
      } catch (e) {
        throw new SecretDecryptionError('it was encrypted with another key (check AGENT_STUDIO_SECRET_KEY)', { cause: e });
      }
    },
  };
}
