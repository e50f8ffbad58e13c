/**
 * The zod schemas of every `FunctionsService` input and output (the API validates requests and
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
import { BUILTIN_FUNCTION_NAMES } from '../../runtime/executors/builtin-registry.js';
import { checkParametersSchema } from './json-schema-check.js';

/** The most characters a function's `parameters` may take as JSON. */
export const MAX_PARAMETERS_JSON_LENGTH = 64 * 1024;

export const functionKindSchema = z.enum(['http', 'mcp_tool', 'builtin']).describe('What runs when the function is called: an HTTP request, a tool of a registered MCP server, or a built-in.');

/** A function kind. */
export type FunctionKind = z.infer<typeof functionKindSchema>;

export const functionNameSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .regex(/^[A-Za-z0-9_-]+$/, 'may contain only letters, digits, "_" and "-"')
  .describe('Unique tool name the model calls (letters, digits, _ and -; at most 64).');

const descriptionSchema = z
  .string()
  .max(2_000, 'must be at most 2000 characters')
  .nullable()
  .describe('What the function does (shown to the model).');

export const functionConfigSchema = z
  .record(z.string(), jsonValueSchema)
  .superRefine(jsonAtMost(JSON_FIELD_LIMITS.config))
  .describe('Free-form JSON configuration (an object, at most 64 KiB as JSON).');

export const functionParametersSchema = z
  .record(z.string(), jsonValueSchema)
  .superRefine((value, ctx) => {
    if (JSON.stringify(value).length > MAX_PARAMETERS_JSON_LENGTH) {
      ctx.addIssue({ code: 'custom', path: [], message: `must be at most ${MAX_PARAMETERS_JSON_LENGTH} characters as JSON` });
      return;
    }
    for (const issue of checkParametersSchema(value)) ctx.addIssue({ code: 'custom', path: [...issue.path], message: issue.message });
  })
  .describe('JSON Schema (type "object") of the arguments the function takes, checked structurally and recursively; each problem names its path.');

/** The `parameters` of a function created without any: an object schema with no properties. */
export const EMPTY_PARAMETERS = Object.freeze({ type: 'object', properties: {} });

export const httpMethodSchema = z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).describe('HTTP method.');

const headerNameSchema = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'must be a valid HTTP header name');
const headerValueSchema = z
  .string()
  .max(8_192, 'must be at most 8192 characters')
  .regex(/^[^\r\n\0]*$/, 'must not contain line breaks or NUL');

export const httpFunctionConfigSchema = z
  .strictObject({
    url: z
      .url({ protocol: /^https?$/, message: 'must be an http or https URL' })
      .max(2_048, 'must be at most 2048 characters')
      .describe('The endpoint called (http or https).'),
    method: httpMethodSchema,
    headers: z.record(headerNameSchema, headerValueSchema).optional().describe('Extra request headers.'),
  })
  .describe('How an http function is called.');

/** `config` of an `http` function. */
export type HttpFunctionConfig = z.infer<typeof httpFunctionConfigSchema>;

export const builtinFunctionConfigSchema = z
  .strictObject({
    name: z
      .string()
      .trim()
      .pipe(z.enum(BUILTIN_FUNCTION_NAMES, { message: `must be one of: ${BUILTIN_FUNCTION_NAMES.join(', ')}` }))
      .describe('The built-in to run.'),
  })
  .describe('Which built-in a builtin function runs.');

/** `config` of a `builtin` function. */
export type BuiltinFunctionConfig = z.infer<typeof builtinFunctionConfigSchema>;

export const mcpToolNameSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(128, 'must be at most 128 characters')
  .describe('The name of the tool on the MCP server.');

/** `mcpServerId` / `mcpToolName` of a function that is not an `mcp_tool`: absent or null. */
const notAnMcpTool = z.null({ message: 'only mcp_tool functions name an MCP server and tool' }).optional();

const commonCreateFields = {
  name: functionNameSchema,
  description: descriptionSchema.optional(),
  parameters: functionParametersSchema.default(() => ({ ...EMPTY_PARAMETERS, properties: {} })),
};

export const createFunctionInputSchema = z
  .discriminatedUnion('kind', [
    z
      .strictObject({
        kind: z.literal('http'),
        ...commonCreateFields,
        config: httpFunctionConfigSchema,
        mcpServerId: notAnMcpTool,
        mcpToolName: notAnMcpTool,
      })
      .describe('A function that makes an HTTP request.'),
    z
      .strictObject({
        kind: z.literal('mcp_tool'),
        ...commonCreateFields,
        mcpServerId: idSchema.describe('The MCP server providing the tool.'),
        mcpToolName: mcpToolNameSchema,
        config: functionConfigSchema.default(() => ({})),
      })
      .describe('A function that calls a tool on a registered MCP server.'),
    z
      .strictObject({
        kind: z.literal('builtin'),
        ...commonCreateFields,
        config: builtinFunctionConfigSchema,
        mcpServerId: notAnMcpTool,
        mcpToolName: notAnMcpTool,
      })
      .describe('A function built into Agent Studio.'),
  ])
  .describe('A new function (tool).');

/** Input of `createFunction` / `validateFunction`. */
export type CreateFunctionInput = z.input<typeof createFunctionInputSchema>;

export const updateFunctionInputSchema = z
  .strictObject({
    version: z.number().int().min(1).describe('The version the change is based on (optimistic concurrency).'),
    name: functionNameSchema.optional(),
    description: descriptionSchema.optional(),
    parameters: functionParametersSchema.optional(),
    config: functionConfigSchema.optional().describe('New configuration; checked against the function kind.'),
    mcpServerId: idSchema.optional().describe('New MCP server (mcp_tool functions only).'),
    mcpToolName: mcpToolNameSchema.optional().describe('New tool name (mcp_tool functions only).'),
  })
  .describe('Changes to a function (its kind never changes).');

/** Input of `updateFunction`. */
export type UpdateFunctionInput = z.input<typeof updateFunctionInputSchema>;

/**
 * Sort keys of `listFunctions`: `name`, `kind`, `createdAt`, `updatedAt` (prefix `-` for
 * descending; default `-createdAt`).
 *
 * @example
 * functionSortSchema.parse('name'); // 'name'
 */
export const functionSortSchema = sortSchema(['name', 'kind', 'createdAt', 'updatedAt'] as const, '-createdAt');

export const listFunctionsQuerySchema = pageQuerySchema
  .extend({
    kind: functionKindSchema.optional(),
    mcpServerId: idSchema.optional().describe('Only tools of this MCP server.'),
    search: z.string().trim().min(1).max(200).optional().describe('Case-insensitive substring of the name.'),
    sort: functionSortSchema,
  })
  .describe('Filters, sort and paging of the function list.');

/** Input of `listFunctions`. */
export type ListFunctionsQuery = z.input<typeof listFunctionsQuerySchema>;

export const functionSchema = z
  .object({
    id: idSchema,
    name: z.string(),
    description: z.string().nullable(),
    kind: functionKindSchema,
    parameters: functionConfigSchema.describe('JSON Schema (type "object") of the arguments.'),
    config: functionConfigSchema.describe('Kind-specific configuration.'),
    mcpServerId: idSchema.nullable().describe('The MCP server (mcp_tool only).'),
    mcpToolName: z.string().nullable().describe('The tool on the MCP server (mcp_tool only).'),
    version: z.number().int().describe('Optimistic-concurrency version of the row.'),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .describe('A function (tool) agents can call.');

/** A function DTO. */
export type FunctionDto = z.infer<typeof functionSchema>;

export const functionPageSchema = pageSchema(functionSchema).describe('A page of functions.');

export const functionValidationIssueSchema = z
  .object({
    path: z.array(z.union([z.string(), z.number()])).describe('Where in the input.'),
    message: z.string(),
  })
  .describe('A problem with a function definition.');

export const functionValidationResultSchema = z
  .object({
    valid: z.boolean(),
    issues: z.array(functionValidationIssueSchema),
  })
  .describe('The result of validating a function definition without saving it.');

/** The result of `validateFunction`. */
export type FunctionValidationResult = z.infer<typeof functionValidationResultSchema>;
