/**
 * The document's tags (one per resource), with what each groups.
 *
 * @module
 */

/**
 * Every tag a route may use, in the order the docs page shows them.
 *
 * @example
 * TAGS.find((t) => t.name === 'agents')?.description;
 */
export const TAGS: readonly { readonly name: string; readonly description: string }[] = [
  { name: 'agents', description: 'Agents: a model, instructions and the functions they may call.' },
  { name: 'functions', description: 'Functions (tools) agents and workflows call: http, code, MCP tools.' },
  { name: 'mcp-servers', description: 'MCP servers (streamable HTTP, SSE, stdio): connection tests, health checks, tools.' },
  { name: 'model-providers', description: 'OpenAI-compatible APIs agents\' models are called through; keys encrypted at rest.' },
  { name: 'workflows', description: 'Hybrid workflows: drafts, validation, published versions.' },
  { name: 'deployments', description: 'Deployments of one agent or one workflow: lifecycle, keys, exposed functions.' },
  { name: 'runs', description: 'Runs of deployments: invoke, wait, stream events, cancel.' },
  { name: 'api-keys', description: 'API keys (admin or read scope), shown once at creation.' },
  { name: 'usage', description: 'Tokens of model calls, per agent, deployment and day.' },
  { name: 'export', description: 'The whole studio as one document (references by name, secrets as references), and its idempotent import.' },
  { name: 'audit-events', description: 'One event per successful change, for admins.' },
  { name: 'system', description: 'Open routes: liveness, readiness, version.' },
];
