/**
 * Zod schemas of every input and output of {@link WorkflowsService}. The API validates requests
 * and builds its OpenAPI document from these.
 *
 * @module
 */
import { z } from 'zod';
import { pageQuerySchema, pageSchema } from '../../common/pagination.js';
import { sortSchema } from '../../common/sort.js';
import { timestampSchema } from '../../common/timestamps.js';
import { workflowDefinitionSchema } from './workflow-definition-schema.js';

export const workflowNameSchema = z.string().trim().min(1, { message: 'must not be empty' }).max(200).describe("Workflow name, unique among drafts; published versions repeat their draft's name.");

const descriptionSchema = z.string().max(2_000).nullable().describe('Free-text description.');

export const createWorkflowInputSchema = z
  .strictObject({
    name: workflowNameSchema,
    description: descriptionSchema.optional(),
    definition: workflowDefinitionSchema.default({ nodes: [], edges: [] }),
  })
  .describe('A new workflow draft. The definition (default: an empty graph) may be incomplete; it is checked fully when published.');

/** Input of `createWorkflow`. */
export type CreateWorkflowInput = z.input<typeof createWorkflowInputSchema>;

export const updateWorkflowInputSchema = z
  .strictObject({
    version: z.number().int().min(1).describe('The version of the draft this change was made against.'),
    name: workflowNameSchema.optional(),
    description: descriptionSchema.optional(),
    definition: workflowDefinitionSchema.optional(),
  })
  .describe('Changes to a workflow draft.');

/** Input of `updateWorkflow`. */
export type UpdateWorkflowInput = z.input<typeof updateWorkflowInputSchema>;

export const publishWorkflowInputSchema = z
  .strictObject({
    version: z.number().int().min(1).describe('The version of the draft being published.'),
  })
  .describe('Publishes the draft as a new immutable version.');

/** Input of `publishWorkflow`. */
export type PublishWorkflowInput = z.input<typeof publishWorkflowInputSchema>;

/**
 * The sort keys `listWorkflows` accepts (`name`, `createdAt`, `updatedAt`; `-` for descending).
 *
 * @example
 * parseInput(workflowSortSchema, '-updatedAt'); // '-updatedAt'
 */
export const workflowSortSchema = sortSchema(['name', 'createdAt', 'updatedAt'] as const, '-createdAt');

export const listWorkflowsQuerySchema = pageQuerySchema
  .extend({
    name: workflowNameSchema.optional().describe('Exact draft name.'),
    search: z.string().trim().min(1).max(200).optional().describe('Case-insensitive substring of name or description.'),
    sort: workflowSortSchema,
  })
  .describe('Filters, sort and paging of workflow drafts.');

/** Query of `listWorkflows`. */
export type ListWorkflowsQuery = z.input<typeof listWorkflowsQuerySchema>;

export const listWorkflowVersionsQuerySchema = pageQuerySchema.describe('Paging of published versions (newest first).');

/** Query of `listWorkflowVersions`. */
export type ListWorkflowVersionsQuery = z.input<typeof listWorkflowVersionsQuerySchema>;

export const workflowVersionNumberSchema = z.coerce.number().int().min(1).describe('Published version number (1, 2, …); numeric strings are accepted.');

export const workflowSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string().nullable(),
    definition: workflowDefinitionSchema,
    publishedFromId: z.uuid().nullable().describe('The draft this version was published from; null for a draft.'),
    versionNumber: z.number().int().nullable().describe('Published version number; null for a draft.'),
    publishedAt: timestampSchema.nullable().describe('When this version was published; null for a draft.'),
    version: z.number().int().describe('Optimistic-concurrency version of the row.'),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .describe('A workflow draft or a frozen published version of one.');

/** A workflow DTO. */
export type WorkflowDto = z.output<typeof workflowSchema>;

/**
 * A page of workflows.
 *
 * @example
 * const page: WorkflowPage = await WorkflowsService.listWorkflows(session, {});
 */
export const workflowPageSchema = pageSchema(workflowSchema);

/** A page of workflow DTOs. */
export type WorkflowPage = z.output<typeof workflowPageSchema>;

export const workflowIssueCodeSchema = z
  .enum([
    'invalid_structure',
    'missing_start_node',
    'duplicate_node_id',
    'dangling_edge',
    'cycle',
    'missing_ref',
    'unknown_reference',
    'missing_expression',
    'invalid_expression',
    'invalid_input_schema',
    'unreachable_node',
  ])
  .describe('Kind of validation finding. Errors: invalid_structure, missing_start_node, duplicate_node_id, dangling_edge, cycle, missing_ref, unknown_reference, missing_expression, invalid_expression, invalid_input_schema. Warning: unreachable_node.');

/** A validation finding code. */
export type WorkflowIssueCode = z.infer<typeof workflowIssueCodeSchema>;

export const workflowValidationIssueSchema = z
  .object({
    code: workflowIssueCodeSchema,
    message: z.string(),
    path: z.array(z.union([z.string(), z.number()])).describe('Where in the definition.'),
    nodeIds: z.array(z.string()).optional().describe('Nodes involved (the cycle path for cycles).'),
  })
  .describe('A validation error or warning.');

/** A validation finding. */
export type WorkflowValidationIssue = z.output<typeof workflowValidationIssueSchema>;

export const workflowValidationResultSchema = z
  .object({
    valid: z.boolean(),
    errors: z.array(workflowValidationIssueSchema).describe('The first 20 errors'),
    warnings: z.array(workflowValidationIssueSchema).describe('The first 20 warnings'),
    omittedErrors: z.number().int().min(0).describe('Errors found beyond the 20 listed'),
    omittedWarnings: z.number().int().min(0).describe('Warnings found beyond the 20 listed'),
  })
  .describe('Errors block publishing; warnings do not. Reports are bounded: 20 of each, with a count of the rest.');

/** A validation result. */
export type WorkflowValidationResult = z.output<typeof workflowValidationResultSchema>;
