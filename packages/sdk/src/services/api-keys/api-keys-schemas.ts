/**
 * Schemas of the HTTP API's own keys (table `api_keys`).
 * @module
 */
import { z } from 'zod';
import { timestampSchema } from '../../common/timestamps.js';

/** Input of `createApiKey`. */
export const createApiKeyInputSchema = z.object({
  name: z.string().trim().min(1).max(200).describe('What the key is for, e.g. "ci" or "admin"'),
});
/** Parsed input of `createApiKey`. */
export type CreateApiKeyInput = z.input<typeof createApiKeyInputSchema>;

/** Shortest and longest key accepted; anything else is rejected without a database lookup. */
export const MIN_KEY_LENGTH = 24;
export const MAX_KEY_LENGTH = 512;

/** Input of `registerApiKey`: a key chosen outside the studio. */
export const registerApiKeyInputSchema = createApiKeyInputSchema.extend({
  key: z.string().min(MIN_KEY_LENGTH).max(MAX_KEY_LENGTH).describe('The plaintext key; only its hash is stored'),
});

/** An API key as services return it: never the key, never its hash. */
export const apiKeySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string().describe('The first characters of the key, to recognise it; not secret'),
  createdAt: timestampSchema,
  lastUsedAt: timestampSchema.nullable(),
  revokedAt: timestampSchema.nullable(),
});
/** An API key DTO. */
export type ApiKeyDto = z.output<typeof apiKeySchema>;

/** What `createApiKey` returns: the DTO and the plaintext key, shown this once. */
export const createdApiKeySchema = z.object({
  apiKey: apiKeySchema,
  key: z.string().describe('The plaintext key. It is shown once and cannot be recovered.'),
});
/** What `createApiKey` returns. */
export type CreatedApiKey = z.output<typeof createdApiKeySchema>;
