/**
 * The idempotent registration of the test hybrid workflow, on one exec session.
 *
 * @module
 */
import type { Engine } from '@agent-studio/db/engine';
import { select, withSession, type ExecSession } from '@agent-studio/db/exec';
import { Agent, McpServer, StudioFunction } from '@agent-studio/db/models';
import {
  AgentsService,
  FunctionsService,
  McpServersService,
  WorkflowsService,
  type CreateAgentInput,
  type CreateFunctionInput,
  type WorkflowDto,
  type WorkflowValidationResult,
} from '@agent-studio/sdk';
import { CliError } from '../lib/cli-error.js';
import { canonicalJson } from '../lib/canonical-json.js';
import {
  DEFAULT_TEST_MCP_URL,
  TEST_AGENTS,
  TEST_CLOCK_FUNCTION,
  TEST_MCP_SERVER_NAME,
  TEST_WORKFLOW_NAME,
  mcpToolFunction,
  testHybridDefinition,
} from './test-hybrid-spec.js';

/** What happened to one row. */
export type RowAction = 'created' | 'reused' | 'updated' | 'published' | 'unchanged';

/** One row the registration made or found. */
export interface RegisteredRow {
  readonly kind: 'mcp_server' | 'agent' | 'function' | 'workflow' | 'workflow_version';
  readonly name: string;
  readonly id: string;
  readonly action: RowAction;
  /** For `workflow_version`: its number. */
  readonly versionNumber?: number;
}

/** What {@link registerHybridWorkflow} did. */
export interface HybridWorkflowReport {
  readonly rows: readonly RegisteredRow[];
  /** The draft's validation (errors would have stopped the run; warnings are kept). */
  readonly validation: WorkflowValidationResult;
  /** The published version now current. */
  readonly published: WorkflowDto;
  /** True when this run wrote nothing (everything existed, the definition was unchanged). */
  readonly unchanged: boolean;
}

/** Options of {@link registerHybridWorkflow}. */
export interface RegisterHybridWorkflowOptions {
  /**
   * URL of the MCP server to register (only used when it does not exist yet). Given: the server
   * is registered enabled. Omitted: {@link DEFAULT_TEST_MCP_URL}, registered disabled so the
   * monitor does not probe a placeholder.
   */
  readonly mcpUrl?: string;
}

async function agentByName(session: ExecSession, input: CreateAgentInput, rows: RegisteredRow[]): Promise<string> {
  const existing = await session.exec(select(Agent).where({ name: input.name })).first();
  const id = existing ? existing.id : (await AgentsService.createAgent(session, input)).id;
  rows.push({ kind: 'agent', name: input.name, id, action: existing ? 'reused' : 'created' });
  return id;
}

async function functionByName(session: ExecSession, input: CreateFunctionInput, rows: RegisteredRow[]): Promise<string> {
  const existing = await session.exec(select(StudioFunction).where({ name: input.name })).first();
  const id = existing ? existing.id : (await FunctionsService.createFunction(session, input)).id;
  rows.push({ kind: 'function', name: input.name, id, action: existing ? 'reused' : 'created' });
  return id;
}

async function mcpServerByName(session: ExecSession, options: RegisterHybridWorkflowOptions, rows: RegisteredRow[]): Promise<string> {
  const existing = await session.exec(select(McpServer).where({ name: TEST_MCP_SERVER_NAME })).first();
  const id = existing
    ? existing.id
    : (
        await McpServersService.createMcpServer(session, {
          name: TEST_MCP_SERVER_NAME,
          description: 'Test hybrid workflow: the MCP server of its mcp_tool function.',
          transport: 'streamable_http',
          url: options.mcpUrl ?? DEFAULT_TEST_MCP_URL,
          enabled: options.mcpUrl !== undefined,
        })
      ).id;
  rows.push({ kind: 'mcp_server', name: TEST_MCP_SERVER_NAME, id, action: existing ? 'reused' : 'created' });
  return id;
}

/**
 * Registers the test hybrid workflow in **one** exec session (`withSession`: all or nothing):
 *
 * 1. finds by name, or creates through the SDK services, the MCP server `test-hybrid-mcp`, the
 *    agents `test-hybrid-triage` and `test-hybrid-responder`, and the functions
 *    `test_hybrid_current_time` (builtin) and `test_hybrid_search_docs` (`mcp_tool` on that
 *    server) — rows that exist are reused exactly as they are, never modified;
 * 2. finds the draft `test-hybrid-workflow` by name, or creates it; when its definition differs
 *    from the one built from those ids (compared key-order-independently) it is updated;
 * 3. validates the draft (`WorkflowsService.validateWorkflow`); errors stop the run;
 * 4. publishes a new version **only** when there is none yet or the latest one's definition,
 *    name or description differs from the draft's.
 *
 * A second run with nothing changed writes nothing at all.
 *
 * @throws CliError when the draft does not validate (e.g. a reused row is not what the
 *   definition needs); the session rolls back, nothing is written.
 * @throws ConflictError / ValidationError from the SDK (e.g. a concurrent run created a row of
 *   the same name first: run it again).
 * @example
 * const report = await registerHybridWorkflow(engine, {});
 * report.published.versionNumber; // 1, and still 1 after a second run
 */
export async function registerHybridWorkflow(
  engine: Engine,
  options: RegisterHybridWorkflowOptions = {},
): Promise<HybridWorkflowReport> {
  return withSession(engine, async (session) => {
    const rows: RegisteredRow[] = [];
    const mcpServerId = await mcpServerByName(session, options, rows);
    const triageAgentId = await agentByName(session, TEST_AGENTS.triage, rows);
    const responderAgentId = await agentByName(session, TEST_AGENTS.responder, rows);
    const clockFunctionId = await functionByName(session, TEST_CLOCK_FUNCTION, rows);
    const searchFunctionId = await functionByName(session, mcpToolFunction(mcpServerId), rows);
    const definition = testHybridDefinition({ triageAgentId, responderAgentId, clockFunctionId, searchFunctionId });

    let draft = (await WorkflowsService.listWorkflows(session, { name: TEST_WORKFLOW_NAME, limit: 1 })).data[0];
    if (!draft) {
      draft = await WorkflowsService.createWorkflow(session, {
        name: TEST_WORKFLOW_NAME,
        description: 'Test hybrid workflow: agent and function nodes with a condition (register-test-hybrid-workflow).',
        definition,
      });
      rows.push({ kind: 'workflow', name: draft.name, id: draft.id, action: 'created' });
    } else if (canonicalJson(draft.definition) !== canonicalJson(definition)) {
      draft = await WorkflowsService.updateWorkflow(session, draft.id, { version: draft.version, definition });
      rows.push({ kind: 'workflow', name: draft.name, id: draft.id, action: 'updated' });
    } else {
      rows.push({ kind: 'workflow', name: draft.name, id: draft.id, action: 'reused' });
    }

    const validation = await WorkflowsService.validateWorkflow(session, draft.definition);
    if (!validation.valid) {
      throw new CliError(
        `workflow "${draft.name}" does not validate: ${validation.errors.map((e) => `${e.code}: ${e.message}`).join('; ')}`,
      );
    }

    const latest = (await WorkflowsService.listWorkflowVersions(session, draft.id, { limit: 1 })).data[0];
    const sameAsDraft =
      latest !== undefined &&
      canonicalJson(latest.definition) === canonicalJson(draft.definition) &&
      latest.name === draft.name &&
      latest.description === draft.description;
    const published = sameAsDraft ? latest : await WorkflowsService.publishWorkflow(session, draft.id, { version: draft.version });
    rows.push({
      kind: 'workflow_version',
      name: published.name,
      id: published.id,
      action: sameAsDraft ? 'unchanged' : 'published',
      versionNumber: published.versionNumber ?? 0,
    });

    return {
      rows,
      validation,
      published,
      unchanged: rows.every((r) => r.action === 'reused' || r.action === 'unchanged'),
    };
  });
}
