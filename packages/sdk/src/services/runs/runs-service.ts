/**
 * Runs: the history of executions of deployments, agents and workflows. The execution engine
 * records and advances them through this service.
 *
 * @module
 */
import { parseId } from '../../common/parse-id.js';
import { select, type ExecSession, type Where } from '@agent-studio/db/exec';
import { randomUUID } from 'node:crypto';
import { Agent, Deployment, Run, RunEvent, RunStep, Workflow, type JsonValue } from '@agent-studio/db/models';
import { jsonSchemaIssues } from '../../common/json-schema-validator.js';
import { appendRunEvent } from '../../runtime/append-run-event.js';
import { endRun } from '../../runtime/run-checkpoints.js';
import { RUN_CHANNELS } from '../../runtime/run-channels.js';
import { enqueueRunJob } from '../../runtime/run-queue.js';
import { attachTurn, openTurn } from '../../runtime/thread-turns.js';
import { workflowDefinitionSchema } from '../workflows/workflow-definition-schema.js';
import { ModelProvidersService } from '../model-providers/model-providers-service.js';
import { runDeadlineMs } from './run-deadline.js';
import { toRunEventDto } from './to-run-event-dto.js';
import { toRunStepDto } from './to-run-step-dto.js';
import { flushOrThrow, type ConstraintMessages } from '../../common/db-errors.js';
import { fetchPage, type Page } from '../../common/pagination.js';
import { parseInput } from '../../common/parse-input.js';
import { InvalidStateError } from '../../errors/invalid-state-error.js';
import { NotFoundError } from '../../errors/not-found-error.js';
import { ValidationError, type ValidationIssue } from '../../errors/validation-error.js';
import {
  FINISHED_RUN_STATUSES,
  invokeRunInputSchema,
  listRunStepsQuerySchema,
  listRunsQuerySchema,
  recordRunInputSchema,
  RUN_STATUS_TRANSITIONS,
  updateRunStatusInputSchema,
  type InvokeRunInput,
  type ListRunStepsQuery,
  type ListRunsQuery,
  type RecordRunInput,
  type RunDto,
  type RunEventDto,
  type RunStatus,
  type RunStepDto,
  type UpdateRunStatusInput,
} from './runs-schemas.js';
import { toRunDto } from './to-run-dto.js';

// the HTTP API ignores unknown query parameters; a caller of the service misspelling a filter is told
const listRunsStrict = listRunsQuerySchema.strict();
const listStepsStrict = listRunStepsQuerySchema.strict();

const RESOURCE = 'run';

/** A reference deleted between the existence check and the insert still comes back with its field. */
const RUN_CONSTRAINTS: ConstraintMessages = {
  references: {
    runs_deployment_id_fkey: { field: 'deploymentId', message: 'no deployment with this id exists' },
    runs_agent_id_fkey: { field: 'agentId', message: 'no agent with this id exists' },
    runs_workflow_id_fkey: { field: 'workflowId', message: 'no workflow with this id exists' },
  },
  unique: {
    runs_deployment_idempotency_key: {
      field: 'idempotencyKey',
      message: 'a run with this idempotency key is being created at this moment; repeat the request to get it',
    },
  },
};

/** An agent whose model names no existing provider cannot run: a 422 at `path` naming the node. */
async function assertModelProvider(session: ExecSession, agent: Agent, path: (string | number)[], nodeId?: string): Promise<void> {
  try {
    await ModelProvidersService.resolveModel(session, agent.model);
  } catch (e) {
    const what = nodeId === undefined ? `agent "${agent.name}"` : `node "${nodeId}" (agent "${agent.name}")`;
    throw new ValidationError(
      [{ path, code: 'model_provider_required', message: `${what} needs a model provider: its model "${agent.model}" must be "<provider>/<model>" naming a registered model provider (${e instanceof Error ? e.message : String(e)})` }],
      { cause: e },
    );
  }
}

/** The published version a deployment runs: the version itself, or its draft's latest version. */
async function pinnedVersion(session: ExecSession, deployment: Deployment): Promise<Workflow> {
  const workflow = deployment.workflowId ? await session.get(Workflow, deployment.workflowId) : null;
  if (!workflow) throw new InvalidStateError('deployment', 'without a workflow', 'invoke');
  if (workflow.publishedFromId !== null) return workflow;
  const latest = await session
    .exec(select(Workflow).where({ publishedFromId: workflow.id }).orderBy('versionNumber', 'desc'))
    .first();
  if (!latest) throw new InvalidStateError('workflow', 'not published', 'invoke');
  return latest;
}


async function getOrThrow(session: ExecSession, id: string, forUpdate = false): Promise<Run> {
  const row = forUpdate ? await session.exec(select(Run).where({ id }).forUpdate()).first() : await session.get(Run, id);
  if (!row) throw new NotFoundError(RESOURCE, id);
  return row;
}

/**
 * Recording and advancing runs. Every method takes the caller's {@link ExecSession} and never
 * commits: the caller's unit of work does.
 *
 * @example
 * const run = await withSession(engine, (s) => RunsService.recordRun(s, { deploymentId, input: { q: 'hi' } }));
 * await withSession(engine, (s) => RunsService.updateRunStatus(s, run.id, { status: 'running' }));
 */
export const RunsService = {
  /**
   * Records a run of a deployment, agent and/or workflow (at least one; each must exist). With a
   * `deploymentId`, a missing `agentId` / `workflowId` is filled in from the deployment's
   * target. `startedAt` defaults to now for running / succeeded / failed runs, `finishedAt` to
   * now for finished runs.
   *
   * @throws ValidationError malformed input, no target (path `[]`), or a referenced row that
   *   does not exist (path `['deploymentId']`, `['agentId']` or `['workflowId']`).
   * @example
   * const run = await RunsService.recordRun(session, { agentId, status: 'running', input: { q: 'hi' } });
   */
  async recordRun(session: ExecSession, input: RecordRunInput): Promise<RunDto> {
    const data = parseInput(recordRunInputSchema, input);
    let { agentId, workflowId } = data;

    const issues: ValidationIssue[] = [];
    if (data.deploymentId !== undefined) {
      const deployment = await session.get(Deployment, data.deploymentId);
      if (!deployment) {
        issues.push({ path: ['deploymentId'], message: `deployment ${data.deploymentId} does not exist` });
      } else {
        agentId ??= deployment.agentId ?? undefined;
        workflowId ??= deployment.workflowId ?? undefined;
      }
    }
    if (data.agentId !== undefined && !(await session.get(Agent, data.agentId))) {
      issues.push({ path: ['agentId'], message: `agent ${data.agentId} does not exist` });
    }
    if (data.workflowId !== undefined && !(await session.get(Workflow, data.workflowId))) {
      issues.push({ path: ['workflowId'], message: `workflow ${data.workflowId} does not exist` });
    }
    if (issues.length) throw new ValidationError(issues);

    const now = Date.now();
    let startedAt = data.startedAt === undefined ? null : new Date(data.startedAt);
    let finishedAt = data.finishedAt === undefined ? null : new Date(data.finishedAt);
    const finished = FINISHED_RUN_STATUSES.includes(data.status);
    if (finished) finishedAt ??= new Date(Math.max(now, startedAt?.getTime() ?? now));
    if (data.status === 'running' || data.status === 'succeeded' || data.status === 'failed') {
      startedAt ??= new Date(Math.min(now, finishedAt?.getTime() ?? now));
    }

    const row = session.add(Run, {
      deploymentId: data.deploymentId ?? null,
      agentId: agentId ?? null,
      workflowId: workflowId ?? null,
      status: data.status,
      input: data.input,
      output: data.output ?? null,
      error: data.error ?? null,
      startedAt,
      finishedAt,
    });
    await flushOrThrow(session, RUN_CONSTRAINTS);
    return toRunDto(row);
  },

  /**
   * Moves a run to its next status: `queued` → `running` | `cancelled`, `running` →
   * `succeeded` | `failed` | `cancelled`. Moving to `running` sets `startedAt`; to a finished
   * status sets `finishedAt` (and `output` / `error` when given). The run is locked while it
   * changes, so two concurrent transitions cannot both apply.
   *
   * @throws ValidationError malformed id or input (`output` / `error` on an unfinished status).
   * @throws NotFoundError no such run.
   * @throws InvalidStateError any other transition (e.g. a finished run, or `queued` → `succeeded`).
   * @example
   * await RunsService.updateRunStatus(session, runId, { status: 'succeeded', output: { answer: 42 } });
   */
  async updateRunStatus(session: ExecSession, id: string, input: UpdateRunStatusInput): Promise<RunDto> {
    const runId = parseId(id);
    const data = parseInput(updateRunStatusInputSchema, input);
    const row = await getOrThrow(session, runId, true);
    const current = row.status as RunStatus;
    if (!RUN_STATUS_TRANSITIONS[current].includes(data.status)) {
      throw new InvalidStateError(RESOURCE, current, `mark as ${data.status}`);
    }
    row.status = data.status;
    if (data.status === 'running') row.startedAt = new Date();
    if (FINISHED_RUN_STATUSES.includes(data.status)) {
      row.finishedAt = new Date();
      if (data.output !== undefined) row.output = data.output;
      if (data.error !== undefined) row.error = data.error;
    }
    session.add(row);
    await flushOrThrow(session, RUN_CONSTRAINTS);
    return toRunDto(row);
  },

  /**
   * Invokes a deployment: pins the workflow's published version, checks the input against its
   * `inputSchema`, and writes the run, its `run.queued` event and its queue job **in the
   * caller's session** — they commit together (or not at all), and idle workers wake when they
   * do. With an `idempotencyKey` already used on this deployment, the first run comes back
   * (`created: false`) and nothing is written. With a `threadId` (deployed agents), the run is the
   * thread's next turn: the thread's history comes before its messages, it starts only when the
   * thread's previous turn has ended, and when it succeeds its messages and answer join the thread.
   *
   * @throws ValidationError malformed id or input; input failing the workflow's `inputSchema`
   *   (paths under `['input']`); an agent node (path `['definition', 'nodes', i]`: running agents
   *   needs a model provider); a `threadId` on a workflow deployment (path `['threadId']`).
   * @throws NotFoundError no such deployment.
   * @throws InvalidStateError the deployment is not `deployed`, or its workflow has no published version.
   * @example
   * const { run } = await RunsService.invoke(session, deploymentId, { input: { question: 'refund?' } });
   * await session.commit(); // now a worker runs it
   */
  async invoke(session: ExecSession, deploymentId: string, input: InvokeRunInput): Promise<{ run: RunDto; created: boolean }> {
    const id = parseId(deploymentId);
    const data = parseInput(invokeRunInputSchema, input);
    const deployment = await session.get(Deployment, id);
    if (!deployment) throw new NotFoundError('deployment', id);
    if (deployment.status !== 'deployed') throw new InvalidStateError('deployment', deployment.status, 'invoke');
    if (data.idempotencyKey !== undefined) {
      const earlier = await session.exec(select(Run).where({ deploymentId: id, idempotencyKey: data.idempotencyKey })).first();
      if (earlier) return { run: toRunDto(earlier), created: false };
    }
    const runInput: JsonValue = data.messages !== undefined ? { messages: data.messages } : data.input;
    let version: Workflow | null = null;
    if (data.threadId !== undefined && !deployment.agentId) {
      throw new ValidationError([{ path: ['threadId'], code: 'thread_needs_agent', message: 'threads are for deployed agents; this deployment runs a workflow' }]);
    }
    if (deployment.agentId) {
      const agent = await session.get(Agent, deployment.agentId);
      if (!agent) throw new InvalidStateError('deployment', 'without an agent', 'invoke');
      await assertModelProvider(session, agent, ['agentId']);
    } else {
      version = await pinnedVersion(session, deployment);
      const definition = workflowDefinitionSchema.parse(version.definition);
      const issues: ValidationIssue[] = [];
      for (const [i, node] of definition.nodes.entries()) {
        if (node.type !== 'agent' || !node.ref) continue;
        const agent = await session.get(Agent, node.ref);
        if (!agent) issues.push({ path: ['definition', 'nodes', i], message: `agent of node "${node.id}" no longer exists` });
        else await assertModelProvider(session, agent, ['definition', 'nodes', i], node.id).catch((e: unknown) => issues.push(...(e as ValidationError).issues));
      }
      if (issues.length) throw new ValidationError(issues);
      if (definition.inputSchema !== undefined) {
        const inputIssues = jsonSchemaIssues(definition.inputSchema, runInput, ['input']);
        if (inputIssues.length) throw new ValidationError(inputIssues);
      }
    }
    const deadlineMs = runDeadlineMs(deployment.config);
    const jobId = randomUUID();
    // the thread's row stays locked until this transaction ends: its turns are numbered in commit order
    const turn = data.threadId !== undefined ? await openTurn(session, id, data.threadId) : undefined;
    const row = session.add(Run, {
      deploymentId: id,
      workflowId: version?.id ?? null,
      agentId: deployment.agentId ?? null,
      status: 'queued',
      input: runInput,
      idempotencyKey: data.idempotencyKey ?? null,
      deadlineAt: new Date(Date.now() + deadlineMs),
      jobId,
    });
    await flushOrThrow(session, RUN_CONSTRAINTS);
    if (turn) await attachTurn(session, turn, row.id, { deadlineMs, jobId });
    else await enqueueRunJob(session, row.id, { deadlineMs, jobId });
    await appendRunEvent(session, row.id, 'run.queued', version
      ? { deploymentId: id, workflowVersionId: version.id, versionNumber: version.versionNumber }
      : { deploymentId: id, agentId: deployment.agentId, ...(turn ? { threadId: data.threadId, turn: turn.turn, waiting: !turn.runsNow } : {}) });
    return { run: toRunDto(row), created: true };
  },

  /**
   * Asks for a run to stop. A queued run no worker holds ends `cancelled` at once (its job is
   * cancelled too); a running run is flagged and the worker holding it — on whichever process —
   * aborts its step in flight within a second and ends it `cancelled`.
   *
   * @throws ValidationError malformed id.
   * @throws NotFoundError no such run.
   * @throws InvalidStateError the run already finished.
   * @example
   * const run = await RunsService.requestCancel(session, runId);
   */
  async requestCancel(session: ExecSession, id: string): Promise<RunDto> {
    const runId = parseId(id);
    const row = await getOrThrow(session, runId, true);
    if (FINISHED_RUN_STATUSES.includes(row.status)) throw new InvalidStateError(RESOURCE, row.status, 'cancel');
    if (row.status === 'queued' && row.workerId === null) {
      await endRun(session, runId, null, { status: 'cancelled', reason: 'cancelled', error: 'the run was cancelled before it started' });
      return toRunDto(await session.refresh(row));
    }
    if (row.cancelRequestedAt === null) {
      row.cancelRequestedAt = new Date();
      session.add(row);
      await flushOrThrow(session, RUN_CONSTRAINTS);
      await appendRunEvent(session, runId, 'run.cancel_requested', {});
      await session.executeSql('SELECT pg_notify($1, $2)', [RUN_CHANNELS.cancel, runId]);
    }
    return toRunDto(row);
  },

  /**
   * The steps of a run (one row per attempt), in the order they started.
   *
   * @throws ValidationError malformed id or query.
   * @throws NotFoundError no such run.
   * @example
   * const { data } = await RunsService.listSteps(session, runId, { limit: 100 });
   */
  async listSteps(session: ExecSession, id: string, query: ListRunStepsQuery = {}): Promise<Page<RunStepDto>> {
    const runId = parseId(id);
    const q = parseInput(listStepsStrict, query ?? {});
    await getOrThrow(session, runId);
    const statement = select(RunStep).where({ runId });
    const { rows, pagination } = await fetchPage(session, statement, q, 'startedAt');
    return { data: rows.map(toRunStepDto), pagination };
  },

  /**
   * A run's events after `afterId` (oldest first, at most `limit`, default 200, max 1000).
   *
   * @throws ValidationError malformed id.
   * @throws NotFoundError no such run.
   * @example
   * const missed = await RunsService.listEvents(session, runId, { afterId: lastEventId });
   */
  async listEvents(session: ExecSession, id: string, options: { afterId?: string; limit?: number } = {}): Promise<RunEventDto[]> {
    const runId = parseId(id);
    await getOrThrow(session, runId);
    const after = options.afterId !== undefined && /^\d{1,19}$/.test(options.afterId) ? options.afterId : '0';
    const limit = Math.min(Math.max(1, Math.floor(options.limit ?? 200)), 1_000);
    const rows = await session.exec(select(RunEvent).where({ runId, id: { gt: after } }).orderBy('id').limit(limit)).all();
    return rows.map(toRunEventDto);
  },

  /**
   * The tokens a run's model calls used (sum over its steps).
   *
   * @throws ValidationError malformed id.
   * @throws NotFoundError no such run.
   * @example
   * const { inputTokens, outputTokens } = await RunsService.getRunUsage(session, runId);
   */
  async getRunUsage(session: ExecSession, id: string): Promise<{ inputTokens: number; outputTokens: number }> {
    const runId = parseId(id);
    await getOrThrow(session, runId);
    const { rows } = await session.executeSql<{ i: number; o: number }>(
      `SELECT COALESCE(sum(tokens_in), 0)::int AS i, COALESCE(sum(tokens_out), 0)::int AS o FROM run_steps WHERE run_id = $1`,
      [runId],
    );
    return { inputTokens: rows[0]?.i ?? 0, outputTokens: rows[0]?.o ?? 0 };
  },

  /**
   * A page of runs. Filters: `deploymentId`, `agentId`, `workflowId`, `status`; `sort`
   * `createdAt` / `-createdAt` (default newest first); `limit` / `offset`.
   *
   * @throws ValidationError bad query (e.g. path `['agentId']` for a malformed id).
   * @example
   * const page = await RunsService.listRuns(session, { deploymentId, status: 'failed' });
   */
  async listRuns(session: ExecSession, query: ListRunsQuery = {}): Promise<Page<RunDto>> {
    const q = parseInput(listRunsStrict, query ?? {});
    const where: Where<Run> = {};
    if (q.deploymentId !== undefined) where.deploymentId = q.deploymentId;
    if (q.agentId !== undefined) where.agentId = q.agentId;
    if (q.workflowId !== undefined) where.workflowId = q.workflowId;
    if (q.status !== undefined) where.status = q.status;
    if (q.createdAfter !== undefined || q.createdBefore !== undefined) {
      where.createdAt = {
        ...(q.createdAfter !== undefined ? { gte: new Date(q.createdAfter) } : {}),
        ...(q.createdBefore !== undefined ? { lt: new Date(q.createdBefore) } : {}),
      };
    }
    const statement = select(Run).where(where);
    const { rows, pagination } = await fetchPage(session, statement, q, q.sort);
    return { data: rows.map(toRunDto), pagination };
  },

  /**
   * A run by id.
   *
   * @throws ValidationError malformed id (path `['id']`).
   * @throws NotFoundError no such run.
   * @example
   * const run = await RunsService.getRun(session, id);
   */
  async getRun(session: ExecSession, id: string): Promise<RunDto> {
    return toRunDto(await getOrThrow(session, parseId(id)));
  },

  /**
   * A run and every step attempt of it, oldest first (what its timeline draws): two statements,
   * however many steps.
   *
   * @throws ValidationError malformed id (path `['id']`).
   * @throws NotFoundError no such run.
   * @example
   * const { run, steps } = await RunsService.getRunWithSteps(session, id);
   */
  async getRunWithSteps(session: ExecSession, id: string): Promise<{ run: RunDto; steps: RunStepDto[] }> {
    const run = await getOrThrow(session, parseId(id));
    const steps = await session.exec(select(RunStep).where({ runId: run.id }).orderBy('startedAt').orderBy('id')).all();
    return { run: toRunDto(run), steps: steps.map(toRunStepDto) };
  },
};
