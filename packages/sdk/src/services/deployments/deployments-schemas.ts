/**
 * The zod schemas of every `DeploymentsService` input and output (the API builds its OpenAPI
 * document from them).
 *
 * @module
 */
import { z } from 'zod';
import { jsonValueSchema } from '../../common/json-value.js';
import { idSchema } from '../../common/id-schema.js';
import { pageQuerySchema, pageSchema } from '../../common/pagination.js';
import { sortSchema } from '../../common/sort.js';
import { timestampSchema } from '../../common/timestamps.js';

/**
 * Lifecycle of a deployment: `draft` → `deployed` ⇄ `stopped`.
 *
 * @example
 * deploymentStatusSchema.parse('deployed');
 */
export const deploymentStatusSchema = z.enum(['draft', 'deployed', 'stopped']).describe('Lifecycle state of a deployment.');

/** A deployment status. */
export type DeploymentStatus = z.infer<typeof deploymentStatusSchema>;

/**
 * Free-form JSON configuration of a deployment (or of one of its functions).
 *
 * @example
 * deploymentConfigSchema.parse({ rateLimitPerMinute: 60 });
 */
export const deploymentConfigSchema = z
  .record(z.string(), jsonValueSchema)
  .describe('Free-form JSON configuration (an object).');

const nameSchema = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
const descriptionSchema = z.string().max(2_000, 'must be at most 2000 characters').nullable();

/**
 * Input of `createDeployment`: a name and exactly one target, an agent **or** a workflow (the
 * workflow may be the editable draft or a published version). Unknown keys are rejected.
 *
 * When neither or both targets are given, the issue is reported at `agentId` (neither) or
 * `workflowId` (both).
 *
 * @example
 * createDeploymentInputSchema.parse({ name: 'support-bot', agentId: '1f0c…' });
 */
export const createDeploymentInputSchema = z
  .strictObject({
    name: nameSchema.describe('Unique name of the deployment.'),
    description: descriptionSchema.optional().describe('What the deployment is for.'),
    agentId: idSchema.optional().describe('The agent to deploy (exactly one of agentId / workflowId).'),
    workflowId: idSchema
      .optional()
      .describe('The workflow to deploy, draft or published version (exactly one of agentId / workflowId).'),
    config: deploymentConfigSchema.optional(),
  })
  .superRefine((input, ctx) => {
    if (input.agentId === undefined && input.workflowId === undefined) {
      ctx.addIssue({ code: 'custom', path: ['agentId'], message: 'exactly one of agentId or workflowId is required' });
    } else if (input.agentId !== undefined && input.workflowId !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['workflowId'], message: 'give agentId or workflowId, not both' });
    }
  })
  .describe('A new deployment of one agent or one workflow.');

/** Parsed input of `createDeployment`. */
export type CreateDeploymentInput = z.input<typeof createDeploymentInputSchema>;

/**
 * Input of `updateDeployment`: the expected `version` and the fields to change. The target of a
 * deployment never changes (create another deployment instead).
 *
 * @example
 * updateDeploymentInputSchema.parse({ version: 3, description: 'Answers tickets' });
 */
export const updateDeploymentInputSchema = z
  .strictObject({
    version: z.number().int().min(1).describe('The version the change is based on (optimistic concurrency).'),
    name: nameSchema.optional(),
    description: descriptionSchema.optional(),
    config: deploymentConfigSchema.optional(),
  })
  .describe('Changes to a deployment.');

/** Input of `updateDeployment`. */
export type UpdateDeploymentInput = z.input<typeof updateDeploymentInputSchema>;

/**
 * Input of the lifecycle actions `deploy` and `stop`: the expected `version`.
 *
 * @example
 * deploymentTransitionInputSchema.parse({ version: 2 });
 */
export const deploymentTransitionInputSchema = z
  .strictObject({
    version: z.number().int().min(1).describe('The version the transition is based on (optimistic concurrency).'),
  })
  .describe('A lifecycle transition of a deployment.');

/** Input of `deploy` / `stop`. */
export type DeploymentTransitionInput = z.input<typeof deploymentTransitionInputSchema>;

/**
 * Sort keys of `listDeployments`: `name`, `status`, `createdAt`, `updatedAt`, `deployedAt`
 * (prefix `-` for descending; default `-createdAt`).
 *
 * @example
 * deploymentSortSchema.parse('-deployedAt'); // '-deployedAt'
 */
export const deploymentSortSchema = sortSchema(['name', 'status', 'createdAt', 'updatedAt', 'deployedAt'] as const, '-createdAt');

/**
 * Query of `listDeployments`: filters, sort and paging.
 *
 * @example
 * listDeploymentsQuerySchema.parse({ status: 'deployed', sort: 'name', limit: '50' });
 */
export const listDeploymentsQuerySchema = pageQuerySchema
  .extend({
    status: deploymentStatusSchema.optional(),
    agentId: idSchema.optional().describe('Only deployments of this agent.'),
    workflowId: idSchema.optional().describe('Only deployments of this workflow (draft or version id).'),
    sort: deploymentSortSchema,
  })
  .describe('Filters, sort and paging of the deployment list.');

/** Input of `listDeployments`. */
export type ListDeploymentsQuery = z.input<typeof listDeploymentsQuerySchema>;

/**
 * A deployment as the SDK returns it. Never contains the API key or its hash: only the short,
 * non-secret `apiKeyPrefix` (to tell keys apart) and when the key was last rotated.
 *
 * @example
 * const dto = deploymentSchema.parse(await DeploymentsService.getDeployment(session, id));
 */
export const deploymentSchema = z
  .object({
    id: idSchema,
    name: z.string(),
    description: z.string().nullable(),
    targetType: z.enum(['agent', 'workflow']).describe('What the deployment runs.'),
    agentId: idSchema.nullable(),
    workflowId: idSchema.nullable(),
    status: deploymentStatusSchema,
    config: deploymentConfigSchema,
    hasApiKey: z.boolean().describe('True once an API key was issued (rotateApiKey).'),
    apiKeyPrefix: z.string().nullable().describe('The first characters of the current API key (not secret).'),
    apiKeyRotatedAt: timestampSchema.nullable(),
    deployedAt: timestampSchema.nullable().describe('When it was last deployed.'),
    stoppedAt: timestampSchema.nullable().describe('When it was last stopped (null while deployed).'),
    version: z.number().int(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .describe('A deployment of an agent or a workflow.');

/**
 * A deployment DTO.
 *
 * @example
 * function label(d: DeploymentDto) { return `${d.name} (${d.status})`; }
 */
export type DeploymentDto = z.infer<typeof deploymentSchema>;

/**
 * A page of deployments.
 *
 * @example
 * deploymentPageSchema.parse(await DeploymentsService.listDeployments(session, {}));
 */
export const deploymentPageSchema = pageSchema(deploymentSchema).describe('A page of deployments.');

/**
 * What `rotateApiKey` returns: the deployment and the new API key, in plaintext, this once.
 *
 * @example
 * const { apiKey } = rotatedApiKeySchema.parse(await DeploymentsService.rotateApiKey(session, id));
 */
export const rotatedApiKeySchema = z
  .object({
    deployment: deploymentSchema,
    apiKey: z.string().describe('The new API key. Shown only this once: only its hash is stored.'),
  })
  .describe('A freshly rotated deployment API key.');

/**
 * The result of `rotateApiKey`.
 *
 * @example
 * const { deployment, apiKey }: RotatedApiKey = await DeploymentsService.rotateApiKey(session, id);
 */
export type RotatedApiKey = z.infer<typeof rotatedApiKeySchema>;

/**
 * Input of `attachDeploymentFunction`: the function and an optional per-deployment config.
 *
 * @example
 * attachDeploymentFunctionInputSchema.parse({ functionId: '9a1e…' });
 */
export const attachDeploymentFunctionInputSchema = z
  .strictObject({
    functionId: idSchema.describe('The function to expose through the deployment.'),
    config: deploymentConfigSchema.optional(),
  })
  .describe('A function to attach to a deployment.');

/** Input of `attachDeploymentFunction`. */
export type AttachDeploymentFunctionInput = z.input<typeof attachDeploymentFunctionInputSchema>;

/**
 * A function attached to a deployment (with the function's name and kind for display).
 *
 * @example
 * deploymentFunctionSchema.parse(await DeploymentsService.attachDeploymentFunction(session, id, { functionId }));
 */
export const deploymentFunctionSchema = z
  .object({
    id: idSchema,
    deploymentId: idSchema,
    functionId: idSchema,
    functionName: z.string(),
    functionKind: z.enum(['http', 'mcp_tool', 'builtin']),
    config: deploymentConfigSchema,
    createdAt: timestampSchema,
  })
  .describe('A function exposed by a deployment.');

/**
 * A deployment-function DTO.
 *
 * @example
 * function names(links: DeploymentFunctionDto[]) { return links.map((l) => l.functionName); }
 */
export type DeploymentFunctionDto = z.infer<typeof deploymentFunctionSchema>;

/**
 * A page of a deployment's functions.
 *
 * @example
 * deploymentFunctionPageSchema.parse(await DeploymentsService.listDeploymentFunctions(session, id));
 */
export const deploymentFunctionPageSchema = pageSchema(deploymentFunctionSchema).describe('A page of deployment functions.');
