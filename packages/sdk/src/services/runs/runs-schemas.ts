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

/**
 * Where a run is in its life: `queued` → `running` → `succeeded` | `failed` | `cancelled`
 * (a queued run may also be cancelled).
 *
 * @example
 * runStatusSchema.parse('running');
 */
export const runStatusSchema = z
  .enum(['queued', 'running', 'succeeded', 'failed', 'cancelled', 'timed_out'])
  .describe('Status of a run.');

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

/**
 * Input of `recordRun` (unknown keys are rejected): what ran (at least one of `deploymentId`, `agentId`, `workflowId`; each
 * must exist), its status (default `queued`), input and, for finished runs, output / error.
 * Timestamps are ISO-8601 with an offset; `startedAt` is only for runs that started,
 * `finishedAt` only for finished ones.
 *
 * @example
 * parseInput(recordRunInputSchema, { agentId, status: 'succeeded', input: { q: 'hi' }, output: { a: 'hello' } });
 */
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
  .describe('A run to record.');

/** Input of `recordRun`. */
export type RecordRunInput = z.input<typeof recordRunInputSchema>;

/**
 * Input of `updateRunStatus` (unknown keys are rejected): the new status and, when it is a finished status, the output /
 * error.
 *
 * @example
 * parseInput(updateRunStatusInputSchema, { status: 'failed', error: 'agent timed out' });
 */
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

/**
 * Query of `listRuns`: filters `deploymentId`, `agentId`, `workflowId`, `status`; `sort`; paging.
 *
 * @example
 * parseInput(listRunsQuerySchema, { agentId, status: 'failed', limit: '50' });
 */
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

/**
 * A run as services return it. References become null when what ran is deleted (runs are
 * history).
 *
 * @example
 * const dto: RunDto = runSchema.parse(await RunsService.getRun(session, id));
 */
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
  .describe('One execution of a deployment, agent or workflow.');

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

/**
 * A thread's name, chosen by the client (`threadId` of an invoke, `thread_id` / `X-Thread-Id` of a
 * chat completion): 1–200 of letters, digits and `._:-`, starting with a letter or digit. Per
 * deployment: the same name on another deployment is another thread.
 *
 * @example
 * threadKeySchema.parse('user-42:chat-7');
 */
export const threadKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/, 'must be 1-200 letters, digits or ._:- starting with a letter or digit')
  .describe("For a deployed agent: the conversation this run continues (its history comes before the run's messages; turns of one thread run one at a time, in order). Created on first use; per deployment.");

/**
 * Input of `invoke`: the run's input (checked against the workflow's `inputSchema` when it has
 * one) and an optional idempotency key — the same key twice returns the first run.
 *
 * @example
 * parseInput(invokeRunInputSchema, { input: { question: 'refund?' }, idempotencyKey: 'req-42' });
 */
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
  .describe('Invokes a deployment.');

/** Input of `invoke`, before defaults. */
export type InvokeRunInput = z.input<typeof invokeRunInputSchema>;

/**
 * One attempt of one step of a run: its node, status, input, output or error, tokens.
 *
 * @example
 * const step: RunStepDto = runStepSchema.parse(page.data[0]);
 */
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

/**
 * A run step DTO.
 *
 * @example
 * const failed = steps.filter((s: RunStepDto) => s.status === 'failed');
 */
export type RunStepDto = z.output<typeof runStepSchema>;

/**
 * A page of run steps.
 *
 * @example
 * const page = runStepPageSchema.parse(await RunsService.listSteps(session, runId));
 */
export const runStepPageSchema = pageSchema(runStepSchema);

/**
 * Query of `listSteps`: paging only (steps come in the order they started).
 *
 * @example
 * parseInput(listRunStepsQuerySchema, { limit: '100' });
 */
export const listRunStepsQuerySchema = pageQuerySchema.describe('Paging of run steps.');

/**
 * Input of `listSteps`.
 *
 * @example
 * const query: ListRunStepsQuery = { limit: 100 };
 */
export type ListRunStepsQuery = z.input<typeof listRunStepsQuerySchema>;

/**
 * One event of a run's log (`id` increases; an SSE client resumes from it).
 *
 * @example
 * const event: RunEventDto = runEventSchema.parse(row);
 */
export const runEventSchema = z
  .object({
    id: z.string().regex(/^\d+$/).describe('Increasing event id (decimal).'),
    runId: z.uuid(),
    type: z.string(),
    stepKey: z.string().nullable(),
    data: jsonValueSchema,
    createdAt: timestampSchema,
  })
  .describe('One event of a run.');

/**
 * A run event DTO.
 *
 * @example
 * if (event.type === 'run.succeeded') done(event.data);
 */
export type RunEventDto = z.output<typeof runEventSchema>;
