/**
 * The agent + workflow + deployment scenario, written against a client generated from the
 * served `/openapi.json` (`openapi-typescript` types, `openapi-fetch` calls) — no hand-written
 * types. Type-checked with `tsc --strict` (no `skipLibCheck`) by `openapi-client.test.ts`, then run
 * against a live API on loopback.
 *
 * @module
 */
import createClient from 'openapi-fetch';
import type { components, paths } from './generated/api.js';

type Agent = components['schemas']['Agent'];
type Deployment = components['schemas']['Deployment'];

/** What the scenario saw, for the test to assert on. */
export interface ScenarioResult {
  readonly agent: Agent;
  readonly patchedWithIfMatch: Agent;
  readonly staleIfMatchStatus: number;
  readonly workflowVersion: number | null | undefined;
  readonly agentDeployment: Deployment;
  readonly workflowDeployment: Deployment;
  readonly problemTitle: string;
}

function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what}: no data`);
  return value;
}

/**
 * Runs the scenario against `baseUrl` with an admin `apiKey`.
 *
 * @example
 * const result = await runScenario('http://127.0.0.1:3000', key);
 */
export async function runScenario(baseUrl: string, apiKey: string): Promise<ScenarioResult> {
  const client = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${apiKey}` } });

  const created = await client.POST('/api/v1/agents', {
    body: { name: 'generated-client', model: 'local/qwen2.5', instructions: 'Answer tickets.', config: { maxTokens: 1024, stop: ['\n'], nested: { a: [1, null, true] } } },
  });
  const agent = must(created.data, 'createAgent');
  const etag = must(created.response.headers.get('ETag') ?? undefined, 'createAgent ETag');

  // If-Match instead of version in the body
  const patched = await client.PATCH('/api/v1/agents/{id}', {
    params: { path: { id: agent.id }, header: { 'If-Match': etag } },
    body: { temperature: 0.2 },
  });
  const patchedWithIfMatch = must(patched.data, 'updateAgent');
  const stale = await client.PATCH('/api/v1/agents/{id}', {
    params: { path: { id: agent.id }, header: { 'If-Match': etag } },
    body: { temperature: 0.3 },
  });

  const workflow = await client.POST('/api/v1/workflows', {
    body: {
      name: 'generated-client-flow',
      definition: {
        startNodeId: 'triage',
        nodes: [
          { id: 'triage', type: 'agent', ref: agent.id },
          { id: 'urgent', type: 'condition', config: { expression: 'output.priority == "high"' } },
        ],
        edges: [{ from: 'triage', to: 'urgent' }],
      },
    },
  });
  const draft = must(workflow.data, 'createWorkflow');
  const published = await client.POST('/api/v1/workflows/{id}/publish', { params: { path: { id: draft.id } }, body: { version: draft.version } });

  const agentDeployment = must(
    (await client.POST('/api/v1/deployments', { body: { name: 'generated-agent-dep', agentId: agent.id } })).data,
    'createDeployment (agent)',
  );
  const deployed = await client.POST('/api/v1/deployments/{id}/deploy', {
    params: { path: { id: agentDeployment.id }, header: { 'If-Match': `"${agentDeployment.id}:${agentDeployment.version}"` } },
    body: {},
  });
  const workflowDeployment = must(
    (await client.POST('/api/v1/deployments', { body: { name: 'generated-workflow-dep', workflowId: must(published.data, 'publishWorkflow').id } })).data,
    'createDeployment (workflow)',
  );
  const missing = await client.GET('/api/v1/deployments/{id}', { params: { path: { id: '00000000-0000-4000-8000-000000000000' } } });

  return {
    agent,
    patchedWithIfMatch,
    staleIfMatchStatus: stale.response.status,
    workflowVersion: published.data?.versionNumber,
    agentDeployment: must(deployed.data, 'deployDeployment'),
    workflowDeployment,
    problemTitle: must(missing.error, 'getDeployment 404').title,
  };
}
