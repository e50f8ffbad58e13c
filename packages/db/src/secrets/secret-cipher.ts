/**
 * Encryption at rest of secret attributes: AES-256-GCM from `node:crypto`, one random IV per
 * value. Stored as `v2:<key id>:<iv>:<tag>:<ciphertext>` (base64url; the key id is the first 8 hex
 * characters of a SHA-256 of the key, so a value names the key that can open it). `v1:` values
 * (no key id) are still read, trying the current key and then the old ones. The storage format
 * belongs to `@agent-studio/db`: both session kinds read and write plaintext.
 *
 * @module
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { SecretDecryptionError } from '../errors/secret-decryption-error.js';

/** A secret map as the application sees it. */
export type SecretMap = Record<string, string>;

/**
 * Encrypts with the current key and decrypts with the current or an old one.
 *
 * @example
 * const cipher = createSecretCipher(randomBytes(32));
 * cipher.decrypt(cipher.encrypt({ Authorization: 'Bearer x' })); // { Authorization: 'Bearer x' }
 */
export interface SecretCipher {
  /** The id of the key new values are encrypted with. */
  readonly keyId: string;
  /** Ciphertext for a map; `null` for an empty or missing map. */
  encrypt(value: SecretMap | null | undefined): string | null;
  /** The map for a stored value; `{}` for `null`. */
  decrypt(stored: string | null | undefined): SecretMap;
  /** True when `stored` is empty or already encrypted under the current key (nothing to rotate). */
  isCurrent(stored: string | null | undefined): boolean;
}

const VERSION = 'v2';

/**
 * The id of a key as stored in `v2:` values (8 hex characters; not usable to recover the key).
 *
 * @example
 * secretKeyId(randomBytes(32)); // e.g. '3fa2c91d'
 */
export function secretKeyId(key: Buffer): string {
  return createHash('sha256').update('agent-studio-secret-key\0').update(key).digest('hex').slice(0, 8);
}

function open(key: Buffer, iv: string, tag: string, body: string): SecretMap {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  const text = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  return JSON.parse(text) as SecretMap;
}

/**
 * Creates a cipher for a 32-byte key, able to read values written under `oldKeys` too (key
 * rotation: `studio secrets rotate` re-encrypts them under `key`).
 *
 * @throws {RangeError} when a key is not 32 bytes.
 * @example
 * const cipher = createSecretCipher(newKey, [oldKey]);
 */
export function createSecretCipher(key: Buffer, oldKeys: readonly Buffer[] = []): SecretCipher {
  for (const k of [key, ...oldKeys]) {
    if (k.length !== 32) throw new RangeError(`The secret key must be 32 bytes, got ${k.length}`);
  }
  const keyId = secretKeyId(key);
  const keys = new Map<string, Buffer>([[keyId, key]]);
  for (const old of oldKeys) if (!keys.has(secretKeyId(old))) keys.set(secretKeyId(old), old);
  return {
    keyId,
    encrypt(value) {
      if (!value || Object.keys(value).length === 0) return null;
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, keyId, iv.toString('base64url'), tag.toString('base64url'), body.toString('base64url')].join(':');
    },
    decrypt(stored) {
      if (stored === null || stored === undefined || stored === '') return {};
      const parts = stored.split(':');
      if (parts[0] === 'v2' && parts.length === 5) {
        const [, kid, iv, tag, body] = parts as [string, string, string, string, string];
        const k = keys.get(kid);
        if (!k) {
          throw new SecretDecryptionError(
            `it was encrypted with key ${kid}, which is neither AGENT_STUDIO_SECRET_KEY nor in AGENT_STUDIO_SECRET_KEYS_OLD`,
          );
        }
        try {
          return open(k, iv, tag, body);
        } catch (e) {
          throw new SecretDecryptionError('the stored value is damaged', { cause: e });
        }
      }
      if (parts[0] === 'v1' && parts.length === 4) {
        const [, iv, tag, body] = parts as [string, string, string, string];
        for (const k of keys.values()) {
          try {
            return open(k, iv, tag, body);
          } catch {
            // try the next key
          }
        }
        throw new SecretDecryptionError('it was encrypted with another key (check AGENT_STUDIO_SECRET_KEY and AGENT_STUDIO_SECRET_KEYS_OLD)');
      }
      throw new SecretDecryptionError('the stored value is not in the expected format');
    },
    isCurrent(stored) {
      return stored === null || stored === undefined || stored === '' || stored.startsWith(`${VERSION}:${keyId}:`);
    },
  };
}
