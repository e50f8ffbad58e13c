/**
 * The zod schemas of every `McpServersService` input and output (the API builds its OpenAPI
 * document from them). Output schemas carry secrets only as {@link SECRET_MASK}.
 *
 * @module
 */
import { z } from 'zod';
import { idSchema } from '../../common/id-schema.js';
import { pageSchema, pageQuerySchema } from '../../common/pagination.js';
import { sortSchema } from '../../common/sort.js';
import { timestampSchema } from '../../common/timestamps.js';
import {
  mcpHealthStatusSchema,
  mcpProbeErrorKindSchema,
  mcpProbeResultSchema,
  mcpToolSummarySchema,
  mcpTransportSchema,
} from '../../mcp.js';
import { endpointIssues } from './mcp-server-connection.js';
import { SECRET_MASK } from './secret-mask.js';

const nameSchema = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
const descriptionSchema = z.string().max(2_000, 'must be at most 2000 characters').nullable();

/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** An environment variable name. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const mcpHeadersInputSchema = z
  .record(
    z.string().regex(HEADER_NAME, 'must be a valid HTTP header name'),
    z.string().max(8_192).regex(/^[^\r\n\0]*$/, 'must not contain line breaks'),
  )
  .describe(`HTTP headers (secret values: encrypted at rest, returned as "${SECRET_MASK}"). On update, "${SECRET_MASK}" keeps the saved value of that header.`);

export const mcpEnvInputSchema = z
  .record(z.string().regex(ENV_NAME, 'must be a valid environment variable name'), z.string().max(32_768).regex(/^[^\0]*$/))
  .describe(`Environment of a stdio server (secret values). On update, "${SECRET_MASK}" keeps the saved value.`);

const urlSchema = z.string().max(2_048).describe('Endpoint for streamable_http / sse: an http: or https: URL.');
const commandSchema = z.string().min(1).max(1_024).describe('Executable of a stdio server.');
const argsSchema = z.array(z.string().max(4_096)).max(256).describe('Arguments of the stdio command.');
const secretArgsSchema = z
  .array(z.number().int().min(0).max(255))
  .max(256)
  .describe(`Indexes of \`args\` that are secrets: stored encrypted, shown as "${SECRET_MASK}". On update, "${SECRET_MASK}" at such an index keeps the saved value.`);
const checkIntervalSchema = z
  .number()
  .int()
  .min(10)
  .max(86_400)
  .describe('Seconds between health checks while the server is healthy (10 … 86400, default 60).');

function noMaskedValues(map: Record<string, string> | null | undefined, field: string, ctx: z.RefinementCtx): void {
  for (const [key, value] of Object.entries(map ?? {})) {
    if (value === SECRET_MASK) ctx.addIssue({ code: 'custom', path: [field, key], message: 'is the mask, not a value' });
  }
}

/** The connection fields shared by a new server and an unsaved connection test. */
const connectionShape = {
  transport: mcpTransportSchema,
  url: urlSchema.optional(),
  command: commandSchema.optional(),
  args: argsSchema.optional(),
  secretArgs: secretArgsSchema.optional(),
  headers: mcpHeadersInputSchema.optional(),
  env: mcpEnvInputSchema.optional(),
};

/** The endpoint must fit the transport, and secrets must be values, not the mask. */
function refineConnection(input: z.output<z.ZodObject<typeof connectionShape>>, ctx: z.RefinementCtx): void {
  for (const issue of endpointIssues(input, { url: true, command: true, args: true })) {
    ctx.addIssue({ code: 'custom', path: [...issue.path], message: issue.message });
  }
  noMaskedValues(input.headers, 'headers', ctx);
  noMaskedValues(input.env, 'env', ctx);
  secretArgsIssues(input.args, input.secretArgs, ctx);
}

/** Secret args: indexes into `args` (stdio only), and a secret value is a value, not the mask. */
function secretArgsIssues(args: readonly string[] | undefined, secretArgs: readonly number[] | undefined, ctx: z.RefinementCtx): void {
  for (const [i, index] of (secretArgs ?? []).entries()) {
    if (args === undefined || index >= args.length) {
      ctx.addIssue({ code: 'custom', path: ['secretArgs', i], message: 'is not the index of an argument in args' });
    } else if (args[index] === SECRET_MASK) {
      ctx.addIssue({ code: 'custom', path: ['args', index], message: 'is the mask, not a value' });
    }
  }
}

export const mcpConnectionInputSchema = z
  .strictObject(connectionShape)
  .superRefine(refineConnection)
  .describe("Connection settings of an MCP server, to probe without saving; validated like a new server's.");

/** Input of `testConnection`. */
export type McpConnectionInput = z.input<typeof mcpConnectionInputSchema>;

export const createMcpServerInputSchema = z
  .strictObject({
    name: nameSchema.describe('Unique name of the server.'),
    description: descriptionSchema.optional(),
    ...connectionShape,
    enabled: z.boolean().optional().describe('Whether the health monitor checks it (default true).'),
    checkIntervalSeconds: checkIntervalSchema.optional(),
  })
  .superRefine(refineConnection)
  .describe('A new MCP server.');

/** Input of `createMcpServer`. */
export type CreateMcpServerInput = z.input<typeof createMcpServerInputSchema>;

export const updateMcpServerInputSchema = z
  .strictObject({
    version: z.number().int().min(1).describe('The version the change is based on (optimistic concurrency).'),
    name: nameSchema.optional(),
    description: descriptionSchema.optional(),
    transport: mcpTransportSchema.optional(),
    url: urlSchema.nullable().optional(),
    command: commandSchema.nullable().optional(),
    args: argsSchema.optional(),
    secretArgs: secretArgsSchema.optional(),
    headers: mcpHeadersInputSchema.nullable().optional(),
    env: mcpEnvInputSchema.nullable().optional(),
    enabled: z.boolean().optional(),
    checkIntervalSeconds: checkIntervalSchema.optional(),
  })
  .describe('Changes to an MCP server. Omitted headers / env keep the saved ones, given ones replace them, null removes all. Switching the transport drops the endpoint fields it does not use; the endpoint is validated as on create.');

/** Input of `updateMcpServer`. */
export type UpdateMcpServerInput = z.input<typeof updateMcpServerInputSchema>;

/**
 * Sort keys of `listMcpServers` (prefix `-` for descending; default `name`).
 *
 * @example
 * mcpServerSortSchema.parse('-lastCheckedAt');
 */
export const mcpServerSortSchema = sortSchema(
  ['name', 'status', 'createdAt', 'updatedAt', 'lastCheckedAt', 'lastLatencyMs'] as const,
  'name',
);

/** `true` / `false`, also as the strings a query string carries. */
const booleanQuerySchema = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);

export const listMcpServersQuerySchema = pageQuerySchema
  .extend({
    status: mcpHealthStatusSchema.optional(),
    enabled: booleanQuerySchema.optional(),
    transport: mcpTransportSchema.optional(),
    search: z.string().trim().min(1).max(200).optional().describe('Substring of the name or description.'),
    sort: mcpServerSortSchema,
  })
  .describe('Filters, sort and paging of the MCP server list.');

/** Input of `listMcpServers`. */
export type ListMcpServersQuery = z.input<typeof listMcpServersQuerySchema>;

export const mcpProbeOptionsSchema = z
  .strictObject({
    deadlineMs: z.number().int().min(100).max(120_000).optional().describe('Deadline of the probe (default 15 s).'),
  })
  .describe('Options of a probe.');

/** Options of a probe. */
export type McpProbeOptions = z.input<typeof mcpProbeOptionsSchema>;

/** A secret map in output: keys kept, every value the mask. */
const MaskedSecretsSchema = z.record(z.string(), z.literal(SECRET_MASK));

export const mcpServerSchema = z
  .object({
    id: idSchema,
    name: z.string(),
    description: z.string().nullable(),
    transport: mcpTransportSchema,
    url: z.string().nullable(),
    command: z.string().nullable(),
    args: z.array(z.string()).describe(`Arguments of a stdio command; each secret one is "${SECRET_MASK}".`),
    secretArgs: z.array(z.number().int()).describe('Indexes of the secret arguments in args.'),
    headers: MaskedSecretsSchema.describe(`Header names; every value is "${SECRET_MASK}".`),
    env: MaskedSecretsSchema.describe(`Environment variable names; every value is "${SECRET_MASK}".`),
    enabled: z.boolean(),
    status: mcpHealthStatusSchema,
    lastCheckedAt: timestampSchema.nullable(),
    lastSuccessAt: timestampSchema.nullable(),
    lastLatencyMs: z.number().int().nullable(),
    lastError: z.string().nullable().describe('"<kind>: <message>" of the last failed check; secrets removed.'),
    secretError: z
      .string()
      .nullable()
      .describe('Why the stored headers/env cannot be decrypted (wrong AGENT_STUDIO_SECRET_KEY); null when they can. Re-enter them to fix it.'),
    toolCount: z.number().int().nullable(),
    serverInfo: z.object({ name: z.string(), version: z.string() }).nullable(),
    protocolVersion: z.string().nullable(),
    consecutiveFailures: z.number().int(),
    checkIntervalSeconds: z.number().int(),
    nextCheckAt: timestampSchema,
    version: z.number().int(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .describe('A registered MCP server and its latest health.');

/** An MCP server DTO. */
export type McpServerDto = z.infer<typeof mcpServerSchema>;

export const mcpServerPageSchema = pageSchema(mcpServerSchema).describe('A page of MCP servers.');

export const mcpHealthCheckSchema = z
  .object({
    id: idSchema,
    mcpServerId: idSchema,
    checkedAt: timestampSchema,
    status: mcpHealthStatusSchema.exclude(['unknown']),
    latencyMs: z.number().int().nullable(),
    toolCount: z.number().int().nullable(),
    errorKind: mcpProbeErrorKindSchema.nullable(),
    error: z.string().nullable().describe('Why the check failed; secrets removed.'),
  })
  .describe('One health check of an MCP server.');

/** A health check DTO. */
export type McpHealthCheckDto = z.infer<typeof mcpHealthCheckSchema>;

export const mcpHealthCheckPageSchema = pageSchema(mcpHealthCheckSchema).describe('Health checks, newest first.');

export const mcpCheckResultSchema = z
  .object({ server: mcpServerSchema, check: mcpHealthCheckSchema })
  .describe('The result of checking an MCP server now.');

/** The result of `checkNow`. */
export type McpCheckResult = z.infer<typeof mcpCheckResultSchema>;

export const mcpToolListSchema = z
  .object({
    mcpServerId: idSchema,
    tools: z.array(mcpToolSummarySchema),
    toolCount: z.number().int().nullable().describe('Tools the server reported at the last check (may exceed tools.length).'),
    lastSuccessAt: timestampSchema.nullable().describe('When the tools were last listed.'),
  })
  .describe('Cached tools of an MCP server.');

/** A cached tool list. */
export type McpToolList = z.infer<typeof mcpToolListSchema>;

export const mcpRefreshedToolsSchema = mcpToolListSchema.extend({ check: mcpHealthCheckSchema }).describe('Tools after a refresh, with the check that listed them (when the probe failed, the cached tools are kept and check.errorKind says why).');

/** The result of `refreshTools`. */
export type McpRefreshedTools = z.infer<typeof mcpRefreshedToolsSchema>;

/**
 * The result of `testConnection`: the probe result, secrets removed.
 *
 * @example
 * const result = mcpTestConnectionResultSchema.parse(await McpServersService.testConnection(session, config));
 */
export const mcpTestConnectionResultSchema = mcpProbeResultSchema;

export const importMcpToolInputSchema = z
  .strictObject({
    toolName: z.string().min(1).max(200).describe('Name of the tool on the MCP server.'),
    functionName: nameSchema.optional().describe('Name of the new function (default: the tool name).'),
    description: descriptionSchema.optional(),
  })
  .describe("A cached MCP tool to import as a function; its description defaults to the tool's.");

/** Input of `importToolAsFunction`. */
export type ImportMcpToolInput = z.input<typeof importMcpToolInputSchema>;

export const mcpImportedFunctionSchema = z
  .object({
    id: idSchema,
    name: z.string(),
    description: z.string().nullable(),
    kind: z.literal('mcp_tool'),
    parameters: z.record(z.string(), z.unknown()).describe('JSON Schema of the input: the tool input schema.'),
    mcpServerId: idSchema,
    mcpToolName: z.string(),
    version: z.number().int(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .describe('A function calling a tool of an MCP server.');

/** An imported function. */
export type McpImportedFunction = z.infer<typeof mcpImportedFunctionSchema>;

export const mcpFleetHealthSchema = z
  .object({
    total: z.number().int(),
    enabled: z.number().int(),
    disabled: z.number().int(),
    byStatus: z.object({
      unknown: z.number().int(),
      healthy: z.number().int(),
      degraded: z.number().int(),
      unreachable: z.number().int(),
    }),
  })
  .describe('Health of all MCP servers at a glance: counts per health status, and of enabled and disabled servers.');

/** The fleet summary. */
export type McpFleetHealth = z.infer<typeof mcpFleetHealthSchema>;
