/**
 * `McpServersService`: registered MCP servers (CRUD with masked secrets), their health (check
 * now, history, fleet summary) and tools (cached list, refresh, import as a function).
 *
 * @module
 */
import { anyOf, select, type ExecSession, type Where } from '@agent-studio/db/exec';
import { McpHealthCheck, McpServer, StudioFunction, secretErrorOf, type JsonObject } from '@agent-studio/db/models';
import type { z } from 'zod';
import { flushOrThrow, type ConstraintMessages } from '../../common/db-errors.js';
import { fetchPage, pageQuerySchema, type Page } from '../../common/pagination.js';
import { parseInput } from '../../common/parse-input.js';
import { assertVersion } from '../../common/version-check.js';
import { ConflictError } from '../../errors/conflict-error.js';
import { InvalidStateError } from '../../errors/invalid-state-error.js';
import { NotFoundError } from '../../errors/not-found-error.js';
import { ValidationError, type ValidationIssue } from '../../errors/validation-error.js';
import {
  applyHealthCheck,
  mcpProbeResultSchema,
  probeMcpServer,
  type McpHealthCheckOptions,
  type McpProbeResult,
} from '../../mcp.js';
import { endpointUrlOf, splitUrlSecret } from '../../mcp/url-secret.js';
import { mergeSecretArgs, splitSecretArgs } from '../../mcp/secret-args.js';
import { connectionKey, endpointIssues, policyIssues, probeConfigOf } from './mcp-server-connection.js';
import {
  createMcpServerInputSchema,
  importMcpToolInputSchema,
  listMcpServersQuerySchema,
  mcpConnectionInputSchema,
  mcpProbeOptionsSchema,
  updateMcpServerInputSchema,
  type CreateMcpServerInput,
  type ImportMcpToolInput,
  type ListMcpServersQuery,
  type McpCheckResult,
  type McpConnectionInput,
  type McpFleetHealth,
  type McpHealthCheckDto,
  type McpImportedFunction,
  type McpProbeOptions,
  type McpRefreshedTools,
  type McpServerDto,
  type McpToolList,
  type UpdateMcpServerInput,
} from './mcp-servers-schemas.js';
import { likeContains } from '../../common/search-pattern.js';
import { parseId } from '../../common/parse-id.js';
import { createSecretScrubber } from '../../mcp/secret-scrubber.js';
import { mergeSecretMap } from './secret-mask.js';
import {
  cachedToolsOf,
  scrubberForRow,
  toMcpHealthCheckDto,
  toMcpImportedFunction,
  toMcpServerDto,
  toMcpToolList,
} from './to-mcp-server-dto.js';

/** How the database constraints of MCP servers map to input fields. */
const SERVER_CONSTRAINTS: ConstraintMessages = {
  unique: { mcp_servers_name_key: { field: 'name', message: 'an MCP server with this name already exists' } },
  inUse: 'functions still use this MCP server; delete them first',
};

/** Constraints met when importing a tool as a function. */
const IMPORT_CONSTRAINTS: ConstraintMessages = {
  unique: { functions_name_key: { field: 'functionName', message: 'a function with this name already exists' } },
  references: { functions_mcp_server_id_fkey: { field: 'id', message: 'the MCP server does not exist' } },
};

/** Statuses counted by the fleet summary. */
const STATUSES = ['unknown', 'healthy', 'degraded', 'unreachable'] as const;

async function loadServer(session: ExecSession, id: unknown): Promise<McpServer> {
  const serverId = parseId(id);
  const row = await session.get(McpServer, serverId);
  if (!row) throw new NotFoundError('MCP server', serverId);
  return row;
}

/** `%`, `_` and `\` taken literally in an ILIKE pattern. */

/**
 * Probes a saved server and records the outcome. The probe runs BEFORE anything is written in the
 * session: reads hold no connection, writes hold one until the caller commits, and the probe can
 * take seconds (on the embedded database, with its pool of one, holding the connection through
 * the probe would block every other session). After the probe the row is re-read `FOR UPDATE`,
 * so a concurrent monitor sweep is serialised rather than reported as a stale version; a change
 * of the connection settings during the probe is a `ConflictError('stale_version')`.
 */
async function probeAndRecord(
  session: ExecSession,
  id: unknown,
  options: McpProbeOptions | undefined,
  control: ProbeControl,
): Promise<{ row: McpServer; check: McpHealthCheck }> {
  const { deadlineMs } = parseInput(mcpProbeOptionsSchema, options ?? {});
  const saved = await loadServer(session, id);
  const config = probeConfigOf(saved);
  // secrets that cannot be decrypted: report it on this server, never probe without them
  const unreadable = secretErrorOf(saved);
  const result: McpProbeResult = unreadable
    ? { ok: false, latencyMs: 0, error: { kind: 'unknown', message: unreadable.message } }
    : await probeMcpServer(config, { ...(deadlineMs === undefined ? {} : { deadlineMs }), ...(control.signal ? { signal: control.signal } : {}) });
  // the caller went away (its signal aborted the probe): a cancelled probe says nothing about the server
  if (control.signal?.aborted) throw new InvalidStateError('MCP server check', 'cancelled', 'record');

  const row = await session.exec(select(McpServer).where({ id: saved.id }).forUpdate()).first();
  if (!row) throw new NotFoundError('MCP server', saved.id);
  if (connectionKey(row) !== connectionKey(saved)) {
    throw new ConflictError('stale_version', 'the MCP server connection settings changed during the check; check again', [
      'version',
    ]);
  }
  const check = persistHealthCheck(session, row, result);
  await flushOrThrow(session, SERVER_CONSTRAINTS);
  return { row, check };
}

/**
 * How a caller stops a probe: `signal` aborts it (e.g. when the HTTP client went away).
 *
 * @example
 * await McpServersService.checkNow(session, id, {}, { signal: AbortSignal.timeout(1_000) });
 */
export interface ProbeControl {
  readonly signal?: AbortSignal;
}

/**
 * Stages what {@link applyHealthCheck} makes of `result` for `row` (read `FOR UPDATE` by the
 * caller): the row's health fields and a history row. Flushing is the caller's.
 */
function persistHealthCheck(
  session: ExecSession,
  row: McpServer,
  result: McpProbeResult,
  options: McpHealthCheckOptions = {},
): McpHealthCheck {
  const outcome = applyHealthCheck(row, result, options.policy, options.checkedAt, options.random);
  Object.assign(row, outcome.server);
  session.add(row);
  return session.add(McpHealthCheck, { mcpServerId: row.id, ...outcome.check });
}

/**
 * MCP servers: CRUD, health and tools. Every method takes the caller's `ExecSession` and never
 * commits. No returned value ever contains a header or env value: DTOs carry them as the mask
 * (`{ Authorization: '••••••' }`), and texts that came from a server are scrubbed of them.
 *
 * @example
 * const server = await withSession(engine, (s) => McpServersService.createMcpServer(s, { name: 'search', transport: 'streamable_http', url }));
 * const { check } = await withSession(engine, (s) => McpServersService.checkNow(s, server.id, { deadlineMs: 5_000 }));
 */
export const McpServersService = {
  /**
   * Registers a server (status `unknown`, due for a check now). `ConflictError('unique')` for a
   * taken name; endpoint rules as in {@link createMcpServerInputSchema}; a `ValidationError` at
   * `command` for a stdio command not on `MCP_STDIO_COMMANDS`, at `url` for an address the
   * outbound policy refuses as written (`OUTBOUND_ALLOW`).
   *
   * @example
   * await McpServersService.createMcpServer(session, { name: 'local', transport: 'stdio', command: 'node', args: ['server.js'], env: { TOKEN: '…' } });
   */
  async createMcpServer(session: ExecSession, input: CreateMcpServerInput): Promise<McpServerDto> {
    const values = parseInput(createMcpServerInputSchema, input);
    const refused = policyIssues(values);
    if (refused.length) throw new ValidationError(refused);
    const stdio = values.transport === 'stdio';
    const url = stdio || values.url === undefined ? undefined : splitUrlSecret(values.url);
    const args = stdio ? splitSecretArgs(values.args ?? [], values.secretArgs) : { shown: [], secret: {} };
    const row = session.add(McpServer, {
      name: values.name,
      description: values.description ?? null,
      transport: values.transport,
      url: url?.shown ?? null,
      urlSecret: url?.secret ?? {},
      command: stdio ? (values.command ?? null) : null,
      args: args.shown,
      argsSecret: args.secret,
      headers: values.headers ?? {},
      env: values.env ?? {},
      ...(values.enabled === undefined ? {} : { enabled: values.enabled }),
      ...(values.checkIntervalSeconds === undefined ? {} : { checkIntervalSeconds: values.checkIntervalSeconds }),
    });
    await flushOrThrow(session, SERVER_CONSTRAINTS);
    return toMcpServerDto(row);
  },

  /**
   * The server with this id (secrets masked); `NotFoundError('MCP server', id)` when none.
   *
   * @example
   * const server = await McpServersService.getMcpServer(session, id);
   */
  async getMcpServer(session: ExecSession, id: string): Promise<McpServerDto> {
    return toMcpServerDto(await loadServer(session, id));
  },

  /**
   * A page of servers filtered by `status`, `enabled`, `transport` and `search` (name or
   * description), sorted by `sort` (default `name`, ties by id).
   *
   * @example
   * const page = await McpServersService.listMcpServers(session, { status: 'unreachable', sort: '-lastCheckedAt' });
   */
  async listMcpServers(session: ExecSession, query: ListMcpServersQuery = {}): Promise<Page<McpServerDto>> {
    const q = parseInput(listMcpServersQuerySchema, query);
    const filter: Where<McpServer> = {};
    if (q.status !== undefined) filter.status = q.status;
    if (q.enabled !== undefined) filter.enabled = q.enabled;
    if (q.transport !== undefined) filter.transport = q.transport;
    let base = select(McpServer).where(filter);
    if (q.search !== undefined) {
      const pattern = likeContains(q.search);
      base = base.where(anyOf<McpServer>({ name: { ilike: pattern } }, { description: { ilike: pattern } }));
    }
    const { rows, pagination } = await fetchPage(session, base, q, q.sort);
    return { data: rows.map((row) => toMcpServerDto(row)), pagination };
  },

  /**
   * Changes a server, given the `version` it is based on. Secrets: omitted `headers` / `env`
   * keep the saved maps (omitted `args` / `secretArgs` the saved arguments and marks; the mask at
   * a secret index of `args` keeps that saved value); a given map replaces them, where a masked value keeps the saved value of
   * that key; `null` clears them. Changing the connection settings resets the health to
   * `unknown` (zero failures) and makes the server due for a check now; so does re-enabling it.
   *
   * @example
   * await McpServersService.updateMcpServer(session, id, { version: 3, headers: { Authorization: '••••••', 'X-Team': 'blue' } });
   */
  async updateMcpServer(session: ExecSession, id: string, input: UpdateMcpServerInput): Promise<McpServerDto> {
    const changes = parseInput(updateMcpServerInputSchema, input);
    const row = await loadServer(session, id);
    assertVersion('MCP server', row.version, changes.version);

    const before = connectionKey(row);
    const transport = changes.transport ?? row.transport;
    const stdio = transport === 'stdio';
    const wasStdio = row.transport === 'stdio';
    // Endpoint fields the new transport does not use are dropped; used ones default to the saved.
    // the saved full URL when the shown one comes back unchanged (or no url is sent)
    const savedUrl = wasStdio ? null : endpointUrlOf(row);
    const url = stdio ? null : changes.url !== undefined && changes.url !== row.url ? changes.url : savedUrl;
    const command = stdio ? (changes.command !== undefined ? changes.command : wasStdio ? row.command : null) : null;
    // secret args: the mask at a secret index keeps the saved value (see mergeSecretArgs)
    const mergedArgs = !stdio
      ? undefined
      : wasStdio
        ? mergeSecretArgs(row, changes.args, changes.secretArgs)
        : changes.args === undefined
          ? undefined
          : mergeSecretArgs({ args: [] }, changes.args, changes.secretArgs);
    const args = stdio ? mergedArgs?.args : [];
    const headers = mergeSecretMap(row.headers, changes.headers, 'headers');
    const env = mergeSecretMap(row.env, changes.env, 'env');
    const issues: ValidationIssue[] = [
      ...endpointIssues(
        {
          transport,
          url: stdio ? changes.url : url,
          command: stdio ? command : changes.command,
          args: stdio ? args : changes.args,
        },
        { url: changes.url !== undefined, command: changes.command !== undefined, args: changes.args !== undefined },
      ),
      ...(mergedArgs?.issues ?? []),
      ...headers.issues,
      ...env.issues,
    ];
    const endpointChanged = changes.transport !== undefined || changes.url !== undefined || changes.command !== undefined;
    if (!issues.length && endpointChanged) issues.push(...policyIssues({ transport, url, command }));
    if (issues.length) throw new ValidationError(issues);

    const wasEnabled = row.enabled;
    if (changes.name !== undefined) row.name = changes.name;
    if (changes.description !== undefined) row.description = changes.description;
    if (changes.enabled !== undefined) row.enabled = changes.enabled;
    if (changes.checkIntervalSeconds !== undefined) row.checkIntervalSeconds = changes.checkIntervalSeconds;
    row.transport = transport;
    const split = url === null ? undefined : splitUrlSecret(url);
    row.url = split?.shown ?? null;
    row.urlSecret = split?.secret ?? {};
    row.command = command;
    const splitArgs = splitSecretArgs(args ?? [], mergedArgs?.secretArgs);
    row.args = splitArgs.shown;
    row.argsSecret = splitArgs.secret;
    row.headers = headers.map;
    row.env = env.map;
    if (connectionKey(row) !== before) {
      row.status = 'unknown';
      row.consecutiveFailures = 0;
      row.lastError = null;
      row.nextCheckAt = new Date();
    } else if (!wasEnabled && row.enabled) {
      row.nextCheckAt = new Date();
    }
    session.add(row);
    await flushOrThrow(session, SERVER_CONSTRAINTS);
    return toMcpServerDto(row);
  },

  /**
   * Deletes a server and its health history. While functions still use it (ON DELETE
   * RESTRICT) it is `ConflictError('in_use')`.
   *
   * @example
   * await McpServersService.deleteMcpServer(session, id);
   */
  async deleteMcpServer(session: ExecSession, id: string): Promise<void> {
    const row = await loadServer(session, id);
    const users = await session.exec(select(StudioFunction).where({ mcpServerId: row.id }).count()).one();
    if (users > 0) {
      throw new ConflictError('in_use', `${users} function(s) still use MCP server ${row.id}; delete them first`);
    }
    session.delete(row);
    await flushOrThrow(session, SERVER_CONSTRAINTS);
  },

  /**
   * Probes the saved server now (over the real MCP protocol, within `deadlineMs`), updates its
   * health through the shared policy, records a history row, and returns both. A failed probe is
   * a normal result (`check.errorKind`), not an exception. `control.signal` aborts the probe (the
   * HTTP client went away): nothing is recorded, and it is an `InvalidStateError` (`cancelled`).
   *
   * @example
   * const { server, check } = await McpServersService.checkNow(session, id, { deadlineMs: 5_000 });
   */
  async checkNow(session: ExecSession, id: string, options: McpProbeOptions = {}, control: ProbeControl = {}): Promise<McpCheckResult> {
    const { row, check } = await probeAndRecord(session, id, options, control);
    const scrub = scrubberForRow(row);
    return { server: toMcpServerDto(row, scrub), check: toMcpHealthCheckDto(check, scrub) };
  },

  /**
   * Records a probe result obtained elsewhere (a worker, another process) for a saved server,
   * exactly as `checkNow` records its own: the row is locked (`FOR UPDATE`), its health fields
   * and a history row come from `applyHealthCheck`, and both are flushed.
   *
   * @example
   * const result = await probeMcpServer(config, { deadlineMs: 5_000 });
   * const { server, check } = await McpServersService.recordHealthCheck(session, id, result, { checkedAt: new Date() });
   */
  async recordHealthCheck(
    session: ExecSession,
    id: string,
    result: McpProbeResult,
    options: McpHealthCheckOptions = {},
  ): Promise<McpCheckResult> {
    const serverId = parseId(id);
    const valid = parseInput(mcpProbeResultSchema, result);
    const row = await session.exec(select(McpServer).where({ id: serverId }).forUpdate()).first();
    if (!row) throw new NotFoundError('MCP server', serverId);
    const check = persistHealthCheck(session, row, valid, options);
    await flushOrThrow(session, SERVER_CONSTRAINTS);
    const scrub = scrubberForRow(row);
    return { server: toMcpServerDto(row, scrub), check: toMcpHealthCheckDto(check, scrub) };
  },

  /**
   * Probes an unsaved configuration and returns the probe result, with its secrets scrubbed.
   * Saves nothing. `control.signal` aborts the probe (e.g. when the HTTP client went away): it
   * then ends as `cancelled`.
   * A stdio command not on `MCP_STDIO_COMMANDS` or a URL the outbound policy
   * refuses as written is a `ValidationError` (nothing is started or connected); a host name that
   * resolves to a refused address is a `blocked` probe result.
   *
   * @example
   * const result = await McpServersService.testConnection(session, { transport: 'sse', url, headers: { Authorization: 'Bearer …' } });
   * if (!result.ok) console.log(result.error.kind);
   */
  async testConnection(
    _session: ExecSession,
    config: McpConnectionInput,
    options: McpProbeOptions = {},
    control: ProbeControl = {},
  ): Promise<McpProbeResult> {
    const valid = parseInput(mcpConnectionInputSchema, config);
    const refused = policyIssues(valid);
    if (refused.length) throw new ValidationError(refused);
    const { deadlineMs } = parseInput(mcpProbeOptionsSchema, options);
    const result = await probeMcpServer(valid, { ...(deadlineMs === undefined ? {} : { deadlineMs }), ...(control.signal ? { signal: control.signal } : {}) });
    if (result.ok) return result; // tools exactly as received
    return { ...result, error: { ...result.error, message: createSecretScrubber(valid)(result.error.message) } };
  },

  /**
   * The tools cached by the last successful check (no probe).
   *
   * @example
   * const { tools } = await McpServersService.listTools(session, id);
   */
  async listTools(session: ExecSession, id: string): Promise<McpToolList> {
    return toMcpToolList(await loadServer(session, id));
  },

  /**
   * Probes the server now and caches its tools (the check is recorded as by `checkNow`). When
   * the probe fails the cached tools stay and `check` says why.
   *
   * @example
   * const { tools, check } = await McpServersService.refreshTools(session, id, { deadlineMs: 5_000 });
   */
  async refreshTools(
    session: ExecSession,
    id: string,
    options: McpProbeOptions = {},
    control: ProbeControl = {},
  ): Promise<McpRefreshedTools> {
    const { row, check } = await probeAndRecord(session, id, options, control);
    const scrub = scrubberForRow(row);
    return { ...toMcpToolList(row), check: toMcpHealthCheckDto(check, scrub) };
  },

  /**
   * Creates a function of kind `mcp_tool` for a cached tool: `parameters` is the tool's input
   * schema, the name defaults to the tool's. `NotFoundError('tool', toolName)` when the tool is
   * not in the cached list (refresh the tools first); `ConflictError('unique')` at
   * `functionName` for a taken name.
   *
   * @example
   * const fn = await McpServersService.importToolAsFunction(session, id, { toolName: 'search', functionName: 'web_search' });
   */
  async importToolAsFunction(session: ExecSession, id: string, input: ImportMcpToolInput): Promise<McpImportedFunction> {
    const values = parseInput(importMcpToolInputSchema, input);
    const server = await loadServer(session, id);
    const tool = cachedToolsOf(server).find((t) => t.name === values.toolName);
    if (!tool) throw new NotFoundError('tool', values.toolName);
    const name = values.functionName ?? tool.name;
    const taken = await session.exec(select(StudioFunction).where({ name })).first();
    if (taken) throw new ConflictError('unique', `a function named "${name}" already exists`, ['functionName']);
    const fn = session.add(StudioFunction, {
      name,
      description: values.description !== undefined ? values.description : (tool.description ?? null),
      kind: 'mcp_tool',
      parameters: tool.inputSchema as JsonObject,
      mcpServerId: server.id,
      mcpToolName: tool.name,
    });
    await flushOrThrow(session, IMPORT_CONSTRAINTS);
    return toMcpImportedFunction(fn);
  },

  /**
   * The server's health history, newest first, paged.
   *
   * @example
   * const { data } = await McpServersService.listHealthChecks(session, id, { limit: 10 });
   */
  async listHealthChecks(
    session: ExecSession,
    id: string,
    page: z.input<typeof pageQuerySchema> = {},
  ): Promise<Page<McpHealthCheckDto>> {
    const { limit, offset } = parseInput(pageQuerySchema, page);
    const server = await loadServer(session, id);
    const scrub = scrubberForRow(server);
    const base = select(McpHealthCheck).where({ mcpServerId: server.id });
    const total = await session.exec(base.count()).one();
    const rows = await session.exec(base.orderBy('checkedAt', 'desc').orderBy('id', 'desc').offset(offset).limit(limit)).all();
    return { data: rows.map((row) => toMcpHealthCheckDto(row, scrub)), pagination: { total, limit, offset } };
  },

  /**
   * How many servers there are per health status (all servers), and how many are enabled.
   *
   * @example
   * const { byStatus } = await McpServersService.fleetHealthSummary(session);
   */
  async fleetHealthSummary(session: ExecSession): Promise<McpFleetHealth> {
    // One after another: the session may hold a transaction, and its statements run in order anyway.
    const counts: number[] = [];
    for (const status of STATUSES) counts.push(await session.exec(select(McpServer).where({ status }).count()).one());
    const enabled = await session.exec(select(McpServer).where({ enabled: true }).count()).one();
    const byStatus = Object.fromEntries(STATUSES.map((status, i) => [status, counts[i] ?? 0])) as McpFleetHealth['byStatus'];
    const total = counts.reduce((sum, n) => sum + n, 0);
    return { total, enabled, disabled: total - enabled, byStatus };
  },
};
