/**
 * What `register-test-hybrid-workflow` registers: the names and settings of its rows and the
 * workflow definition built from their ids.
 *
 * @module
 */
import type { CreateAgentInput, CreateFunctionInput, WorkflowDefinition } from '@agent-studio/sdk';

/** Name of the MCP server the `mcp_tool` function runs on. */
export const TEST_MCP_SERVER_NAME = 'test-hybrid-mcp';
/** Where the MCP server points unless `--mcp-url` is given (a placeholder: registered disabled). */
export const DEFAULT_TEST_MCP_URL = 'http://127.0.0.1:3001/mcp';
/** The tool on that server the `mcp_tool` function calls. */
export const TEST_MCP_TOOL_NAME = 'search_docs';
/** Name of the workflow draft. */
export const TEST_WORKFLOW_NAME = 'test-hybrid-workflow';

/** The agents, by role in the workflow. */
export const TEST_AGENTS = {
  triage: {
    name: 'test-hybrid-triage',
    model: 'gpt-4o-mini',
    description: 'Test hybrid workflow: classifies a request and sets output.priority.',
    instructions: 'Classify the request. Answer with JSON {"priority": "high" | "normal", "topic": string}.',
    temperature: 0,
  },
  responder: {
    name: 'test-hybrid-responder',
    model: 'gpt-4o-mini',
    description: 'Test hybrid workflow: writes the answer from what the previous nodes found.',
    instructions: 'Answer the request using the context you are given. Be brief.',
  },
} as const satisfies Record<string, CreateAgentInput>;

/** The builtin function (`mcp_tool` one is built with the server id: {@link mcpToolFunction}). */
export const TEST_CLOCK_FUNCTION = {
  kind: 'builtin',
  name: 'test_hybrid_current_time',
  description: 'Test hybrid workflow: the current time (builtin current_time).',
  config: { name: 'current_time' },
} as const satisfies CreateFunctionInput;

/** Name of the `mcp_tool` function. */
export const TEST_SEARCH_FUNCTION_NAME = 'test_hybrid_search_docs';

/**
 * The `mcp_tool` function calling {@link TEST_MCP_TOOL_NAME} on the server `mcpServerId`.
 *
 * @example
 * await FunctionsService.createFunction(session, mcpToolFunction(server.id));
 */
export function mcpToolFunction(mcpServerId: string): CreateFunctionInput {
  return {
    kind: 'mcp_tool',
    name: TEST_SEARCH_FUNCTION_NAME,
    description: 'Test hybrid workflow: searches the docs through the test MCP server.',
    mcpServerId,
    mcpToolName: TEST_MCP_TOOL_NAME,
    parameters: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] },
  };
}

/** Ids of the rows the definition refers to. */
export interface TestHybridRefs {
  readonly triageAgentId: string;
  readonly responderAgentId: string;
  readonly clockFunctionId: string;
  readonly searchFunctionId: string;
}

/**
 * The hybrid definition: agent → function → condition → (true: MCP-tool function →) agent.
 *
 * ```
 * triage (agent) → clock (function) → urgent? (condition) ─true→ search (function) → respond (agent)
 *                                                        └false────────────────────→ respond
 * ```
 *
 * @example
 * const definition = testHybridDefinition({ triageAgentId, responderAgentId, clockFunctionId, searchFunctionId });
 */
export function testHybridDefinition(refs: TestHybridRefs): WorkflowDefinition {
  return {
    startNodeId: 'triage',
    nodes: [
      { id: 'triage', type: 'agent', name: 'Triage', ref: refs.triageAgentId },
      { id: 'clock', type: 'function', name: 'Current time', ref: refs.clockFunctionId },
      { id: 'urgent', type: 'condition', name: 'Urgent?', config: { expression: 'nodes.triage.output.priority == "high"' } },
      { id: 'search', type: 'function', name: 'Search docs (MCP)', ref: refs.searchFunctionId },
      { id: 'respond', type: 'agent', name: 'Respond', ref: refs.responderAgentId },
    ],
    edges: [
      { from: 'triage', to: 'clock' },
      { from: 'clock', to: 'urgent' },
      { from: 'urgent', to: 'search', condition: 'true' },
      { from: 'urgent', to: 'respond', condition: 'false' },
      { from: 'search', to: 'respond' },
    ],
  };
}
