/**
 * Examples shown in the OpenAPI document, by component name: one for each main resource and the
 * bodies that create, change and invoke them. `examples.test.ts` parses every one with the zod
 * schema of its component, so an example cannot drift from what the API accepts or answers.
 *
 * @module
 */

const agentId = '388da8cf-6c0e-42a0-b1c8-f76bead3ac39';
const workflowId = '55d2a058-b437-432c-a91f-20e5869305ed';
const deploymentId = 'b6fbfe44-a2ca-49e9-8615-6b68477e4929';
const at = '2026-12-01T13:46:29.671Z';
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
};
