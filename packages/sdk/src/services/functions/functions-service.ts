/**
 * `FunctionsService`: the functions (tools) agents and deployments call — HTTP requests, tools
 * of registered MCP servers and built-ins — with their JSON Schema `parameters`.
 *
 * @module
 */
import { select, type ExecSession, type Where } from '@agent-studio/db/exec';
import { AgentFunction, DeploymentFunction, McpServer, StudioFunction, type JsonObject } from '@agent-studio/db/models';
import type { z } from 'zod';
import { flushOrThrow, type ConstraintMessages } from '../../common/db-errors.js';
import { fetchPage, type Page } from '../../common/pagination.js';
import { parseInput } from '../../common/parse-input.js';
import { assertVersion } from '../../common/version-check.js';
import { ConflictError } from '../../errors/conflict-error.js';
import { NotFoundError } from '../../errors/not-found-error.js';
import { ValidationError, type ValidationIssue } from '../../errors/validation-error.js';
import {
  builtinFunctionConfigSchema,
  createFunctionInputSchema,
  httpFunctionConfigSchema,
  listFunctionsQuerySchema,
  updateFunctionInputSchema,
  type CreateFunctionInput,
  type FunctionDto,
  type FunctionKind,
  type FunctionValidationResult,
  type ListFunctionsQuery,
  type UpdateFunctionInput,
} from './functions-schemas.js';
import { parseId } from '../../common/parse-id.js';
import { likeContains } from '../../common/search-pattern.js';
import { functionHeadersOf, toFunctionDto } from './to-function-dto.js';
import { mergeSecretMap } from '../mcp-servers/secret-mask.js';

/**
 * An http function's `config` without its request headers, and the headers (secrets: stored
 * encrypted in their own column, shown masked).
 */
function splitHeaders(config: JsonObject): { config: JsonObject; headers: Record<string, string> } {
  const { headers, ...rest } = config;
  const map = headers !== null && typeof headers === 'object' && !Array.isArray(headers) ? (headers as Record<string, string>) : {};
  return { config: rest, headers: map };
}
import { outboundUrlIssues } from '../../common/policy-issues.js';

/** The outbound-policy issue of an http function's `config.url` (other kinds connect nowhere). */
function configUrlIssues(kind: FunctionKind, config: unknown): ValidationIssue[] {
  if (kind !== 'http' || config === null || typeof config !== 'object') return [];
  const { url } = config as { url?: unknown };
  return typeof url === 'string' ? outboundUrlIssues(url, ['config', 'url']) : [];
}

/** How the database constraints of functions map to input fields. */
const FUNCTION_CONSTRAINTS: ConstraintMessages = {
  unique: { functions_name_key: { field: 'name', message: 'a function with this name already exists' } },
  references: { functions_mcp_server_id_fkey: { field: 'mcpServerId', message: 'the MCP server does not exist' } },
  inUse: 'the function is attached to an agent or a deployment; detach it first',
};

/** The `config` schema of each kind (`mcp_tool` config is free-form). */
const CONFIG_SCHEMAS: Partial<Record<FunctionKind, z.ZodType>> = {
  http: httpFunctionConfigSchema,
  builtin: builtinFunctionConfigSchema,
};

function zodIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
    message: issue.message,
  }));
}

async function loadFunction(session: ExecSession, id: unknown): Promise<StudioFunction> {
  const functionId = parseId(id);
  const row = await session.get(StudioFunction, functionId);
  if (!row) throw new NotFoundError('function', functionId);
  return row;
}

async function missingMcpServer(session: ExecSession, mcpServerId: string): Promise<ValidationIssue | null> {
  return (await session.get(McpServer, mcpServerId))
    ? null
    : { path: ['mcpServerId'], message: `MCP server ${mcpServerId} does not exist` };
}

/**
 * What `createFunction` refuses beyond the input's shape: an `http` function whose `config.url`
 * the outbound policy refuses as written (a private or metadata address; `OUTBOUND_ALLOW`), an
 * `mcp_tool` whose MCP server does not exist and, when `checkName`, a name already taken.
 */
async function checkReferences(
  session: ExecSession,
  values: z.output<typeof createFunctionInputSchema>,
  checkName: boolean,
): Promise<ValidationIssue[]> {
  const issues: ValidationIssue[] = configUrlIssues(values.kind, values.config);
  if (values.kind === 'mcp_tool') {
    const missing = await missingMcpServer(session, values.mcpServerId);
    if (missing) issues.push(missing);
  }
  if (checkName && (await session.exec(select(StudioFunction).where({ name: values.name })).first())) {
    issues.push({ path: ['name'], message: 'a function with this name already exists' });
  }
  return issues;
}

/**
 * Functions (tools): CRUD and validation. Every method takes the caller's `ExecSession` and
 * never commits: the caller's unit of work does.
 *
 * @example
 * const fn = await withSession(engine, (s) =>
 *   FunctionsService.createFunction(s, { kind: 'http', name: 'orders', config: { url: 'https://api.example.com/orders', method: 'GET' } }),
 * );
 */
export const FunctionsService = {
  /**
   * Creates a function. The input is checked by kind (see `createFunctionInputSchema`), its
   * `parameters` as a JSON Schema of an object; an `mcp_tool` whose `mcpServerId` is not a
   * registered server is a `ValidationError` at `['mcpServerId']`, an `http` URL the outbound
   * policy refuses (a loopback, private, link-local or metadata address literal, `localhost`) one at
   * `['config', 'url']`; a taken name is
   * `ConflictError('unique')` at `name`.
   *
   * @example
   * const fn = await FunctionsService.createFunction(session, { kind: 'builtin', name: 'now', config: { name: 'current_time' } });
   */
  async createFunction(session: ExecSession, input: CreateFunctionInput): Promise<FunctionDto> {
    const values = parseInput(createFunctionInputSchema, input);
    const issues = await checkReferences(session, values, false);
    if (issues.length) throw new ValidationError(issues);
    const row = session.add(StudioFunction, {
      name: values.name,
      description: values.description ?? null,
      kind: values.kind,
      parameters: values.parameters,
      ...(values.kind === 'http' ? splitHeaders(values.config) : { config: values.config }),
      mcpServerId: values.kind === 'mcp_tool' ? values.mcpServerId : null,
      mcpToolName: values.kind === 'mcp_tool' ? values.mcpToolName : null,
    });
    await flushOrThrow(session, FUNCTION_CONSTRAINTS);
    return toFunctionDto(row);
  },

  /**
   * The function with this id; `NotFoundError('function', id)` when there is none.
   *
   * @example
   * const fn = await FunctionsService.getFunction(session, id);
   */
  async getFunction(session: ExecSession, id: string): Promise<FunctionDto> {
    return toFunctionDto(await loadFunction(session, id));
  },

  /**
   * A page of functions, filtered by `kind`, `mcpServerId` and `search` (case-insensitive
   * substring of the name), sorted by `sort` (`name`, `kind`, `createdAt`, `updatedAt`;
   * default `-createdAt`; ties broken by id).
   *
   * @example
   * const page = await FunctionsService.listFunctions(session, { kind: 'mcp_tool', sort: 'name' });
   */
  async listFunctions(session: ExecSession, query: ListFunctionsQuery = {}): Promise<Page<FunctionDto>> {
    const q = parseInput(listFunctionsQuerySchema, query ?? {});
    const filter: Where<StudioFunction> = {};
    if (q.kind !== undefined) filter.kind = q.kind;
    if (q.mcpServerId !== undefined) filter.mcpServerId = q.mcpServerId;
    if (q.search !== undefined) filter.name = { ilike: likeContains(q.search) };
    const base = select(StudioFunction).where(filter);
    const { rows, pagination } = await fetchPage(session, base, q, q.sort);
    return { data: rows.map(toFunctionDto), pagination };
  },

  /**
   * Changes a function, given the `version` the change is based on
   * (`ConflictError('stale_version')` otherwise). The kind never changes; `config` is checked
   * against it (`['config', ...]` paths); `mcpServerId` / `mcpToolName` are for `mcp_tool`
   * functions only, and the server must exist.
   *
   * @example
   * const fn2 = await FunctionsService.updateFunction(session, fn.id, { version: fn.version, description: 'v2' });
   */
  async updateFunction(session: ExecSession, id: string, input: UpdateFunctionInput): Promise<FunctionDto> {
    const changes = parseInput(updateFunctionInputSchema, input);
    const row = await loadFunction(session, id);
    const issues: ValidationIssue[] = [];
    const configSchema = CONFIG_SCHEMAS[row.kind];
    if (changes.config !== undefined && configSchema) {
      const parsed = configSchema.safeParse(changes.config);
      if (!parsed.success) issues.push(...zodIssues(parsed.error).map((i) => ({ ...i, path: ['config', ...i.path] })));
      else issues.push(...configUrlIssues(row.kind, parsed.data));
    }
    for (const field of ['mcpServerId', 'mcpToolName'] as const) {
      if (changes[field] !== undefined && row.kind !== 'mcp_tool') {
        issues.push({ path: [field], message: `only mcp_tool functions name an MCP server and tool (this one is ${row.kind})` });
      }
    }
    if (!issues.length && changes.mcpServerId !== undefined) {
      const missing = await missingMcpServer(session, changes.mcpServerId);
      if (missing) issues.push(missing);
    }
    if (issues.length) throw new ValidationError(issues);
    assertVersion('function', row.version, changes.version);
    if (changes.name !== undefined) row.name = changes.name;
    if (changes.description !== undefined) row.description = changes.description;
    if (changes.parameters !== undefined) row.parameters = changes.parameters;
    if (changes.config !== undefined) {
      const { config, headers } = row.kind === 'http' ? splitHeaders(changes.config) : { config: changes.config, headers: {} };
      const merged = mergeSecretMap(functionHeadersOf(row), row.kind === 'http' ? headers : undefined, 'headers');
      if (merged.issues.length) throw new ValidationError(merged.issues.map((i) => ({ ...i, path: ['config', ...i.path] })));
      row.config = config;
      if (row.kind === 'http') row.headers = merged.map;
    }
    if (changes.mcpServerId !== undefined) row.mcpServerId = changes.mcpServerId;
    if (changes.mcpToolName !== undefined) row.mcpToolName = changes.mcpToolName;
    session.add(row);
    await flushOrThrow(session, FUNCTION_CONSTRAINTS);
    return toFunctionDto(row);
  },

  /**
   * Deletes a function. While it is attached to an agent or exposed by a deployment it is
   * refused with `ConflictError('in_use')` (the database RESTRICTs it too): detach it first.
   *
   * @example
   * await FunctionsService.deleteFunction(session, fn.id);
   */
  async deleteFunction(session: ExecSession, id: string): Promise<void> {
    const row = await loadFunction(session, id);
    const agents = await session.exec(select(AgentFunction).where({ functionId: row.id }).count()).one();
    const deployments = await session.exec(select(DeploymentFunction).where({ functionId: row.id }).count()).one();
    if (agents > 0 || deployments > 0) {
      throw new ConflictError(
        'in_use',
        `function ${row.id} is attached to ${agents} agent(s) and ${deployments} deployment(s); detach it first`,
      );
    }
    session.delete(row);
    await flushOrThrow(session, FUNCTION_CONSTRAINTS);
  },

  /**
   * Checks a function definition as `createFunction` would, without saving anything: the shape
   * by kind, the `parameters` JSON Schema, that an `mcp_tool`'s MCP server exists and that the
   * name is free. Never throws for bad input: every problem is an issue with its field path.
   *
   * @example
   * const { valid, issues } = await FunctionsService.validateFunction(session, body);
   * if (!valid) console.log(issues); // [{ path: ['parameters', 'required', 0], message: '...' }]
   */
  async validateFunction(session: ExecSession, input: unknown): Promise<FunctionValidationResult> {
    const parsed = createFunctionInputSchema.safeParse(input);
    const issues = parsed.success ? await checkReferences(session, parsed.data, true) : zodIssues(parsed.error);
    return { valid: issues.length === 0, issues: issues.map((i) => ({ path: [...i.path], message: i.message })) };
  },
};
