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

/**
 * A workflow name: trimmed, 1–200 characters. Unique among drafts; published versions repeat
 * their draft's name.
 *
 * @example
 * workflowNameSchema.parse('  ticket triage '); // 'ticket triage'
 */
export const workflowNameSchema = z.string().trim().min(1, { message: 'must not be empty' }).max(200).describe('Workflow name, unique among drafts.');

const descriptionSchema = z.string().max(2_000).nullable().describe('Free-text description.');

/**
 * Input of `createWorkflow` (unknown keys are rejected). The definition may be incomplete (a draft); it is checked fully when
 * published. It defaults to an empty graph.
 *
 * @example
 * parseInput(createWorkflowInputSchema, { name: 'triage', definition: { startNodeId: 'a', nodes: [...], edges: [] } });
 */
export const createWorkflowInputSchema = z
  .strictObject({
    name: workflowNameSchema,
    description: descriptionSchema.optional(),
    definition: workflowDefinitionSchema.default({ nodes: [], edges: [] }),
  })
  .describe('A new workflow draft.');

/** Input of `createWorkflow`. */
export type CreateWorkflowInput = z.input<typeof createWorkflowInputSchema>;

/**
 * Input of `updateWorkflow` (unknown keys are rejected): the draft's expected `version` and the fields to change.
 *
 * @example
 * parseInput(updateWorkflowInputSchema, { version: 3, name: 'triage v2' });
 */
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

/**
 * Input of `publishWorkflow` (unknown keys are rejected): the draft's expected `version` (what the caller reviewed).
 *
 * @example
 * parseInput(publishWorkflowInputSchema, { version: 4 });
 */
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

/**
 * Query of `listWorkflows` (drafts only): exact `name`, `search` (case-insensitive substring of
 * name or description), `sort` and paging.
 *
 * @example
 * parseInput(listWorkflowsQuerySchema, { search: 'triage', sort: 'name', limit: '10' });
 */
export const listWorkflowsQuerySchema = pageQuerySchema
  .extend({
    name: workflowNameSchema.optional().describe('Exact draft name.'),
    search: z.string().trim().min(1).max(200).optional().describe('Case-insensitive substring of name or description.'),
    sort: workflowSortSchema,
  })
  .describe('Filters, sort and paging of workflow drafts.');

/** Query of `listWorkflows`. */
export type ListWorkflowsQuery = z.input<typeof listWorkflowsQuerySchema>;

/**
 * Paging of `listWorkflowVersions` (newest version first).
 *
 * @example
 * parseInput(listWorkflowVersionsQuerySchema, { limit: 5 });
 */
export const listWorkflowVersionsQuerySchema = pageQuerySchema.describe('Paging of published versions.');

/** Query of `listWorkflowVersions`. */
export type ListWorkflowVersionsQuery = z.input<typeof listWorkflowVersionsQuerySchema>;

/**
 * A published version number (1, 2, ...); numeric strings are accepted (path parameters).
 *
 * @example
 * parseInput(workflowVersionNumberSchema, '2'); // 2
 */
export const workflowVersionNumberSchema = z.coerce.number().int().min(1).describe('Published version number.');

/**
 * A workflow as services return it: a draft (`publishedFromId`, `versionNumber` and
 * `publishedAt` are null) or a frozen published version of one.
 *
 * @example
 * const dto: WorkflowDto = workflowSchema.parse(await WorkflowsService.getWorkflow(session, id));
 */
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
  .describe('A workflow draft or published version.');

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

/**
 * What a validation finding is about. Errors: `invalid_structure` (the definition does not match
 * its schema), `missing_start_node`, `duplicate_node_id`, `dangling_edge`, `cycle`, `missing_ref`,
 * `unknown_reference`, `missing_expression`, `invalid_expression` (a condition or input-mapping
 * expression that does not compile), `invalid_input_schema`. Warnings: `unreachable_node`.
 *
 * @example
 * workflowIssueCodeSchema.parse('cycle');
 */
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
  .describe('Kind of validation finding.');

/**
 * A validation finding code.
 *
 * @example
 * if (issue.code === 'cycle') highlight(issue.nodeIds);
 */
export type WorkflowIssueCode = z.infer<typeof workflowIssueCodeSchema>;

/**
 * One validation finding: its code, a message and the path in the definition it points at
 * (`['nodes', 2, 'ref']`). `nodeIds` lists the nodes involved: the cycle path for `cycle`
 * (first node repeated at the end), the node for node-level findings.
 *
 * @example
 * const issue: WorkflowValidationIssue = { code: 'cycle', message: 'cycle: a → b → a', path: ['edges', 1], nodeIds: ['a', 'b', 'a'] };
 */
export const workflowValidationIssueSchema = z
  .object({
    code: workflowIssueCodeSchema,
    message: z.string(),
    path: z.array(z.union([z.string(), z.number()])).describe('Where in the definition.'),
    nodeIds: z.array(z.string()).optional().describe('Nodes involved (the cycle path for cycles).'),
  })
  .describe('A validation error or warning.');

/**
 * A validation finding.
 *
 * @example
 * for (const issue of result.errors) console.log(issue.path.join('.'), issue.message);
 */
export type WorkflowValidationIssue = z.output<typeof workflowValidationIssueSchema>;

/**
 * The result of validating a definition: `valid` is true when there are no errors (warnings do
 * not block publishing).
 *
 * @example
 * const { valid, errors, warnings } = await WorkflowsService.validateWorkflow(session, definition);
 */
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
