/**
 * The zod schemas of a studio export: every resource by name (references to other resources by
 * their names, never ids), secrets as references (`{ secretRef: "NAME" }`), never values.
 *
 * @module
 */
import { z } from 'zod';
import { jsonValueSchema } from '../../common/json-value.js';
import { mcpTransportSchema } from '../../mcp.js';
import { agentStatusSchema } from '../agents/agents-schemas.js';

export const secretRefSchema = z
  .strictObject({ secretRef: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'must be an upper-case name (A-Z, 0-9, _)').max(200) })
  .describe('A secret by reference (its value is never exported). On import, NAME is looked up in the secrets given; without one, an existing resource keeps its saved value and a new one is an error.');

/** A secret reference. */
export type SecretRef = z.infer<typeof secretRefSchema>;

const name = z.string().trim().min(1, 'must not be empty').max(200);
const description = z.string().max(2_000).nullable().default(null);
const json = z.record(z.string(), jsonValueSchema);
const secretMap = z.record(z.string(), secretRefSchema).default({});

export const exportedMcpServerSchema = z
  .strictObject({
    name,
    description,
    transport: mcpTransportSchema,
    url: z.string().nullable().default(null),
    urlSecretRef: secretRefSchema.nullable().default(null),
    command: z.string().nullable().default(null),
    args: z.array(z.union([z.string(), secretRefSchema])).default([]),
    headers: secretMap,
    env: secretMap,
    enabled: z.boolean().default(true),
    checkIntervalSeconds: z.number().int().default(60),
  })
  .describe('An MCP server in an export: url is the shown URL (credentials masked), urlSecretRef names the full URL when it carries credentials; a secret stdio argument is a reference in args.');

export const exportedModelProviderSchema = z
  .strictObject({
    name,
    description,
    kind: z.literal('openai_compatible').default('openai_compatible'),
    baseUrl: z.string(),
    apiKey: secretRefSchema.nullable().default(null),
    headers: secretMap,
    requestTimeoutMs: z.number().int().optional(),
  })
  .describe('A model provider in an export (apiKey and header values by reference).');

export const exportedFunctionSchema = z
  .strictObject({
    name,
    description,
    kind: z.enum(['http', 'mcp_tool', 'builtin']),
    parameters: json.optional(),
    config: z.record(z.string(), z.union([jsonValueSchema, z.record(z.string(), secretRefSchema)])).default({}),
    mcpServer: z.string().nullable().default(null).describe('Name of the MCP server (mcp_tool functions).'),
    mcpToolName: z.string().nullable().default(null),
  })
  .describe("A function in an export; an http function's header values are references in config.headers.");

export const exportedAgentSchema = z
  .strictObject({
    name,
    description,
    model: z.string(),
    instructions: z.string().default(''),
    temperature: z.number().default(0.7),
    config: json.default({}),
    status: agentStatusSchema.default('active'),
    functions: z.array(z.string()).default([]).describe('Names of the attached functions, in order.'),
  })
  .describe('An agent in an export.');

/** A workflow definition in an export: node `ref`s are agent / function names. */
const exportedDefinition = json.describe('The definition; agent and function nodes name their agent / function (`ref`).');

export const exportedWorkflowSchema = z
  .strictObject({
    name,
    description,
    definition: exportedDefinition,
    versions: z
      .array(
        z.strictObject({
          versionNumber: z.number().int().min(1),
          description,
          definition: exportedDefinition,
          publishedAt: z.string().datetime({ offset: true }).nullable().default(null),
        }),
      )
      .default([]),
  })
  .describe('A workflow (draft and published versions) in an export.');

export const exportedDeploymentSchema = z
  .strictObject({
    name,
    description,
    agent: z.string().nullable().default(null),
    workflow: z.string().nullable().default(null),
    workflowVersion: z.number().int().min(1).nullable().default(null).describe('A published version; null: the draft.'),
    status: z.enum(['draft', 'deployed', 'stopped']).default('draft'),
    config: json.default({}),
    functions: z.array(z.strictObject({ function: z.string(), config: json.default({}) })).default([]),
  })
  .describe('A deployment in an export: its agent or workflow and its functions, by name. API keys are never exported (rotate one on the target).');

export const studioExportSchema = z
  .strictObject({
    mcpServers: z.array(exportedMcpServerSchema).default([]),
    modelProviders: z.array(exportedModelProviderSchema).default([]),
    functions: z.array(exportedFunctionSchema).default([]),
    agents: z.array(exportedAgentSchema).default([]),
    workflows: z.array(exportedWorkflowSchema).default([]),
    deployments: z.array(exportedDeploymentSchema).default([]),
  })
  .describe('Agents, functions, MCP servers, model providers, workflows and deployments (each list sorted by name), secrets by reference.');

/** A parsed export. */
export type StudioExport = z.infer<typeof studioExportSchema>;

/** What an import accepts: an export (missing kinds are empty). */
export type StudioExportInput = z.input<typeof studioExportSchema>;

/**
 * The kinds of an export, in the order they are imported (references point backwards).
 *
 * @example
 * for (const kind of EXPORT_KINDS) console.log(kind, bundle[kind].length);
 */
export const EXPORT_KINDS = ['mcpServers', 'modelProviders', 'functions', 'agents', 'workflows', 'deployments'] as const;

/** A kind of resource in an export. */
export type ExportKind = (typeof EXPORT_KINDS)[number];

export const importInputSchema = z
  .strictObject({
    bundle: studioExportSchema,
    secrets: z.record(z.string(), z.string()).default({}).describe('Values of secret references, by name.'),
    dryRun: z.boolean().default(false).describe('Validate and report what would change; write nothing.'),
  })
  .describe('A studio import.');

/** Input of `importAll`. */
export type ImportInput = z.input<typeof importInputSchema>;

export const importReportSchema = z
  .object({
    dryRun: z.boolean(),
    changes: z.array(
      z.object({
        kind: z.enum(EXPORT_KINDS),
        name: z.string(),
        action: z.enum(['create', 'update', 'unchanged']),
      }),
    ),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
  })
  .describe('What an import changed (with dryRun: would change), resource by resource.');

/** The report of an import. */
export type ImportReport = z.infer<typeof importReportSchema>;
