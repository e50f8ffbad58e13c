/**
 * Zod schemas of every input and output of {@link RunsService}. The API validates requests and
 * builds its OpenAPI document from these.
 *
 * @module
 */
import { z } from 'zod';
import { jsonValueSchema } from '../../common/json-value.js';
import { idSchema } from '../../common/id-schema.js';
import { pageQuerySchema, pageSchema } from '../../common/pagination.js';
import { sortSchema } from '../../common/sort.js';
import { timestampSchema } from '../../common/timestamps.js';

export const runStatusSchema = z
  .enum(['queued', 'running', 'succeeded', 'failed', 'cancelled', 'timed_out'])
  .describe('Status of a run: queued → running → succeeded | failed | cancelled | timed_out (a queued run may also be cancelled).');

/** A run status. */
export type RunStatus = z.infer<typeof runStatusSchema>;

/**
 * The statuses a run ends in.
 *
 * @example
 * const done = FINISHED_RUN_STATUSES.includes(run.status);
 */
export const FINISHED_RUN_STATUSES: readonly RunStatus[] = ['succeeded', 'failed', 'cancelled', 'timed_out'];

/**
 * The statuses a run may move to from each status; anything else is an invalid transition.
 *
 * @example
 * RUN_STATUS_TRANSITIONS.running.includes('succeeded'); // true
 */
export const RUN_STATUS_TRANSITIONS: Readonly<Record<RunStatus, readonly RunStatus[]>> = {
  queued: ['running', 'cancelled'],
  running: ['succeeded', 'failed', 'cancelled', 'timed_out'],
  succeeded: [],
  timed_out: [],
  failed: [],
  cancelled: [],
};

function isFinished(status: RunStatus): boolean {
  return FINISHED_RUN_STATUSES.includes(status);
}

const errorTextSchema = z.string().max(10_000).nullable().describe('Why the run failed.');

export const recordRunInputSchema = z
  .strictObject({
    deploymentId: idSchema.optional().describe('The deployment that ran.'),
    agentId: idSchema.optional().describe('The agent that ran (defaults to the deployment\'s agent).'),
    workflowId: idSchema.optional().describe('The workflow (draft or version) that ran (defaults to the deployment\'s workflow).'),
    status: runStatusSchema.default('queued'),
    input: jsonValueSchema.default({}).describe('What the run was given (JSON).'),
    output: jsonValueSchema.nullable().optional().describe('What the run produced (JSON).'),
    error: errorTextSchema.optional(),
    startedAt: timestampSchema.optional().describe('When it started (defaults to now once running).'),
    finishedAt: timestampSchema.optional().describe('When it finished (defaults to now for finished runs).'),
  })
  .superRefine((run, ctx) => {
    if (run.deploymentId === undefined && run.agentId === undefined && run.workflowId === undefined) {
      ctx.addIssue({ code: 'custom', path: [], message: 'one of deploymentId, agentId or workflowId is required' });
    }
    if (run.startedAt !== undefined && run.status === 'queued') {
      ctx.addIssue({ code: 'custom', path: ['startedAt'], message: 'a queued run has not started' });
    }
    if (run.finishedAt !== undefined && !isFinished(run.status)) {
      ctx.addIssue({ code: 'custom', path: ['finishedAt'], message: `a ${run.status} run has not finished` });
    }
    if (run.startedAt !== undefined && run.finishedAt !== undefined && Date.parse(run.finishedAt) < Date.parse(run.startedAt)) {
      ctx.addIssue({ code: 'custom', path: ['finishedAt'], message: 'must not be before startedAt' });
    }
  })
  .describe('A run to record: at least one of deploymentId, agentId, workflowId (each must exist); status defaults to queued; startedAt only for runs that started, finishedAt only for finished ones.');

/** Input of `recordRun`. */
export type RecordRunInput = z.input<typeof recordRunInputSchema>;

export const updateRunStatusInputSchema = z
  .strictObject({
    status: runStatusSchema,
    output: jsonValueSchema.nullable().optional().describe('What the run produced (finished runs only).'),
    error: errorTextSchema.optional().describe('Why the run failed (finished runs only).'),
  })
  .superRefine((change, ctx) => {
    if (isFinished(change.status)) return;
    for (const field of ['output', 'error'] as const) {
      if (change[field] !== undefined) {
        ctx.addIssue({ code: 'custom', path: [field], message: `only a finished run has ${field}` });
      }
    }
  })
  .describe('Moves a run to its next status.');

/** Input of `updateRunStatus`. */
export type UpdateRunStatusInput = z.input<typeof updateRunStatusInputSchema>;

/**
 * The sort keys `listRuns` accepts (`createdAt`, or `-createdAt` for newest first — the default).
 *
 * @example
 * parseInput(runSortSchema, 'createdAt'); // 'createdAt'
 */
export const runSortSchema = sortSchema(['createdAt'] as const, '-createdAt');

export const listRunsQuerySchema = pageQuerySchema
  .extend({
    deploymentId: idSchema.optional().describe('Runs of this deployment.'),
    agentId: idSchema.optional().describe('Runs of this agent.'),
    workflowId: idSchema.optional().describe('Runs of this workflow (draft or version id).'),
    status: runStatusSchema.optional(),
    createdAfter: timestampSchema.optional().describe('Runs created at or after this instant.'),
    createdBefore: timestampSchema.optional().describe('Runs created before this instant.'),
    sort: runSortSchema,
  })
  .describe('Filters, sort and paging of runs.');

/** Query of `listRuns`. */
export type ListRunsQuery = z.input<typeof listRunsQuerySchema>;

export const runSchema = z
  .object({
    id: z.uuid(),
    deploymentId: z.uuid().nullable(),
    agentId: z.uuid().nullable(),
    workflowId: z.uuid().nullable(),
    status: runStatusSchema,
    input: jsonValueSchema,
    output: jsonValueSchema.nullable(),
    error: z.string().nullable(),
    reason: z.string().nullable().describe('Why a finished run ended as it did (completed, step_failed, cancelled, deadline, ...).'),
    attempt: z.number().int().describe('How many times a worker took the run (more than 1 after a recovery).'),
    deadlineAt: timestampSchema.nullable(),
    cancelRequestedAt: timestampSchema.nullable(),
    startedAt: timestampSchema.nullable(),
    finishedAt: timestampSchema.nullable(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .describe('One execution of a deployment, agent or workflow. References become null when what ran is deleted (runs are history).');

/** A run DTO. */
export type RunDto = z.output<typeof runSchema>;

/**
 * A page of runs.
 *
 * @example
 * const page: RunPage = await RunsService.listRuns(session, { status: 'running' });
 */
export const runPageSchema = pageSchema(runSchema);

/** A page of run DTOs. */
export type RunPage = z.output<typeof runPageSchema>;

export const threadKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/, 'must be 1-200 letters, digits or ._:- starting with a letter or digit')
  .describe("For a deployed agent: the conversation this run continues (its history comes before the run's messages; turns of one thread run one at a time, in order). Created on first use; per deployment.");

export const invokeRunInputSchema = z
  .strictObject({
    input: jsonValueSchema.default({}).describe('What the run is given (JSON).'),
    messages: z
      .array(jsonValueSchema)
      .max(500)
      .optional()
      .describe('For a deployed agent: the conversation (Chat Completions messages); stored as the input { messages }.'),
    idempotencyKey: z.string().trim().min(1).max(200).optional().describe('The same key twice returns the first run.'),
    threadId: threadKeySchema.optional(),
  })
  .describe("Invokes a deployment: the run's input is checked against the workflow's inputSchema when it has one.");

/** Input of `invoke`, before defaults. */
export type InvokeRunInput = z.input<typeof invokeRunInputSchema>;

export const runStepSchema = z
  .object({
    id: z.uuid(),
    runId: z.uuid(),
    nodeId: z.string(),
    stepKey: z.string(),
    kind: z.string(),
    status: z.enum(['running', 'succeeded', 'failed', 'cancelled']),
    attempt: z.number().int(),
    input: jsonValueSchema.nullable(),
    output: jsonValueSchema.nullable(),
    error: jsonValueSchema.nullable(),
    tokensIn: z.number().int().nullable(),
    tokensOut: z.number().int().nullable(),
    finishReason: z.string().nullable(),
    startedAt: timestampSchema,
    finishedAt: timestampSchema.nullable(),
  })
  .describe('One attempt of one step of a run.');

/** A run step DTO. */
export type RunStepDto = z.output<typeof runStepSchema>;

/**
 * A page of run steps.
 *
 * @example
 * const page = runStepPageSchema.parse(await RunsService.listSteps(session, runId));
 */
export const runStepPageSchema = pageSchema(runStepSchema);

export const listRunStepsQuerySchema = pageQuerySchema.describe('Paging of run steps (in the order they started).');

/** Input of `listSteps`. */
export type ListRunStepsQuery = z.input<typeof listRunStepsQuerySchema>;

export const runEventSchema = z
  .object({
    id: z.string().regex(/^\d+$/).describe('Increasing event id (decimal).'),
    runId: z.uuid(),
    type: z.string(),
    stepKey: z.string().nullable(),
    data: jsonValueSchema,
    createdAt: timestampSchema,
  })
  .describe('One event of a run (ids increase; an SSE client resumes from the last one it saw).');

/** A run event DTO. */
export type RunEventDto = z.output<typeof runEventSchema>;
