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

export const deploymentStatusSchema = z.enum(['draft', 'deployed', 'stopped']).describe('Lifecycle state of a deployment: draft → deployed ⇄ stopped.');

/** A deployment status. */
export type DeploymentStatus = z.infer<typeof deploymentStatusSchema>;

export const deploymentConfigSchema = z
  .record(z.string(), jsonValueSchema)
  .describe('Free-form JSON configuration (an object).');

const nameSchema = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
const descriptionSchema = z.string().max(2_000, 'must be at most 2000 characters').nullable();

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
  .describe('A new deployment of one agent or one workflow (neither is reported at agentId, both at workflowId).');

/** Parsed input of `createDeployment`. */
export type CreateDeploymentInput = z.input<typeof createDeploymentInputSchema>;

export const updateDeploymentInputSchema = z
  .strictObject({
    version: z.number().int().min(1).describe('The version the change is based on (optimistic concurrency).'),
    name: nameSchema.optional(),
    description: descriptionSchema.optional(),
    config: deploymentConfigSchema.optional(),
  })
  .describe('Changes to a deployment. Its target never changes (create another deployment instead).');

/** Input of `updateDeployment`. */
export type UpdateDeploymentInput = z.input<typeof updateDeploymentInputSchema>;

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
  .describe('A deployment of an agent or a workflow; it never carries its API key or the hash.');

/** A deployment DTO. */
export type DeploymentDto = z.infer<typeof deploymentSchema>;

export const deploymentPageSchema = pageSchema(deploymentSchema).describe('A page of deployments.');

export const rotatedApiKeySchema = z
  .object({
    deployment: deploymentSchema,
    apiKey: z.string().describe('The new API key. Shown only this once: only its hash is stored.'),
  })
  .describe('A freshly rotated deployment API key.');

/** The result of `rotateApiKey`. */
export type RotatedApiKey = z.infer<typeof rotatedApiKeySchema>;

export const attachDeploymentFunctionInputSchema = z
  .strictObject({
    functionId: idSchema.describe('The function to expose through the deployment.'),
    config: deploymentConfigSchema.optional(),
  })
  .describe('A function to attach to a deployment.');

/** Input of `attachDeploymentFunction`. */
export type AttachDeploymentFunctionInput = z.input<typeof attachDeploymentFunctionInputSchema>;

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

/** A deployment-function DTO. */
export type DeploymentFunctionDto = z.infer<typeof deploymentFunctionSchema>;

export const deploymentFunctionPageSchema = pageSchema(deploymentFunctionSchema).describe('A page of deployment functions.');
