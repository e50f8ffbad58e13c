/**
 * `AgentsService`: agents (a model, instructions and settings), their duplication, and the
 * functions attached to them.
 *
 * @module
 */
import { select, type ExecSession, type Where } from '@agent-studio/db/exec';
import { Agent, AgentFunction, Deployment, StudioFunction } from '@agent-studio/db/models';
import { flushOrThrow, type ConstraintMessages } from '../../common/db-errors.js';
import { fetchPage, type Page } from '../../common/pagination.js';
import { parseInput } from '../../common/parse-input.js';
import { assertVersion } from '../../common/version-check.js';
import { ConflictError } from '../../errors/conflict-error.js';
import { NotFoundError } from '../../errors/not-found-error.js';
import { parseId } from '../../common/parse-id.js';
import { escapeLike, likeContains } from '../../common/search-pattern.js';
import {
  attachFunctionInputSchema,
  createAgentInputSchema,
  duplicateAgentInputSchema,
  listAgentFunctionsQuerySchema,
  listAgentsQuerySchema,
  updateAgentInputSchema,
  type AgentDto,
  type AgentFunctionDto,
  type AttachFunctionInput,
  type CreateAgentInput,
  type DuplicateAgentInput,
  type ListAgentFunctionsQuery,
  type ListAgentsQuery,
  type UpdateAgentInput,
} from './agents-schemas.js';
import { copyBaseName, firstFreeCopyName } from './copy-name.js';
import { toAgentDto, toAgentFunctionDto } from './to-agent-dto.js';

/** How the database constraints of agents and their function links map to input fields. */
const AGENT_CONSTRAINTS: ConstraintMessages = {
  unique: {
    agents_name_key: { field: 'name', message: 'an agent with this name already exists' },
    agent_functions_agent_id_function_id_key: { field: 'functionId', message: 'the function is already attached to this agent' },
  },
  references: {
    agent_functions_function_id_fkey: { field: 'functionId', message: 'the function does not exist' },
    agent_functions_agent_id_fkey: { field: 'id', message: 'the agent does not exist' },
  },
};

async function loadAgent(session: ExecSession, id: unknown): Promise<Agent> {
  const agentId = parseId(id);
  const row = await session.get(Agent, agentId);
  if (!row) throw new NotFoundError('agent', agentId);
  return row;
}

/** The agent's links with their functions, in `position` order (then attachment order). */
async function linksWithFunctions(
  session: ExecSession,
  links: readonly AgentFunction[],
): Promise<AgentFunctionDto[]> {
  if (!links.length) return [];
  const functions = await session.exec(select(StudioFunction).where({ id: { in: links.map((l) => l.functionId) } })).all();
  const byId = new Map(functions.map((f) => [f.id, f]));
  // ON DELETE RESTRICT keeps a function while it is attached; skip defensively otherwise.
  return links.flatMap((link) => {
    const fn = byId.get(link.functionId);
    return fn ? [toAgentFunctionDto(link, fn)] : [];
  });
}

/**
 * Agents: CRUD, duplication and attached functions. Every method takes the caller's
 * `ExecSession` and never commits: the caller's unit of work does.
 *
 * @example
 * const agent = await withSession(engine, (s) => AgentsService.createAgent(s, { name: 'support', model: 'gpt-4o-mini' }));
 * await withSession(engine, (s) => AgentsService.attachFunction(s, agent.id, { functionId }));
 */
export const AgentsService = {
  /**
   * Creates an agent (status `active`, temperature 0.7 and empty instructions unless given). A
   * taken name is `ConflictError('unique')` at `name`.
   *
   * @example
   * const agent = await AgentsService.createAgent(session, { name: 'support', model: 'gpt-4o-mini' });
   */
  async createAgent(session: ExecSession, input: CreateAgentInput): Promise<AgentDto> {
    const values = parseInput(createAgentInputSchema, input);
    const row = session.add(Agent, {
      name: values.name,
      model: values.model,
      ...(values.description !== undefined && { description: values.description }),
      ...(values.instructions !== undefined && { instructions: values.instructions }),
      ...(values.temperature !== undefined && { temperature: values.temperature }),
      ...(values.config !== undefined && { config: values.config }),
      ...(values.status !== undefined && { status: values.status }),
    });
    await flushOrThrow(session, AGENT_CONSTRAINTS);
    return toAgentDto(row);
  },

  /**
   * The agent with this id; `NotFoundError('agent', id)` when there is none.
   *
   * @example
   * const agent = await AgentsService.getAgent(session, id);
   */
  async getAgent(session: ExecSession, id: string): Promise<AgentDto> {
    return toAgentDto(await loadAgent(session, id));
  },

  /**
   * A page of agents, filtered by `status`, `model` (exact) and `search` (case-insensitive
   * substring of the name), sorted by `sort` (`name`, `createdAt`, `updatedAt`; default
   * `-createdAt`; ties broken by id).
   *
   * @example
   * const page = await AgentsService.listAgents(session, { status: 'active', search: 'bot', sort: 'name' });
   */
  async listAgents(session: ExecSession, query: ListAgentsQuery = {}): Promise<Page<AgentDto>> {
    const q = parseInput(listAgentsQuerySchema, query ?? {});
    const filter: Where<Agent> = {};
    if (q.status !== undefined) filter.status = q.status;
    if (q.model !== undefined) filter.model = q.model;
    if (q.search !== undefined) filter.name = { ilike: likeContains(q.search) };
    const base = select(Agent).where(filter);
    const { rows, pagination } = await fetchPage(session, base, q, q.sort);
    return { data: rows.map(toAgentDto), pagination };
  },

  /**
   * Changes an agent, given the `version` the change is based on
   * (`ConflictError('stale_version')` otherwise).
   *
   * @example
   * const a2 = await AgentsService.updateAgent(session, a.id, { version: a.version, instructions: 'Be brief.' });
   */
  async updateAgent(session: ExecSession, id: string, input: UpdateAgentInput): Promise<AgentDto> {
    const changes = parseInput(updateAgentInputSchema, input);
    const row = await loadAgent(session, id);
    assertVersion('agent', row.version, changes.version);
    if (changes.name !== undefined) row.name = changes.name;
    if (changes.description !== undefined) row.description = changes.description;
    if (changes.model !== undefined) row.model = changes.model;
    if (changes.instructions !== undefined) row.instructions = changes.instructions;
    if (changes.temperature !== undefined) row.temperature = changes.temperature;
    if (changes.config !== undefined) row.config = changes.config;
    if (changes.status !== undefined) row.status = changes.status;
    session.add(row);
    await flushOrThrow(session, AGENT_CONSTRAINTS);
    return toAgentDto(row);
  },

  /**
   * Deletes an agent with its function links and its draft / stopped deployments. While a
   * deployment of it is `deployed` it is refused with `ConflictError('in_use')`: stop it first.
   * The agent and its deployments are locked (`FOR UPDATE`) for the check, so a deployment cannot
   * go live between the check and the delete.
   *
   * @example
   * await AgentsService.deleteAgent(session, agent.id);
   */
  async deleteAgent(session: ExecSession, id: string): Promise<void> {
    const agentId = parseId(id);
    const row = await session.exec(select(Agent).where({ id: agentId }).forUpdate()).first();
    if (!row) throw new NotFoundError('agent', agentId);
    const deployments = await session.exec(select(Deployment).where({ agentId }).forUpdate()).all();
    const live = deployments.filter((d) => d.status === 'deployed');
    if (live.length) {
      throw new ConflictError(
        'in_use',
        `agent ${agentId} is used by ${live.length} live deployment(s) (${live.map((d) => d.name).join(', ')}); stop them first`,
      );
    }
    session.delete(row);
    await flushOrThrow(session, { ...AGENT_CONSTRAINTS, inUse: 'the agent is still in use' });
  },

  /**
   * Copies an agent (all its settings) under a new name, with its attached functions in the same
   * order. The name defaults to `"<name> (copy)"`, then `"(copy 2)"`, `"(copy 3)"`, ... (a copy of
   * a copy numbers from the original name). A given name that is taken is
   * `ConflictError('unique')` at `name`.
   *
   * @example
   * const copy = await AgentsService.duplicateAgent(session, agent.id); // 'support (copy)'
   */
  async duplicateAgent(session: ExecSession, id: string, input: DuplicateAgentInput = {}): Promise<AgentDto> {
    const options = parseInput(duplicateAgentInputSchema, input ?? {});
    const source = await loadAgent(session, id);
    let name = options.name;
    if (name === undefined) {
      const base = copyBaseName(source.name);
      const similar = await session.exec(select(Agent).where({ name: { like: `${escapeLike(base)} (copy%` } })).all();
      name = firstFreeCopyName(base, new Set(similar.map((a) => a.name)));
    }
    const copy = session.add(Agent, {
      name,
      description: source.description,
      model: source.model,
      instructions: source.instructions,
      temperature: source.temperature,
      config: source.config,
      status: source.status,
    });
    await flushOrThrow(session, AGENT_CONSTRAINTS);
    const links = await session
      .exec(select(AgentFunction).where({ agentId: source.id }).orderBy('position').orderBy('createdAt').orderBy('id'))
      .all();
    for (const link of links) session.add(AgentFunction, { agentId: copy.id, functionId: link.functionId, position: link.position });
    await flushOrThrow(session, AGENT_CONSTRAINTS);
    return toAgentDto(copy);
  },

  /**
   * Attaches a function to an agent, at `position` (default: after the last one).
   * `NotFoundError('function', functionId)` for an unknown function; attaching it twice is
   * `ConflictError('unique')` at `functionId`.
   *
   * @example
   * const link = await AgentsService.attachFunction(session, agent.id, { functionId });
   */
  async attachFunction(session: ExecSession, id: string, input: AttachFunctionInput): Promise<AgentFunctionDto> {
    const values = parseInput(attachFunctionInputSchema, input);
    const agent = await loadAgent(session, id);
    const fn = await session.get(StudioFunction, values.functionId);
    if (!fn) throw new NotFoundError('function', values.functionId);
    const existing = await session.exec(select(AgentFunction).where({ agentId: agent.id, functionId: fn.id })).first();
    if (existing) {
      throw new ConflictError('unique', `function ${fn.id} is already attached to agent ${agent.id}`, ['functionId']);
    }
    let position = values.position;
    if (position === undefined) {
      const last = await session.exec(select(AgentFunction).where({ agentId: agent.id }).orderBy('position', 'desc')).first();
      position = last ? last.position + 1 : 0;
    }
    const link = session.add(AgentFunction, { agentId: agent.id, functionId: fn.id, position });
    await flushOrThrow(session, AGENT_CONSTRAINTS);
    return toAgentFunctionDto(link, fn);
  },

  /**
   * Detaches a function from an agent. `NotFoundError('agent function', functionId)` when it is
   * not attached.
   *
   * @example
   * await AgentsService.detachFunction(session, agent.id, functionId);
   */
  async detachFunction(session: ExecSession, id: string, functionId: string): Promise<void> {
    const fnId = parseId(functionId, 'functionId');
    const agent = await loadAgent(session, id);
    const link = await session.exec(select(AgentFunction).where({ agentId: agent.id, functionId: fnId })).first();
    if (!link) throw new NotFoundError('agent function', fnId);
    session.delete(link);
    await flushOrThrow(session, AGENT_CONSTRAINTS);
  },

  /**
   * The functions attached to an agent, by `position` (then attachment order), paged; each with
   * the function itself.
   *
   * @example
   * const { data } = await AgentsService.listAgentFunctions(session, agent.id);
   * const tools = data.map((l) => l.function);
   */
  async listAgentFunctions(
    session: ExecSession,
    id: string,
    query: ListAgentFunctionsQuery = {},
  ): Promise<Page<AgentFunctionDto>> {
    const { limit, offset } = parseInput(listAgentFunctionsQuerySchema, query ?? {});
    const agent = await loadAgent(session, id);
    const base = select(AgentFunction).where({ agentId: agent.id });
    const total = await session.exec(base.count()).one();
    const links = await session.exec(base.orderBy('position').orderBy('createdAt').orderBy('id').offset(offset).limit(limit)).all();
    return { data: await linksWithFunctions(session, links), pagination: { total, limit, offset } };
  },
};
