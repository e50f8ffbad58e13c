/**
 * `DeploymentsService`: deployments of an agent or a workflow, their lifecycle
 * (draft → deployed ⇄ stopped), the functions they expose and their API key.
 *
 * @module
 */
import { select, type ExecSession, type Where } from '@agent-studio/db/exec';
import { z } from 'zod';
import { Agent, Deployment, DeploymentFunction, StudioFunction, Workflow } from '@agent-studio/db/models';
import { flushOrThrow, type ConstraintMessages } from '../../common/db-errors.js';
import { fetchPage, pageQuerySchema, type Page } from '../../common/pagination.js';
import { parseInput } from '../../common/parse-input.js';
import { assertVersion } from '../../common/version-check.js';
import { ConflictError } from '../../errors/conflict-error.js';
import { InvalidStateError } from '../../errors/invalid-state-error.js';
import { NotFoundError } from '../../errors/not-found-error.js';
import { ValidationError } from '../../errors/validation-error.js';
import { generateApiKey, hashApiKey, looksLikeApiKey } from '../../common/api-key.js';
import { nextDeploymentStatus, type DeploymentAction } from './deployment-lifecycle.js';
import {
  attachDeploymentFunctionInputSchema,
  createDeploymentInputSchema,
  deploymentTransitionInputSchema,
  listDeploymentsQuerySchema,
  updateDeploymentInputSchema,
  type AttachDeploymentFunctionInput,
  type CreateDeploymentInput,
  type DeploymentDto,
  type DeploymentFunctionDto,
  type DeploymentTransitionInput,
  type ListDeploymentsQuery,
  type RotatedApiKey,
  type UpdateDeploymentInput,
} from './deployments-schemas.js';
import { parseId } from '../../common/parse-id.js';
import { toDeploymentDto, toDeploymentFunctionDto } from './to-deployment-dto.js';

/** How the database constraints of deployments map to input fields. */
const DEPLOYMENT_CONSTRAINTS: ConstraintMessages = {
  unique: {
    deployments_name_key: { field: 'name', message: 'a deployment with this name already exists' },
    deployments_api_key_hash_key: { field: 'apiKey', message: 'API key collision; rotate again' },
    deployment_functions_deployment_id_function_id_key: {
      field: 'functionId',
      message: 'the function is already attached to this deployment',
    },
  },
  references: {
    deployments_agent_id_fkey: { field: 'agentId', message: 'the agent does not exist' },
    deployments_workflow_id_fkey: { field: 'workflowId', message: 'the workflow does not exist' },
    deployment_functions_function_id_fkey: { field: 'functionId', message: 'the function does not exist' },
    deployment_functions_deployment_id_fkey: { field: 'id', message: 'the deployment does not exist' },
  },
};

/** An API key as a lookup receives it: any string (shape-checked before any SQL). */
const apiKeyInputSchema = z.string().max(1_000);

async function loadDeployment(session: ExecSession, id: unknown): Promise<Deployment> {
  const deploymentId = parseId(id);
  const row = await session.get(Deployment, deploymentId);
  if (!row) throw new NotFoundError('deployment', deploymentId);
  return row;
}

async function transition(
  session: ExecSession,
  id: string,
  input: DeploymentTransitionInput,
  action: DeploymentAction,
): Promise<DeploymentDto> {
  const { version } = parseInput(deploymentTransitionInputSchema, input);
  const row = await loadDeployment(session, id);
  assertVersion('deployment', row.version, version);
  row.status = nextDeploymentStatus(row.status, action);
  const now = new Date();
  if (action === 'deploy') {
    row.deployedAt = now;
    row.stoppedAt = null;
  } else {
    row.stoppedAt = now;
  }
  session.add(row);
  await flushOrThrow(session, DEPLOYMENT_CONSTRAINTS);
  return toDeploymentDto(row);
}

/**
 * Deployments: CRUD, lifecycle, attached functions and API keys. Every method takes the caller's
 * `ExecSession` and never commits: the caller's unit of work does.
 *
 * @example
 * const deployment = await withSession(engine, (s) => DeploymentsService.createDeployment(s, { name: 'support', agentId }));
 * await withSession(engine, (s) => DeploymentsService.deploy(s, deployment.id, { version: deployment.version }));
 */
export const DeploymentsService = {
  /**
   * Creates a `draft` deployment of exactly one agent or one workflow (draft or published
   * version). A target that does not exist is a `ValidationError` at `agentId` / `workflowId`;
   * a taken name is `ConflictError('unique')`.
   *
   * @example
   * const d = await DeploymentsService.createDeployment(session, { name: 'support', agentId });
   */
  async createDeployment(session: ExecSession, input: CreateDeploymentInput): Promise<DeploymentDto> {
    const values = parseInput(createDeploymentInputSchema, input);
    if (values.agentId !== undefined && !(await session.get(Agent, values.agentId))) {
      throw new ValidationError([{ path: ['agentId'], message: `agent ${values.agentId} does not exist` }]);
    }
    if (values.workflowId !== undefined && !(await session.get(Workflow, values.workflowId))) {
      throw new ValidationError([{ path: ['workflowId'], message: `workflow ${values.workflowId} does not exist` }]);
    }
    const row = session.add(Deployment, {
      name: values.name,
      description: values.description ?? null,
      agentId: values.agentId ?? null,
      workflowId: values.workflowId ?? null,
      config: values.config ?? {},
    });
    await flushOrThrow(session, DEPLOYMENT_CONSTRAINTS);
    return toDeploymentDto(row);
  },

  /**
   * The deployment with this id; `NotFoundError('deployment', id)` when there is none.
   *
   * @example
   * const d = await DeploymentsService.getDeployment(session, id);
   */
  async getDeployment(session: ExecSession, id: string): Promise<DeploymentDto> {
    return toDeploymentDto(await loadDeployment(session, id));
  },

  /**
   * A page of deployments, filtered by `status`, `agentId`, `workflowId`, sorted by `sort`
   * (default `-createdAt`, ties broken by id).
   *
   * @example
   * const page = await DeploymentsService.listDeployments(session, { status: 'deployed', sort: 'name' });
   */
  async listDeployments(session: ExecSession, query: ListDeploymentsQuery = {}): Promise<Page<DeploymentDto>> {
    const q = parseInput(listDeploymentsQuerySchema, query);
    const filter: Where<Deployment> = {};
    if (q.status !== undefined) filter.status = q.status;
    if (q.agentId !== undefined) filter.agentId = q.agentId;
    if (q.workflowId !== undefined) filter.workflowId = q.workflowId;
    const base = select(Deployment).where(filter);
    const { rows, pagination } = await fetchPage(session, base, q, q.sort);
    return { data: rows.map(toDeploymentDto), pagination };
  },

  /**
   * Changes name, description and/or config, given the `version` the change is based on
   * (`ConflictError('stale_version')` otherwise). The target never changes.
   *
   * @example
   * const d2 = await DeploymentsService.updateDeployment(session, d.id, { version: d.version, description: 'v2' });
   */
  async updateDeployment(session: ExecSession, id: string, input: UpdateDeploymentInput): Promise<DeploymentDto> {
    const changes = parseInput(updateDeploymentInputSchema, input);
    const row = await loadDeployment(session, id);
    assertVersion('deployment', row.version, changes.version);
    if (changes.name !== undefined) row.name = changes.name;
    if (changes.description !== undefined) row.description = changes.description;
    if (changes.config !== undefined) row.config = changes.config;
    session.add(row);
    await flushOrThrow(session, DEPLOYMENT_CONSTRAINTS);
    return toDeploymentDto(row);
  },

  /**
   * Deletes a deployment (and its function links). A `deployed` deployment is refused with
   * `InvalidStateError('deployment', 'deployed', 'delete')`: stop it first.
   *
   * @example
   * await DeploymentsService.deleteDeployment(session, d.id);
   */
  async deleteDeployment(session: ExecSession, id: string): Promise<void> {
    const row = await loadDeployment(session, id);
    if (row.status === 'deployed') throw new InvalidStateError('deployment', row.status, 'delete');
    session.delete(row);
    await flushOrThrow(session, DEPLOYMENT_CONSTRAINTS);
  },

  /**
   * `draft` → `deployed` or `stopped` → `deployed`; sets `deployedAt` and clears `stoppedAt`.
   * From `deployed` it is `InvalidStateError('deployment', 'deployed', 'deploy')`.
   *
   * @example
   * const live = await DeploymentsService.deploy(session, d.id, { version: d.version });
   */
  async deploy(session: ExecSession, id: string, input: DeploymentTransitionInput): Promise<DeploymentDto> {
    return transition(session, id, input, 'deploy');
  },

  /**
   * `deployed` → `stopped`; sets `stoppedAt` (keeps `deployedAt`). From `draft` or `stopped`
   * it is `InvalidStateError('deployment', status, 'stop')`.
   *
   * @example
   * const stopped = await DeploymentsService.stop(session, live.id, { version: live.version });
   */
  async stop(session: ExecSession, id: string, input: DeploymentTransitionInput): Promise<DeploymentDto> {
    return transition(session, id, input, 'stop');
  },

  /**
   * Issues a new API key (replacing the previous one, which stops working). Returns the key in
   * plaintext this once; only its SHA-256 hash, a short display prefix and the rotation time are
   * stored, and the DTO carries only the prefix and the time.
   *
   * @example
   * const { deployment, apiKey } = await DeploymentsService.rotateApiKey(session, d.id);
   */
  async rotateApiKey(session: ExecSession, id: string): Promise<RotatedApiKey> {
    const row = await loadDeployment(session, id);
    const key = generateApiKey();
    row.apiKeyHash = key.hash;
    row.apiKeyPrefix = key.prefix;
    row.apiKeyRotatedAt = new Date();
    session.add(row);
    await flushOrThrow(session, DEPLOYMENT_CONSTRAINTS);
    return { deployment: toDeploymentDto(row), apiKey: key.apiKey };
  },

  /**
   * The deployment whose current API key is `apiKey`, or `null` (also for a string that is not
   * shaped like a key, without touching the database). Compares hashes through the unique index,
   * never the key itself. Whatever the status: the caller decides whether e.g. a stopped
   * deployment may be called.
   *
   * @example
   * const d = await DeploymentsService.findDeploymentByApiKey(session, req.get('x-api-key') ?? '');
   * if (!d || d.status !== 'deployed') return res.status(401).end();
   */
  async findDeploymentByApiKey(session: ExecSession, apiKey: string): Promise<DeploymentDto | null> {
    const key = parseInput(z.object({ apiKey: apiKeyInputSchema }), { apiKey }).apiKey;
    if (!looksLikeApiKey(key)) return null;
    const row = await session.exec(select(Deployment).where({ apiKeyHash: hashApiKey(key) })).first();
    return row ? toDeploymentDto(row) : null;
  },

  /**
   * Exposes a function through the deployment. `NotFoundError('function', functionId)` for an
   * unknown function; attaching it twice is `ConflictError('unique')`.
   *
   * @example
   * const link = await DeploymentsService.attachDeploymentFunction(session, d.id, { functionId });
   */
  async attachDeploymentFunction(
    session: ExecSession,
    id: string,
    input: AttachDeploymentFunctionInput,
  ): Promise<DeploymentFunctionDto> {
    const values = parseInput(attachDeploymentFunctionInputSchema, input);
    const deployment = await loadDeployment(session, id);
    const fn = await session.get(StudioFunction, values.functionId);
    if (!fn) throw new NotFoundError('function', values.functionId);
    const existing = await session
      .exec(select(DeploymentFunction).where({ deploymentId: deployment.id, functionId: fn.id }))
      .first();
    if (existing) {
      throw new ConflictError('unique', `function ${fn.id} is already attached to deployment ${deployment.id}`, ['functionId']);
    }
    const link = session.add(DeploymentFunction, {
      deploymentId: deployment.id,
      functionId: fn.id,
      config: values.config ?? {},
    });
    await flushOrThrow(session, DEPLOYMENT_CONSTRAINTS);
    return toDeploymentFunctionDto(link, fn);
  },

  /**
   * Stops exposing a function. `NotFoundError('deployment function', functionId)` when it is not
   * attached.
   *
   * @example
   * await DeploymentsService.detachDeploymentFunction(session, d.id, functionId);
   */
  async detachDeploymentFunction(session: ExecSession, id: string, functionId: string): Promise<void> {
    const fnId = parseId(functionId, 'functionId');
    const deployment = await loadDeployment(session, id);
    const link = await session.exec(select(DeploymentFunction).where({ deploymentId: deployment.id, functionId: fnId })).first();
    if (!link) throw new NotFoundError('deployment function', fnId);
    session.delete(link);
    await flushOrThrow(session, DEPLOYMENT_CONSTRAINTS);
  },

  /**
   * The functions a deployment exposes, oldest attachment first, paged.
   *
   * @example
   * const { data } = await DeploymentsService.listDeploymentFunctions(session, d.id, { limit: 50 });
   */
  async listDeploymentFunctions(
    session: ExecSession,
    id: string,
    page: z.input<typeof pageQuerySchema> = {},
  ): Promise<Page<DeploymentFunctionDto>> {
    const { limit, offset } = parseInput(pageQuerySchema, page);
    const deployment = await loadDeployment(session, id);
    const base = select(DeploymentFunction).where({ deploymentId: deployment.id });
    const total = await session.exec(base.count()).one();
    const links = await session.exec(base.orderBy('createdAt').orderBy('id').offset(offset).limit(limit)).all();
    const functions = links.length
      ? await session.exec(select(StudioFunction).where({ id: { in: links.map((l) => l.functionId) } })).all()
      : [];
    const byId = new Map(functions.map((f) => [f.id, f]));
    const data = links.flatMap((link) => {
      const fn = byId.get(link.functionId);
      // ON DELETE RESTRICT keeps the function while it is attached; skip defensively otherwise.
      return fn ? [toDeploymentFunctionDto(link, fn)] : [];
    });
    return { data, pagination: { total, limit, offset } };
  },
};
