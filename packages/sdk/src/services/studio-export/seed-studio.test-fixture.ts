/**
 * A studio with one of everything an export carries (test fixture): MCP servers with every kind
 * of secret, a model provider, http / mcp_tool / builtin functions, an agent with functions, a
 * workflow with a published version and a changed draft, an agent deployment (deployed, with a
 * function) and a workflow-version deployment (stopped).
 *
 * @module
 */
import type { ExecSession } from '@agent-studio/db/exec';
import { AgentsService } from '../agents/agents-service.js';
import { DeploymentsService } from '../deployments/deployments-service.js';
import { FunctionsService } from '../functions/functions-service.js';
import { McpServersService } from '../mcp-servers/mcp-servers-service.js';
import { ModelProvidersService } from '../model-providers/model-providers-service.js';
import { WorkflowsService } from '../workflows/workflows-service.js';

/** The secret values the fixture stores, by the reference name an export gives each. */
export const SEED_SECRETS = {
  MCP_SEARCH_URL: 'https://svc-user:URL-PASS-91ab@mcp.example.com/mcp?token=URL-TOKEN-22cd',
  MCP_SEARCH_HEADER_AUTHORIZATION: 'Bearer MCP-HEADER-33ef',
  MCP_LOCAL_FILES_ENV_TOKEN: 'MCP-ENV-44aa',
  MCP_LOCAL_FILES_ARG_2: 'MCP-ARG-55bb',
  PROVIDER_OPENAI_API_KEY: 'sk-PROVIDER-66cc',
  PROVIDER_OPENAI_HEADER_X_ORG: 'ORG-HEADER-77dd',
  FUNCTION_ORDERS_HEADER_AUTHORIZATION: 'Bearer FN-HEADER-88ee',
} as const;

/**
 * Creates the fixture in `session` (not committed).
 *
 * @example
 * await withSession(engine, (s) => seedStudio(s));
 */
export async function seedStudio(session: ExecSession): Promise<void> {
  const search = await McpServersService.createMcpServer(session, {
    name: 'search',
    transport: 'streamable_http',
    url: SEED_SECRETS.MCP_SEARCH_URL,
    headers: { Authorization: SEED_SECRETS.MCP_SEARCH_HEADER_AUTHORIZATION },
    checkIntervalSeconds: 120,
  });
  await McpServersService.createMcpServer(session, {
    name: 'local-files',
    description: 'files over stdio',
    transport: 'stdio',
    command: 'node',
    args: ['server.js', '--token', SEED_SECRETS.MCP_LOCAL_FILES_ARG_2],
    secretArgs: [2],
    env: { TOKEN: SEED_SECRETS.MCP_LOCAL_FILES_ENV_TOKEN },
    enabled: false,
  });
  await ModelProvidersService.createModelProvider(session, {
    name: 'openai',
    baseUrl: 'https://api.openai.com/v1',
    apiKey: SEED_SECRETS.PROVIDER_OPENAI_API_KEY,
    headers: { 'X-Org': SEED_SECRETS.PROVIDER_OPENAI_HEADER_X_ORG },
  });
  const orders = await FunctionsService.createFunction(session, {
    kind: 'http',
    name: 'orders',
    description: 'looks up an order',
    parameters: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
    config: { url: 'https://api.example.com/orders', method: 'GET', headers: { Authorization: SEED_SECRETS.FUNCTION_ORDERS_HEADER_AUTHORIZATION } },
  });
  const web = await FunctionsService.createFunction(session, { kind: 'mcp_tool', name: 'web_search', mcpServerId: search.id, mcpToolName: 'search' });
  const echo = await FunctionsService.createFunction(session, { kind: 'builtin', name: 'echo', config: { name: 'echo' } });
  const agent = await AgentsService.createAgent(session, {
    name: 'support',
    model: 'openai/gpt-4o-mini',
    instructions: 'Be brief.',
    temperature: 0.2,
    config: { maxSteps: 4, tags: ['a', 'b'] },
  });
  await AgentsService.attachFunction(session, agent.id, { functionId: web.id });
  await AgentsService.attachFunction(session, agent.id, { functionId: orders.id });
  await AgentsService.createAgent(session, { name: 'archived-helper', model: 'openai/gpt-4o', status: 'archived' });
  const definition = {
    startNodeId: 'triage',
    nodes: [
      { id: 'triage', type: 'agent' as const, ref: agent.id },
      { id: 'lookup', type: 'function' as const, ref: orders.id },
    ],
    edges: [{ from: 'triage', to: 'lookup' }],
  };
  const draft = await WorkflowsService.createWorkflow(session, { name: 'triage', description: 'v1', definition });
  const v1 = await WorkflowsService.publishWorkflow(session, draft.id, { version: draft.version });
  await WorkflowsService.updateWorkflow(session, draft.id, {
    version: draft.version,
    description: 'draft after v1',
    definition: { ...definition, nodes: [...definition.nodes, { id: 'say', type: 'function' as const, ref: echo.id }], edges: [...definition.edges, { from: 'lookup', to: 'say' }] },
  });
  let bot = await DeploymentsService.createDeployment(session, { name: 'support-bot', agentId: agent.id, config: { channel: 'web' } });
  await DeploymentsService.attachDeploymentFunction(session, bot.id, { functionId: echo.id, config: { limit: 3 } });
  bot = await DeploymentsService.deploy(session, bot.id, { version: bot.version });
  let flow = await DeploymentsService.createDeployment(session, { name: 'triage-v1', workflowId: v1.id });
  flow = await DeploymentsService.deploy(session, flow.id, { version: flow.version });
  await DeploymentsService.stop(session, flow.id, { version: flow.version });
}
