/**
 * Examples shown in the OpenAPI document, by component name: one for every request body and
 * every resource an operation answers (`openapi-document.test.ts` checks that none is missing). `examples.test.ts` parses every one with the zod
 * schema of its component, so an example cannot drift from what the API accepts or answers.
 *
 * @module
 */

const agentId = '388da8cf-6c0e-42a0-b1c8-f76bead3ac39';
const workflowId = '55d2a058-b437-432c-a91f-20e5869305ed';
const deploymentId = 'b6fbfe44-a2ca-49e9-8615-6b68477e4929';
const at = '2026-12-01T13:46:29.671Z';
const functionId = '0b7f3a52-5d1e-4c8e-9a51-3f0e2d9c7b14';
const mcpServerId = 'c2a4e6f8-1b3d-4f5a-8c7e-9d0b2a4c6e81';
const providerId = '7e9c1a3b-5d7f-4e2a-9b4c-6d8f0a2c4e63';
const runId = 'f3d5b7a9-2c4e-4a6b-8d0f-1e3a5c7b9d02';
const keyId = '9a1c3e5b-7d9f-4b2d-8f4a-6c8e0b2d4f75';
const fn = {
  id: functionId,
  name: 'lookup_order',
  description: 'Finds an order by its number.',
  kind: 'http',
  parameters: { type: 'object', properties: { orderId: { type: 'string' } }, required: ['orderId'] },
  config: { method: 'GET', url: 'https://shop.example.com/orders/{{ args.orderId }}', headers: { Authorization: '••••••' } },
  mcpServerId: null,
  mcpToolName: null,
  version: 1,
  createdAt: at,
  updatedAt: at,
};
const apiKey = { id: keyId, name: 'ci', prefix: 'as_3f9a', scope: 'read', createdAt: at, lastUsedAt: null, revokedAt: null };
const definition = {
  startNodeId: 'triage',
  nodes: [
    { id: 'triage', type: 'agent', ref: agentId },
    { id: 'urgent', type: 'condition', config: { expression: 'output.priority == "high"' } },
  ],
  edges: [{ from: 'triage', to: 'urgent' }],
};

/**
 * Component name → one example value.
 *
 * @example
 * EXAMPLES.CreateAgentInput; // { name: 'support', model: 'local/qwen2.5', … }
 */
export const EXAMPLES: Readonly<Record<string, unknown>> = {
  Agent: {
    id: agentId,
    name: 'support',
    description: null,
    model: 'local/qwen2.5',
    instructions: 'Answer tickets politely.',
    temperature: 0.2,
    config: { maxTokens: 1024 },
    status: 'active',
    version: 1,
    createdAt: at,
    updatedAt: at,
  },
  CreateAgentInput: { name: 'support', model: 'local/qwen2.5', instructions: 'Answer tickets politely.', temperature: 0.2, config: { maxTokens: 1024 } },
  UpdateAgentInput: { version: 1, temperature: 0.4 },
  DuplicateAgentInput: { name: 'support (copy)' },
  Workflow: {
    id: workflowId,
    name: 'triage',
    description: null,
    definition,
    publishedFromId: null,
    versionNumber: null,
    publishedAt: null,
    version: 1,
    createdAt: at,
    updatedAt: at,
  },
  CreateWorkflowInput: { name: 'triage', definition },
  UpdateWorkflowInput: { version: 1, description: 'Routes urgent tickets' },
  Deployment: {
    id: deploymentId,
    name: 'support-bot',
    description: null,
    targetType: 'agent',
    agentId,
    workflowId: null,
    status: 'draft',
    config: {},
    hasApiKey: false,
    apiKeyPrefix: null,
    apiKeyRotatedAt: null,
    deployedAt: null,
    stoppedAt: null,
    version: 1,
    createdAt: at,
    updatedAt: at,
  },
  CreateDeploymentInput: { name: 'support-bot', agentId },
  UpdateDeploymentInput: { version: 1, description: 'The public support bot' },
  InvokeRunInput: { input: { question: 'Where is my order?' }, idempotencyKey: 'order-4711' },
  CreateFunctionInput: { kind: 'builtin', name: 'current_time', config: { name: 'current_time' } },
  Function: fn,
  UpdateFunctionInput: { version: 1, description: 'Finds an order by its number (v2).' },
  AttachFunctionInput: { functionId, position: 0 },
  AgentFunction: { id: '4c6e8a0b-2d4f-4a6c-8e0b-2d4f6a8c0e19', agentId, functionId, position: 0, createdAt: at, function: fn },
  McpServer: {
    id: mcpServerId,
    name: 'github',
    description: null,
    transport: 'streamable_http',
    url: 'https://mcp.example.com/mcp',
    command: null,
    args: [],
    secretArgs: [],
    headers: { Authorization: '••••••' },
    env: {},
    enabled: true,
    status: 'healthy',
    lastCheckedAt: at,
    lastSuccessAt: at,
    lastLatencyMs: 84,
    lastError: null,
    secretError: null,
    toolCount: 12,
    serverInfo: { name: 'github-mcp', version: '1.4.0' },
    protocolVersion: '2025-06-18',
    consecutiveFailures: 0,
    checkIntervalSeconds: 300,
    nextCheckAt: at,
    version: 3,
    createdAt: at,
    updatedAt: at,
  },
  CreateMcpServerInput: { name: 'github', transport: 'streamable_http', url: 'https://mcp.example.com/mcp', headers: { Authorization: 'Bearer ghp_example' } },
  UpdateMcpServerInput: { version: 3, checkIntervalSeconds: 600 },
  McpConnectionInput: { transport: 'streamable_http', url: 'https://mcp.example.com/mcp' },
  McpProbeOptions: { deadlineMs: 5000 },
  ImportMcpToolInput: { toolName: 'search_issues', functionName: 'github_search_issues' },
  McpImportedFunction: {
    id: '8a0c2e4a-6b8d-4e0a-8c2e-4a6c8e0a2c59',
    name: 'github_search_issues',
    description: 'Search issues in a repository.',
    kind: 'mcp_tool',
    parameters: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] },
    mcpServerId,
    mcpToolName: 'search_issues',
    version: 1,
    createdAt: at,
    updatedAt: at,
  },
  ModelProvider: {
    id: providerId,
    name: 'local',
    description: 'Ollama on the GPU box',
    kind: 'openai_compatible',
    baseUrl: 'http://ollama.internal:11434/v1',
    apiKey: null,
    hasApiKey: false,
    headers: {},
    requestTimeoutMs: 60000,
    version: 1,
    createdAt: at,
    updatedAt: at,
  },
  CreateModelProviderInput: { name: 'local', baseUrl: 'http://ollama.internal:11434/v1', requestTimeoutMs: 60000 },
  UpdateModelProviderInput: { version: 1, apiKey: 'sk-example' },
  PublishWorkflowInput: { version: 2 },
  DeploymentTransitionInput: { version: 1 },
  AttachDeploymentFunctionInput: { functionId, config: { rateLimitPerMinute: 60 } },
  DeploymentFunction: {
    id: '6e8a0c2e-4f6a-4c8e-8a2c-4e6a8c0e2a37',
    deploymentId,
    functionId,
    functionName: 'lookup_order',
    functionKind: 'http',
    config: { rateLimitPerMinute: 60 },
    createdAt: at,
  },
  Run: {
    id: runId,
    deploymentId,
    agentId,
    workflowId: null,
    status: 'succeeded',
    input: { messages: [{ role: 'user', content: 'Where is my order 4711?' }] },
    output: { answer: 'Order 4711 ships tomorrow.' },
    error: null,
    reason: 'completed',
    attempt: 1,
    deadlineAt: at,
    cancelRequestedAt: null,
    startedAt: at,
    finishedAt: at,
    createdAt: at,
    updatedAt: at,
  },
  RecordRunInput: { agentId, status: 'running', input: { question: 'Where is my order?' } },
  UpdateRunStatusInput: { status: 'succeeded', output: { answer: 42 } },
  Thread: {
    deploymentId,
    threadId: 'chat-42',
    turns: 1,
    activeRunId: null,
    messages: [{ role: 'user', content: 'Hello' }, { role: 'assistant', content: 'Hi! How can I help?' }],
    createdAt: at,
    updatedAt: at,
  },
  ApiKey: apiKey,
  CreateApiKeyInput: { name: 'ci', scope: 'read' },
  CreatedApiKey: { apiKey, key: 'as_3f9a2c7e1b5d4f6a8c0e2b4d6f8a0c2e' },
};
