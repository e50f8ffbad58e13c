/**
 * API keys (the HTTP API's and deployments'): generated from `node:crypto`, shown once, stored
 * only as a hash.
 *
 * @module
 */
import { createHash, randomBytes } from 'node:crypto';

/** Every Agent Studio API key starts with this, so leaked keys are easy to recognise and scan for. */
export const API_KEY_PREFIX = 'as_';
/** Random bytes in a key (256 bits), base64url-encoded after the prefix. */
const API_KEY_BYTES = 32;
/** Characters of the key kept (in clear) as `apiKeyPrefix`: `as_` plus 8 random characters (48 bits). */
const DISPLAY_PREFIX_LENGTH = API_KEY_PREFIX.length + 8;
/** The shape of a key this module generates: the prefix and 43 base64url characters. */
const API_KEY_PATTERN = /^as_[A-Za-z0-9_-]{43}$/;

/**
 * A freshly generated key: the plaintext (to show once), its hash and its display prefix.
 *
 * @example
 * const { apiKey, hash, prefix } = generateApiKey();
 */
export interface GeneratedApiKey {
  /** The plaintext key; hand it to the caller once and never store it. */
  readonly apiKey: string;
  /** What is stored (`apiKeyHash`). */
  readonly hash: string;
  /** What is stored and shown to tell keys apart (`apiKeyPrefix`). Not secret. */
  readonly prefix: string;
}

/**
 * Hashes an API key for storage and lookup: SHA-256, hex.
 *
 * A fast, unsalted hash is right here (unlike for passwords): the key is 256 random bits, so
 * there is nothing to brute-force or look up in a precomputed table, and a slow KDF would only add
 * latency to every authenticated request. Being deterministic, the hash can be looked up through
 * the unique index on `api_key_hash` instead of comparing against every row.
 *
 * @example
 * hashApiKey('as_…'); // '3b4f…' (64 hex characters)
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/**
 * True when `key` has the shape of a key {@link generateApiKey} makes (`as_` + 43 base64url
 * characters). Lets lookups skip the database for obvious garbage.
 *
 * @example
 * looksLikeApiKey('as_' + 'A'.repeat(43)); // true
 */
export function looksLikeApiKey(key: string): boolean {
  return API_KEY_PATTERN.test(key);
}

/** Shortest and longest key accepted (a configured key may be any visible ASCII in this range). */
export const MIN_KEY_LENGTH = 24;
export const MAX_KEY_LENGTH = 512;

/**
 * True when `key` could be a key at all — generated (`as_…`) or configured (24–512 visible ASCII
 * characters). Anything else is refused without a database lookup.
 *
 * @example
 * couldBeApiKey('guess'); // false: too short, no query needed
 */
export function couldBeApiKey(key: string): boolean {
  return key.length >= MIN_KEY_LENGTH && key.length <= MAX_KEY_LENGTH && /^[\x21-\x7e]+$/.test(key);
}

/**
 * Generates a new API key: `as_` followed by 32 random bytes in base64url.
 *
 * @example
 * const { apiKey, hash, prefix } = generateApiKey();
 * row.apiKeyHash = hash; row.apiKeyPrefix = prefix; // return apiKey to the caller once
 */
export function generateApiKey(): GeneratedApiKey {
  const apiKey = API_KEY_PREFIX + randomBytes(API_KEY_BYTES).toString('base64url');
  return { apiKey, hash: hashApiKey(apiKey), prefix: apiKey.slice(0, DISPLAY_PREFIX_LENGTH) };
}
