/**
 * Hybrid workflows: drafts (editable), their validation, and immutable published versions.
 *
 * @module
 */
import { likeContains } from '../../common/search-pattern.js';
import { parseId } from '../../common/parse-id.js';
import { anyOf, select, type ExecSession } from '@agent-studio/db/exec';
import { Agent, Deployment, StudioFunction, Workflow } from '@agent-studio/db/models';
import { z } from 'zod';
import { flushOrThrow, type ConstraintMessages } from '../../common/db-errors.js';
import { fetchPage, type Page } from '../../common/pagination.js';
import { parseInput } from '../../common/parse-input.js';
import { assertVersion } from '../../common/version-check.js';
import { ConflictError } from '../../errors/conflict-error.js';
import { InvalidStateError } from '../../errors/invalid-state-error.js';
import { NotFoundError } from '../../errors/not-found-error.js';
import { ValidationError } from '../../errors/validation-error.js';
import { toWorkflowDto } from './to-workflow-dto.js';
import { boundReport, collectWorkflowReferences, validateWorkflowDefinition } from './validate-workflow-definition.js';
import { workflowDefinitionSchema, type WorkflowDefinition } from './workflow-definition-schema.js';
import {
  createWorkflowInputSchema,
  listWorkflowsQuerySchema,
  listWorkflowVersionsQuerySchema,
  publishWorkflowInputSchema,
  updateWorkflowInputSchema,
  workflowVersionNumberSchema,
  type CreateWorkflowInput,
  type ListWorkflowsQuery,
  type ListWorkflowVersionsQuery,
  type PublishWorkflowInput,
  type UpdateWorkflowInput,
  type WorkflowDto,
  type WorkflowValidationResult,
} from './workflows-schemas.js';

// the HTTP API ignores unknown query parameters; a caller of the service misspelling a filter is told
const listWorkflowsStrict = listWorkflowsQuerySchema.strict();
const listVersionsStrict = listWorkflowVersionsQuerySchema.strict();

const RESOURCE = 'workflow';
const PUBLISHED = 'a published version';

const WORKFLOW_CONSTRAINTS: ConstraintMessages = {
  unique: {
    workflows_name_key: { field: 'name', message: 'a workflow with this name already exists' },
    workflows_published_from_id_version_number_key: {
      field: 'version',
      message: 'another version of this workflow was published at the same time; reload and retry',
    },
  },
  inUse: 'the workflow is still in use',
};

const versionNumberInputSchema = z.object({ versionNumber: workflowVersionNumberSchema });


async function getOrThrow(session: ExecSession, id: string, forUpdate = false): Promise<Workflow> {
  const row = forUpdate
    ? await session.exec(select(Workflow).where({ id }).forUpdate()).first()
    : await session.get(Workflow, id);
  if (!row) throw new NotFoundError(RESOURCE, id);
  return row;
}

/** A structural failure of the definition schema, as validation findings. */
function structuralResult(error: z.ZodError): WorkflowValidationResult {
  return boundReport(
    error.issues.map((issue) => ({
      code: 'invalid_structure' as const,
      message: issue.message,
      path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
    })),
    [],
  );
}

/** Validates a parsed definition, looking up its references (one query per table). */
async function checkDefinition(session: ExecSession, definition: WorkflowDefinition): Promise<WorkflowValidationResult> {
  const { agentIds, functionIds } = collectWorkflowReferences(definition);
  const agents = agentIds.length ? await session.exec(select(Agent).where({ id: { in: agentIds } })).all() : [];
  const functions = functionIds.length
    ? await session.exec(select(StudioFunction).where({ id: { in: functionIds } })).all()
    : [];
  return validateWorkflowDefinition(definition, {
    agentIds: new Set(agents.map((a) => a.id)),
    functionIds: new Set(functions.map((f) => f.id)),
  });
}

/**
 * Workflow drafts and their published versions. Every method takes the caller's
 * {@link ExecSession} and never commits: the caller's unit of work does.
 *
 * A draft (`publishedFromId` null) is edited freely — its definition only has to match the
 * definition schema — and checked fully by {@link WorkflowsService.validateWorkflow}. Publishing
 * freezes the draft into a new row numbered 1, 2, ...; those rows are never updated or deleted
 * on their own, and go with their draft.
 *
 * @example
 * const draft = await withSession(engine, (s) => WorkflowsService.createWorkflow(s, { name: 'triage', definition }));
 * const v1 = await withSession(engine, (s) => WorkflowsService.publishWorkflow(s, draft.id, { version: draft.version }));
 */
export const WorkflowsService = {
  /**
   * Creates a workflow draft. The definition must match the definition schema (it may still be
   * incomplete, e.g. without a start node); it defaults to an empty graph.
   *
   * @throws ValidationError malformed input (paths like `['definition', 'nodes', 0, 'type']`).
   * @throws ConflictError `unique` when a draft with this name exists (field `name`).
   * @example
   * const wf = await WorkflowsService.createWorkflow(session, { name: 'triage', definition: { startNodeId: 'a', nodes: [{ id: 'a', type: 'agent', ref: agentId }], edges: [] } });
   */
  async createWorkflow(session: ExecSession, input: CreateWorkflowInput): Promise<WorkflowDto> {
    const data = parseInput(createWorkflowInputSchema, input);
    const row = session.add(Workflow, {
      name: data.name,
      description: data.description ?? null,
      definition: data.definition,
    });
    await flushOrThrow(session, WORKFLOW_CONSTRAINTS);
    return toWorkflowDto(row);
  },

  /**
   * A workflow by id: a draft or a published version.
   *
   * @throws ValidationError malformed id (path `['id']`).
   * @throws NotFoundError no such workflow.
   * @example
   * const wf = await WorkflowsService.getWorkflow(session, id);
   */
  async getWorkflow(session: ExecSession, id: string): Promise<WorkflowDto> {
    return toWorkflowDto(await getOrThrow(session, parseId(id)));
  },

  /**
   * A page of workflow drafts (published versions are listed by
   * {@link WorkflowsService.listWorkflowVersions}). Filters: exact `name`, `search` (substring
   * of name or description, case-insensitive); `sort` `name` / `createdAt` / `updatedAt`
   * (prefix `-` for descending; default `-createdAt`); `limit` / `offset`.
   *
   * @throws ValidationError bad query (e.g. path `['sort']`).
   * @example
   * const page = await WorkflowsService.listWorkflows(session, { search: 'triage', sort: 'name' });
   */
  async listWorkflows(session: ExecSession, query: ListWorkflowsQuery = {}): Promise<Page<WorkflowDto>> {
    const q = parseInput(listWorkflowsStrict, query ?? {});
    let statement = select(Workflow).where({ publishedFromId: null });
    if (q.name !== undefined) statement = statement.where({ name: q.name });
    if (q.search !== undefined) {
      const pattern = likeContains(q.search);
      statement = statement.where(anyOf<Workflow>({ name: { ilike: pattern } }, { description: { ilike: pattern } }));
    }
    const { rows, pagination } = await fetchPage(session, statement, q, q.sort);
    return { data: rows.map(toWorkflowDto), pagination };
  },

  /**
   * Changes a draft's name, description and/or definition. `version` must be the draft's
   * current version.
   *
   * @throws ValidationError malformed id or input.
   * @throws NotFoundError no such workflow.
   * @throws InvalidStateError the id is a published version (versions are immutable).
   * @throws ConflictError `stale_version` (field `version`) or `unique` (field `name`).
   * @example
   * const wf = await WorkflowsService.updateWorkflow(session, id, { version: 2, definition });
   */
  async updateWorkflow(session: ExecSession, id: string, input: UpdateWorkflowInput): Promise<WorkflowDto> {
    const workflowId = parseId(id);
    const data = parseInput(updateWorkflowInputSchema, input);
    const row = await getOrThrow(session, workflowId);
    if (row.publishedFromId !== null) throw new InvalidStateError(RESOURCE, PUBLISHED, 'update');
    assertVersion(RESOURCE, row.version, data.version);
    if (data.name !== undefined) row.name = data.name;
    if (data.description !== undefined) row.description = data.description;
    if (data.definition !== undefined) row.definition = data.definition;
    session.add(row);
    await flushOrThrow(session, WORKFLOW_CONSTRAINTS);
    return toWorkflowDto(row);
  },

  /**
   * Deletes a draft with all its published versions. Refused while a deployment of the draft or
   * of one of its versions is live (`status: 'deployed'`); draft or stopped deployments of them
   * are deleted with them, and runs keep their history (their `workflowId` becomes null).
   *
   * @throws ValidationError malformed id.
   * @throws NotFoundError no such workflow.
   * @throws InvalidStateError the id is a published version (delete its draft instead).
   * @throws ConflictError `in_use` while a deployment of it is live.
   * @example
   * await WorkflowsService.deleteWorkflow(session, id);
   */
  async deleteWorkflow(session: ExecSession, id: string): Promise<void> {
    const workflowId = parseId(id);
    // lock the draft: no version is published and no deployment of it is created meanwhile
    const row = await getOrThrow(session, workflowId, true);
    if (row.publishedFromId !== null) throw new InvalidStateError(RESOURCE, PUBLISHED, 'delete');
    const versions = await session.exec(select(Workflow).where({ publishedFromId: workflowId })).all();
    const live = await session
      .exec(
        select(Deployment)
          .where({ workflowId: { in: [workflowId, ...versions.map((v) => v.id)] }, status: 'deployed' })
          .count(),
      )
      .one();
    if (live > 0) {
      throw new ConflictError(
        'in_use',
        `workflow ${workflowId} has ${live} live deployment${live === 1 ? '' : 's'}; stop ${live === 1 ? 'it' : 'them'} first`,
      );
    }
    session.delete(row);
    await flushOrThrow(session, WORKFLOW_CONSTRAINTS);
  },

  /**
   * Checks a definition without saving anything. Never throws for a bad definition: structural
   * problems come back as `invalid_structure` errors (with the path of the bad field), graph
   * problems as `missing_start_node`, `duplicate_node_id`, `dangling_edge`, `cycle`,
   * `missing_ref`, `unknown_reference` (agents / functions looked up, one query per table) and
   * `missing_expression` errors, and `unreachable_node` warnings. `valid` means no errors.
   *
   * @example
   * const { valid, errors, warnings } = await WorkflowsService.validateWorkflow(session, definition);
   */
  async validateWorkflow(session: ExecSession, definition: unknown): Promise<WorkflowValidationResult> {
    const parsed = workflowDefinitionSchema.safeParse(definition);
    if (!parsed.success) return structuralResult(parsed.error);
    return checkDefinition(session, parsed.data);
  },

  /**
   * Publishes the draft as a new immutable version: a new row with `publishedFromId` = the
   * draft, `versionNumber` = the previous highest + 1, `publishedAt` = now, and the draft's
   * name, description and definition. The draft is locked while publishing, so concurrent
   * publishes get consecutive numbers.
   *
   * @throws ValidationError malformed id or input, or the definition is not valid (one issue per
   *   validation error, path under `['definition', ...]`, message ending in `(code)`).
   * @throws NotFoundError no such workflow.
   * @throws InvalidStateError the id is a published version.
   * @throws ConflictError `stale_version` (field `version`): the draft changed since it was read.
   * @example
   * const v = await WorkflowsService.publishWorkflow(session, draft.id, { version: draft.version });
   * v.versionNumber; // 1
   */
  async publishWorkflow(session: ExecSession, id: string, input: PublishWorkflowInput): Promise<WorkflowDto> {
    const workflowId = parseId(id);
    const data = parseInput(publishWorkflowInputSchema, input);
    const draft = await getOrThrow(session, workflowId, true);
    if (draft.publishedFromId !== null) throw new InvalidStateError(RESOURCE, PUBLISHED, 'publish');
    assertVersion(RESOURCE, draft.version, data.version);

    const parsed = workflowDefinitionSchema.safeParse(draft.definition);
    const result = parsed.success ? await checkDefinition(session, parsed.data) : structuralResult(parsed.error);
    if (!parsed.success || !result.valid) {
      throw new ValidationError([
        ...result.errors.map((e) => ({ path: ['definition', ...e.path], message: `${e.message} (${e.code})` })),
        ...(result.omittedErrors ? [{ path: ['definition'], message: `and ${result.omittedErrors} more errors (not listed)` }] : []),
      ]);
    }

    const latest = await session
      .exec(select(Workflow).where({ publishedFromId: workflowId }).orderBy('versionNumber', 'desc'))
      .first();
    const row = session.add(Workflow, {
      name: draft.name,
      description: draft.description,
      definition: parsed.data,
      publishedFromId: workflowId,
      versionNumber: (latest?.versionNumber ?? 0) + 1,
      publishedAt: new Date(),
    });
    await flushOrThrow(session, WORKFLOW_CONSTRAINTS);
    return toWorkflowDto(row);
  },

  /**
   * A page of a draft's published versions, newest first.
   *
   * @throws ValidationError malformed id or paging.
   * @throws NotFoundError no such workflow.
   * @throws InvalidStateError the id is itself a published version.
   * @example
   * const { data } = await WorkflowsService.listWorkflowVersions(session, draftId);
   */
  async listWorkflowVersions(session: ExecSession, id: string, query: ListWorkflowVersionsQuery = {}): Promise<Page<WorkflowDto>> {
    const workflowId = parseId(id);
    const q = parseInput(listVersionsStrict, query ?? {});
    const draft = await getOrThrow(session, workflowId);
    if (draft.publishedFromId !== null) throw new InvalidStateError(RESOURCE, PUBLISHED, 'list the versions of');
    const statement = select(Workflow).where({ publishedFromId: workflowId });
    const total = await session.exec(statement.count()).one();
    const rows = await session
      .exec(statement.orderBy('versionNumber', 'desc').offset(q.offset).limit(q.limit))
      .all();
    return { data: rows.map(toWorkflowDto), pagination: { total, limit: q.limit, offset: q.offset } };
  },

  /**
   * One published version of a draft, by number.
   *
   * @throws ValidationError malformed id (path `['id']`) or version number (path `['versionNumber']`).
   * @throws NotFoundError no such workflow, or no such version of it.
   * @example
   * const v2 = await WorkflowsService.getWorkflowVersion(session, draftId, 2);
   */
  async getWorkflowVersion(session: ExecSession, id: string, versionNumber: number | string): Promise<WorkflowDto> {
    const workflowId = parseId(id);
    const n = parseInput(versionNumberInputSchema, { versionNumber }).versionNumber;
    const row = await session.exec(select(Workflow).where({ publishedFromId: workflowId, versionNumber: n })).first();
    if (row) return toWorkflowDto(row);
    await getOrThrow(session, workflowId);
    throw new NotFoundError('workflow version', `${workflowId} v${n}`);
  },
};
