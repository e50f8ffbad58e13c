/**
 * `/mcp-servers`: CRUD, connection tests, health checks and tools.
 * @module
 */
import {
  McpServersService,
  createMcpServerInputSchema,
  importMcpToolInputSchema,
  listMcpServersQuerySchema,
  mcpCheckResultSchema,
  mcpConnectionInputSchema,
  mcpFleetHealthSchema,
  mcpHealthCheckPageSchema,
  mcpImportedFunctionSchema,
  mcpProbeOptionsSchema,
  mcpRefreshedToolsSchema,
  mcpServerPageSchema,
  mcpServerSchema,
  mcpTestConnectionResultSchema,
  mcpToolListSchema,
  pageQuerySchema,
  updateMcpServerInputSchema,
} from '@agent-studio/sdk';
import type { ExecSession } from '@agent-studio/db/exec';
import type { Caller } from '@agent-studio/sdk';
import { z } from 'zod';
import { appStateOf } from '../app/app-state.js';
import { assertMayRunCommands } from '../auth/route-auth.js';
import { defineRoute, type RouteSpec } from './route-spec.js';
import { etag, idParams } from './route-helpers.js';

const tag = 'mcp-servers';
const probeQuery = z.object({
  deadlineMs: z.coerce.number().int().min(100).max(120_000).optional().describe('Deadline of the probe in ms (default 15 s)'),
});

/** Probing a saved stdio server runs its command: admin keys only. */
/** The caller of a route that requires a key (the API-key middleware ran). */
function requireCaller(caller: Caller | undefined): Caller {
  if (!caller) throw new Error('an authenticated route has no caller');
  return caller;
}

/** Probing (or changing) a saved stdio server runs its command: admin keys only. */
async function assertMayProbe(session: ExecSession, caller: Caller | undefined, id: string): Promise<void> {
  if ((await McpServersService.getMcpServer(session, id)).transport === 'stdio') assertMayRunCommands(requireCaller(caller));
}

/** The MCP server routes. */
export const mcpServerRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get', path: '/mcp-servers', operationId: 'listMcpServers', tag, summary: 'List MCP servers (secrets masked)',
    query: listMcpServersQuerySchema, response: mcpServerPageSchema,
    handler: async ({ session, query }) => ({ body: await McpServersService.listMcpServers(session, query) }),
  }),
  defineRoute({
    method: 'post', path: '/mcp-servers', operationId: 'createMcpServer', tag, summary: 'Register an MCP server',
    body: createMcpServerInputSchema, response: mcpServerSchema, status: 201,
    handler: async ({ session, body, caller }) => {
      if (body.transport === 'stdio') assertMayRunCommands(requireCaller(caller));
      const server = await McpServersService.createMcpServer(session, body);
      return { status: 201, body: server, headers: { ...etag(server), Location: `/api/v1/mcp-servers/${server.id}` } };
    },
  }),
  defineRoute({
    method: 'get', path: '/mcp-servers/health-summary', operationId: 'getMcpFleetHealth', tag, summary: 'Counts of MCP servers per health status',
    response: mcpFleetHealthSchema,
    handler: async ({ session }) => ({ body: await McpServersService.fleetHealthSummary(session) }),
  }),
  defineRoute({
    method: 'post', path: '/mcp-servers/test-connection', operationId: 'testMcpConnection', tag, summary: 'Probe an unsaved MCP server configuration',
    body: mcpConnectionInputSchema, query: probeQuery, response: mcpTestConnectionResultSchema,
    handler: async ({ req, session, signal, body, query, caller }) => {
      if (body.transport === 'stdio') assertMayRunCommands(requireCaller(caller));
      // the probe stops when its client goes away; past the per-process cap it is a 503
      return { body: await appStateOf(req.app).probes.run(() => McpServersService.testConnection(session, body, query, { signal })) };
    },
  }),
  defineRoute({
    method: 'get', path: '/mcp-servers/:id', operationId: 'getMcpServer', tag, summary: 'Get an MCP server (secrets masked)',
    params: idParams, response: mcpServerSchema,
    handler: async ({ session, params }) => {
      const server = await McpServersService.getMcpServer(session, params.id);
      return { body: server, headers: etag(server) };
    },
  }),
  defineRoute({
    method: 'patch', path: '/mcp-servers/:id', operationId: 'updateMcpServer', tag, summary: 'Update an MCP server (optimistic: version or If-Match)',
    params: idParams, body: updateMcpServerInputSchema, response: mcpServerSchema, ifMatch: true,
    handler: async ({ session, params, body, caller }) => {
      if (body.transport === 'stdio' || body.command !== undefined || body.args !== undefined || body.secretArgs !== undefined) assertMayRunCommands(requireCaller(caller));
      else await assertMayProbe(session, caller, params.id);
      const server = await McpServersService.updateMcpServer(session, params.id, body);
      return { body: server, headers: etag(server) };
    },
  }),
  defineRoute({
    method: 'delete', path: '/mcp-servers/:id', operationId: 'deleteMcpServer', tag, summary: 'Delete an MCP server (refused while functions use it)',
    params: idParams,
    handler: async ({ session, params }) => {
      await McpServersService.deleteMcpServer(session, params.id);
      return {};
    },
  }),
  defineRoute({
    method: 'post', path: '/mcp-servers/:id/check', operationId: 'checkMcpServer', tag, summary: 'Run a health check now',
    params: idParams, body: mcpProbeOptionsSchema, response: mcpCheckResultSchema,
    handler: async ({ req, session, signal, params, body, caller }) => {
      await assertMayProbe(session, caller, params.id);
      // the probe stops when its client goes away, and nothing is recorded
      return { body: await appStateOf(req.app).probes.run(() => McpServersService.checkNow(session, params.id, body, { signal })) };
    },
  }),
  defineRoute({
    method: 'get', path: '/mcp-servers/:id/health-checks', operationId: 'listMcpHealthChecks', tag, summary: 'Health check history, newest first',
    params: idParams, query: pageQuerySchema, response: mcpHealthCheckPageSchema,
    handler: async ({ session, params, query }) => ({ body: await McpServersService.listHealthChecks(session, params.id, query) }),
  }),
  defineRoute({
    method: 'get', path: '/mcp-servers/:id/tools', operationId: 'listMcpTools', tag, summary: 'The tools the server offered at its last check',
    params: idParams, response: mcpToolListSchema,
    handler: async ({ session, params }) => ({ body: await McpServersService.listTools(session, params.id) }),
  }),
  defineRoute({
    method: 'post', path: '/mcp-servers/:id/tools/refresh', operationId: 'refreshMcpTools', tag, summary: 'Probe the server and refresh its tools',
    params: idParams, body: mcpProbeOptionsSchema, response: mcpRefreshedToolsSchema,
    handler: async ({ req, session, signal, params, body, caller }) => {
      await assertMayProbe(session, caller, params.id);
      return { body: await appStateOf(req.app).probes.run(() => McpServersService.refreshTools(session, params.id, body, { signal })) };
    },
  }),
  defineRoute({
    method: 'post', path: '/mcp-servers/:id/tools/import', operationId: 'importMcpTool', tag, summary: 'Import one of its tools as a function',
    params: idParams, body: importMcpToolInputSchema, response: mcpImportedFunctionSchema, status: 201,
    handler: async ({ session, params, body }) => ({ status: 201, body: await McpServersService.importToolAsFunction(session, params.id, body) }),
  }),
];
