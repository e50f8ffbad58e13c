/**
 * The zod schemas of every `AgentsService` input and output (the API validates requests and
 * builds its OpenAPI document from them).
 *
 * @module
 */
import { z } from 'zod';
import { jsonValueSchema } from '../../common/json-value.js';
import { JSON_FIELD_LIMITS, jsonAtMost } from '../../common/json-size.js';
import { idSchema } from '../../common/id-schema.js';
import { pageQuerySchema, pageSchema } from '../../common/pagination.js';
import { sortSchema } from '../../common/sort.js';
import { timestampSchema } from '../../common/timestamps.js';
import { functionSchema } from '../functions/functions-schemas.js';

/** The longest agent name (generated copy names stay within it too). */
export const MAX_AGENT_NAME_LENGTH = 200;

export const agentStatusSchema = z.enum(['active', 'archived']).describe('Lifecycle state of an agent.');

/** An agent status. */
export type AgentStatus = z.infer<typeof agentStatusSchema>;

export const agentNameSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(MAX_AGENT_NAME_LENGTH, `must be at most ${MAX_AGENT_NAME_LENGTH} characters`)
  .describe('Unique name of the agent.');

const descriptionSchema = z.string().max(2_000, 'must be at most 2000 characters').nullable().describe('What the agent is for.');
const modelSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')
  .describe(
    'The model the agent runs on, as "<model provider name>/<model id>" (e.g. "local/qwen2.5"); resolved to a registered model provider when the agent runs. A plain model id ("gpt-4o-mini") is still accepted when saving, for compatibility, but cannot run until it names a provider.',
  );
const instructionsSchema = z
  .string()
  .max(100_000, 'must be at most 100000 characters')
  .describe('System instructions of the agent.');
const temperatureSchema = z
  .number()
  .min(0, 'must be between 0 and 2')
  .max(2, 'must be between 0 and 2')
  .describe('Sampling temperature, 0–2.');

export const agentConfigSchema = z
  .record(z.string(), jsonValueSchema)
  .superRefine(jsonAtMost(JSON_FIELD_LIMITS.config))
  .describe('Free-form JSON configuration (an object, at most 64 KiB as JSON).');

export const createAgentInputSchema = z
  .strictObject({
    name: agentNameSchema,
    description: descriptionSchema.optional(),
    model: modelSchema,
    instructions: instructionsSchema.optional(),
    temperature: temperatureSchema.optional(),
    config: agentConfigSchema.optional(),
    status: agentStatusSchema.optional(),
  })
  .describe('A new agent.');

/** Input of `createAgent`. */
export type CreateAgentInput = z.input<typeof createAgentInputSchema>;

export const updateAgentInputSchema = z
  .strictObject({
    version: z.number().int().min(1).describe('The version the change is based on (optimistic concurrency).'),
    name: agentNameSchema.optional(),
    description: descriptionSchema.optional(),
    model: modelSchema.optional(),
    instructions: instructionsSchema.optional(),
    temperature: temperatureSchema.optional(),
    config: agentConfigSchema.optional(),
    status: agentStatusSchema.optional(),
  })
  .describe('Changes to an agent.');

/** Input of `updateAgent`. */
export type UpdateAgentInput = z.input<typeof updateAgentInputSchema>;

export const duplicateAgentInputSchema = z
  .strictObject({
    name: agentNameSchema.optional().describe('Name of the copy; default "<name> (copy)", "(copy 2)", ...'),
  })
  .describe('How to duplicate an agent.');

/** Input of `duplicateAgent`. */
export type DuplicateAgentInput = z.input<typeof duplicateAgentInputSchema>;

/**
 * Sort keys of `listAgents`: `name`, `createdAt`, `updatedAt` (prefix `-` for descending;
 * default `-createdAt`).
 *
 * @example
 * agentSortSchema.parse('-updatedAt'); // '-updatedAt'
 */
export const agentSortSchema = sortSchema(['name', 'createdAt', 'updatedAt'] as const, '-createdAt');

export const listAgentsQuerySchema = pageQuerySchema
  .extend({
    status: agentStatusSchema.optional(),
    model: z.string().trim().min(1).max(200).optional().describe('Only agents on this model (exact).'),
    search: z.string().trim().min(1).max(200).optional().describe('Case-insensitive substring of the name.'),
    sort: agentSortSchema,
  })
  .describe('Filters, sort and paging of the agent list.');

/** Input of `listAgents`. */
export type ListAgentsQuery = z.input<typeof listAgentsQuerySchema>;

export const agentSchema = z
  .object({
    id: idSchema,
    name: z.string(),
    description: z.string().nullable(),
    model: z.string(),
    instructions: z.string(),
    temperature: z.number(),
    config: agentConfigSchema,
    status: agentStatusSchema,
    version: z.number().int().describe('Optimistic-concurrency version of the row.'),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .describe('An agent.');

/** An agent DTO. */
export type AgentDto = z.infer<typeof agentSchema>;

export const agentPageSchema = pageSchema(agentSchema).describe('A page of agents.');

export const attachFunctionInputSchema = z
  .strictObject({
    functionId: idSchema.describe('The function to attach.'),
    position: z.number().int().min(0).max(1_000_000).optional().describe('Order among the agent\'s functions (default: last).'),
  })
  .describe('A function to attach to an agent.');

/** Input of `attachFunction`. */
export type AttachFunctionInput = z.input<typeof attachFunctionInputSchema>;

export const listAgentFunctionsQuerySchema = pageQuerySchema.describe('Paging of an agent\'s functions.');

/** Input of `listAgentFunctions`. */
export type ListAgentFunctionsQuery = z.input<typeof listAgentFunctionsQuerySchema>;

export const agentFunctionSchema = z
  .object({
    id: idSchema,
    agentId: idSchema,
    functionId: idSchema,
    position: z.number().int().describe('Order among the agent\'s functions.'),
    createdAt: timestampSchema.describe('When it was attached.'),
    function: functionSchema,
  })
  .describe('A function attached to an agent, with the function itself.');

/** An agent–function DTO. */
export type AgentFunctionDto = z.infer<typeof agentFunctionSchema>;

export const agentFunctionPageSchema = pageSchema(agentFunctionSchema).describe('A page of an agent\'s functions.');
