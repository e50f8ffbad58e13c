/**
 * Finds the encryption key: `AGENT_STUDIO_SECRET_KEY` (32 bytes, base64 or hex) when set, else a
 * key file in the data directory, created (mode 0600) on first start.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError } from '../errors/config-error.js';

/**
 * Decodes a configured key (64 hex characters, or base64 of 32 bytes).
 *
 * @example
 * decodeSecretKey(randomBytes(32).toString('base64'));
 */
export function decodeSecretKey(text: string, variable = 'AGENT_STUDIO_SECRET_KEY'): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) {
    throw new ConfigError([{ variable, message: 'must be 32 bytes, as 64 hex characters or base64 (openssl rand -base64 32)' }]);
  }
  return key;
}

/**
 * Reads the key file, creating it with a random key when it does not exist.
 *
 * @example
 * const key = loadOrCreateKeyFile('/srv/agent-studio/.data/secret.key');
 */
export function loadOrCreateKeyFile(path: string): Buffer {
  try {
    return decodeSecretKey(readFileSync(path, 'utf8'), path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  mkdirSync(dirname(path), { recursive: true });
  const key = randomBytes(32);
  try {
    writeFileSync(path, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    return key;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return decodeSecretKey(readFileSync(path, 'utf8'), path); // lost a race
    throw e;
  }
}
