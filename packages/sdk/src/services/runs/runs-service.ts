/**
 * Runs: the history of executions of deployments, agents and workflows. The execution engine
 * records and advances them through this service.
 *
 * @module
 */
import { parseId } from '../../common/parse-id.js';
import { select, type ExecSession, type Where } from '@agent-studio/db/exec';
import { Agent, Deployment, Run, Workflow } from '@agent-studio/db/models';
import { flushOrThrow, type ConstraintMessages } from '../../common/db-errors.js';
import { fetchPage, type Page } from '../../common/pagination.js';
import { parseInput } from '../../common/parse-input.js';
import { InvalidStateError } from '../../errors/invalid-state-error.js';
import { NotFoundError } from '../../errors/not-found-error.js';
import { ValidationError, type ValidationIssue } from '../../errors/validation-error.js';
import {
  FINISHED_RUN_STATUSES,
  listRunsQuerySchema,
  recordRunInputSchema,
  RUN_STATUS_TRANSITIONS,
  updateRunStatusInputSchema,
  type RunDto,
  type RunStatus,
} from './runs-schemas.js';
import { toRunDto } from './to-run-dto.js';

const RESOURCE = 'run';

/** A reference deleted between the existence check and the insert still comes back with its field. */
const RUN_CONSTRAINTS: ConstraintMessages = {
  references: {
    runs_deployment_id_fkey: { field: 'deploymentId', message: 'no deployment with this id exists' },
    runs_agent_id_fkey: { field: 'agentId', message: 'no agent with this id exists' },
    runs_workflow_id_fkey: { field: 'workflowId', message: 'no workflow with this id exists' },
  },
};


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
  async recordRun(session: ExecSession, input: unknown): Promise<RunDto> {
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
  async updateRunStatus(session: ExecSession, id: string, input: unknown): Promise<RunDto> {
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
   * A page of runs. Filters: `deploymentId`, `agentId`, `workflowId`, `status`; `sort`
   * `createdAt` / `-createdAt` (default newest first); `limit` / `offset`.
   *
   * @throws ValidationError bad query (e.g. path `['agentId']` for a malformed id).
   * @example
   * const page = await RunsService.listRuns(session, { deploymentId, status: 'failed' });
   */
  async listRuns(session: ExecSession, query: unknown = {}): Promise<Page<RunDto>> {
    const q = parseInput(listRunsQuerySchema, query ?? {});
    const where: Where<Run> = {};
    if (q.deploymentId !== undefined) where.deploymentId = q.deploymentId;
    if (q.agentId !== undefined) where.agentId = q.agentId;
    if (q.workflowId !== undefined) where.workflowId = q.workflowId;
    if (q.status !== undefined) where.status = q.status;
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
};
