/**
 * The zod schemas of every `ModelProvidersService` input and output (the API builds its OpenAPI
 * document from them). Output schemas carry the API key and header values only as
 * {@link SECRET_MASK}.
 *
 * @module
 */
import { z } from 'zod';
import { idSchema } from '../../common/id-schema.js';
import { pageQuerySchema, pageSchema } from '../../common/pagination.js';
import { sortSchema } from '../../common/sort.js';
import { timestampSchema } from '../../common/timestamps.js';
import { mcpHeadersInputSchema } from '../mcp-servers/mcp-servers-schemas.js';
import { SECRET_MASK } from '../mcp-servers/secret-mask.js';

/** A provider name: the prefix of an agent's `model` (`"local/qwen2.5"`), so no `/`. */
export const PROVIDER_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const nameSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters')
  .regex(PROVIDER_NAME_PATTERN, 'must start with a letter or digit and contain only letters, digits, ".", "_" and "-"')
  .describe('Unique name; the prefix of an agent\'s model ("local" in "local/qwen2.5").');
const descriptionSchema = z.string().max(2_000, 'must be at most 2000 characters').nullable();

export const providerBaseUrlSchema = z
  .string()
  .max(2_048)
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a valid URL' });
      return;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') ctx.addIssue({ code: 'custom', message: 'must use http: or https:' });
    if (url.username || url.password) {
      ctx.addIssue({ code: 'custom', message: 'must not contain credentials; use apiKey or headers' });
    }
    if (url.search || url.hash) ctx.addIssue({ code: 'custom', message: 'must not have a query or fragment; use headers' });
  })
  .describe('Base URL of the OpenAI-compatible API (the part before /chat/completions), e.g. https://api.openai.com/v1 (http: or https:). No user name, password, query or fragment: secrets belong in apiKey or headers.');

const apiKeySchema = z
  .string()
  .min(1, 'must not be empty')
  .max(4_096)
  .regex(/^[^\r\n\0]*$/, 'must not contain line breaks');

export const providerHeadersInputSchema = mcpHeadersInputSchema.describe(
  `Extra HTTP headers (secret values). On update, "${SECRET_MASK}" keeps the saved value of that header.`,
);

const requestTimeoutSchema = z
  .number()
  .int()
  .min(100)
  .max(600_000)
  .describe('Timeout of one model request in milliseconds (100 … 600000, default 60000).');

/** Reports mask values given where a real secret is needed (on create). */
function noMask(input: { apiKey?: string | null | undefined; headers?: Record<string, string> | null | undefined }, ctx: z.RefinementCtx): void {
  if (input.apiKey === SECRET_MASK) ctx.addIssue({ code: 'custom', path: ['apiKey'], message: 'is the mask, not a value' });
  for (const [key, value] of Object.entries(input.headers ?? {})) {
    if (value === SECRET_MASK) ctx.addIssue({ code: 'custom', path: ['headers', key], message: 'is the mask, not a value' });
  }
}

export const createModelProviderInputSchema = z
  .strictObject({
    name: nameSchema,
    description: descriptionSchema.optional(),
    kind: z.literal('openai_compatible').optional().describe('Wire protocol (only "openai_compatible" today).'),
    baseUrl: providerBaseUrlSchema,
    apiKey: apiKeySchema.optional().describe('API key (secret), sent as "Authorization: Bearer <key>".'),
    headers: providerHeadersInputSchema.optional(),
    requestTimeoutMs: requestTimeoutSchema.optional(),
  })
  .superRefine(noMask)
  .describe('A new model provider.');

/** Input of `createModelProvider`. */
export type CreateModelProviderInput = z.input<typeof createModelProviderInputSchema>;

export const updateModelProviderInputSchema = z
  .strictObject({
    version: z.number().int().min(1).describe('The version the change is based on (optimistic concurrency).'),
    name: nameSchema.optional(),
    description: descriptionSchema.optional(),
    baseUrl: providerBaseUrlSchema.optional(),
    apiKey: apiKeySchema
      .nullable()
      .optional()
      .describe(`New API key; "${SECRET_MASK}" or omitted keeps the saved one, null removes it.`),
    headers: providerHeadersInputSchema.nullable().optional(),
    requestTimeoutMs: requestTimeoutSchema.optional(),
  })
  .describe('Changes to a model provider. headers: omitted keeps them, a map replaces them, null removes all.');

/** Input of `updateModelProvider`. */
export type UpdateModelProviderInput = z.input<typeof updateModelProviderInputSchema>;

/**
 * Sort keys of `listModelProviders` (prefix `-` for descending; default `name`).
 *
 * @example
 * modelProviderSortSchema.parse('-createdAt');
 */
export const modelProviderSortSchema = sortSchema(['name', 'createdAt', 'updatedAt'] as const, 'name');

export const listModelProvidersQuerySchema = pageQuerySchema
  .extend({
    search: z.string().trim().min(1).max(200).optional().describe('Substring of the name.'),
    sort: modelProviderSortSchema,
  })
  .describe('Filters, sort and paging of the model provider list.');

/** Input of `listModelProviders`. */
export type ListModelProvidersQuery = z.input<typeof listModelProvidersQuerySchema>;

export const modelProviderSchema = z
  .object({
    id: idSchema,
    name: z.string(),
    description: z.string().nullable(),
    kind: z.literal('openai_compatible'),
    baseUrl: z.string(),
    apiKey: z.literal(SECRET_MASK).nullable().describe(`"${SECRET_MASK}" when a key is saved, else null.`),
    hasApiKey: z.boolean(),
    headers: z.record(z.string(), z.literal(SECRET_MASK)).describe(`Header names; every value is "${SECRET_MASK}".`),
    requestTimeoutMs: z.number().int(),
    version: z.number().int(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .describe('A model provider (an OpenAI-compatible Chat Completions API).');

/** A model provider DTO. */
export type ModelProviderDto = z.infer<typeof modelProviderSchema>;

export const modelProviderPageSchema = pageSchema(modelProviderSchema).describe('A page of model providers.');
