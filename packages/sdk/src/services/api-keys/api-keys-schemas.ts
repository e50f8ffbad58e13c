/**
 * Schemas of the HTTP API's own keys (table `api_keys`).
 * @module
 */
import { z } from 'zod';
import { MAX_KEY_LENGTH, MIN_KEY_LENGTH } from '../../common/api-key.js';
import { timestampSchema } from '../../common/timestamps.js';

export const apiKeyScopeSchema = z
  .enum(['admin', 'read'])
  .describe('admin: every operation; read: GET and HEAD only');
/** An API key scope. */
export type ApiKeyScope = z.output<typeof apiKeyScopeSchema>;

/** Input of `createApiKey`. */
export const createApiKeyInputSchema = z.object({
  name: z.string().trim().min(1).max(200).describe('What the key is for, e.g. "ci" or "admin"'),
  scope: apiKeyScopeSchema.default('read').describe('What the key may do (default read: least privilege)'),
});
/** Parsed input of `createApiKey`. */
export type CreateApiKeyInput = z.input<typeof createApiKeyInputSchema>;

export { MAX_KEY_LENGTH, MIN_KEY_LENGTH };

/** Input of `registerApiKey`: a key chosen outside the studio (always admin). */
export const registerApiKeyInputSchema = createApiKeyInputSchema.omit({ scope: true }).extend({
  key: z.string().min(MIN_KEY_LENGTH).max(MAX_KEY_LENGTH).describe('The plaintext key; only its hash is stored'),
});

/** An API key as services return it: never the key, never its hash. */
export const apiKeySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string().describe('The first characters of the key, to recognise it; not secret'),
  scope: apiKeyScopeSchema,
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
