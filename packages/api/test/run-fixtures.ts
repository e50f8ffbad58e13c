/**
 * Workflows the run-engine tests invoke: builtin function nodes (no network), published and
 * deployed through the SDK, each deployment with its own key.
 *
 * @example
 * const d = await deployWorkflow(ctx, 'echo-once', (fn) => chain([fn.echo]));
 * await request(ctx.app).post(`/api/v1/deployments/${d.deploymentId}/runs`).set(d.auth).send({ input: {} });
 *
 * @module
 */
import type { PooledConnection } from '@agent-studio/db/engine';
import { withSession } from '@agent-studio/db/exec';
import type { JsonValue } from '@agent-studio/db/models';
import { DeploymentsService, FunctionsService, WorkflowsService, type WorkflowDefinition } from '@agent-studio/sdk';
import type { TestEngine } from '@agent-studio/db/testing';
import type { ApiTestContext } from './api-test-context.js';

/** The builtin functions the fixtures create once per database (ids by builtin name). */
export type BuiltinIds = Readonly<Record<FixtureBuiltin, string>>;

type FixtureBuiltin = 'current_time' | 'echo' | 'sleep';

/** A deployed workflow and its own key. */
export interface DeployedWorkflow {
  readonly deploymentId: string;
  readonly workflowId: string;
  /** The deployment's key (plaintext) and `{ Authorization }` for it. */
  readonly apiKey: string;
  readonly auth: { readonly Authorization: string };
}

const builtins = new WeakMap<TestEngine, Promise<BuiltinIds>>();

/** The builtin functions of `engine`'s database (created on first use). */
export function builtinFunctions(engine: TestEngine): Promise<BuiltinIds> {
  let ids = builtins.get(engine);
  if (!ids) {
    ids = withSession(engine, async (session) => {
      const make = (name: FixtureBuiltin) =>
        FunctionsService.createFunction(session, { kind: 'builtin', name: `fixture_${name}`, config: { name } }).then((f) => f.id);
      return { current_time: await make('current_time'), echo: await make('echo'), sleep: await make('sleep') };
    });
    builtins.set(engine, ids);
  }
  return ids;
}

/** A chain link: a function id, or a function id with the node's input mapping. */
export type ChainLink = string | { readonly ref: string; readonly input: Record<string, JsonValue> };

/**
 * A chain of function nodes `n1 → n2 → …` running the given functions.
 *
 * @example
 * chain([fn.echo, { ref: fn.sleep, input: { ms: 500 } }, fn.current_time]);
 */
export function chain(links: readonly ChainLink[]): WorkflowDefinition {
  const nodes = links.map((link, i) => ({
    id: `n${i + 1}`,
    type: 'function' as const,
    name: `step ${i + 1}`,
    ...(typeof link === 'string' ? { ref: link } : { ref: link.ref, config: { input: link.input } }),
  }));
  return {
    startNodeId: 'n1',
    nodes,
    edges: nodes.slice(1).map((node, i) => ({ from: nodes[i]!.id, to: node.id })),
  };
}

/**
 * Creates, publishes and deploys a workflow named `name` with the definition `build` makes from
 * the builtin function ids, and rotates its key. `deploy: false` leaves the deployment stopped.
 *
 * @example
 * const d = await deployWorkflow(ctx, 'two-steps', (fn) => chain([fn.echo, fn.current_time]));
 */
export async function deployWorkflow(
  ctx: ApiTestContext,
  name: string,
  build: (fn: BuiltinIds) => WorkflowDefinition,
  options: { readonly state?: 'deployed' | 'stopped' } = {},
): Promise<DeployedWorkflow> {
  const fn = await builtinFunctions(ctx.engine);
  return withSession(ctx.engine, async (session) => {
    const draft = await WorkflowsService.createWorkflow(session, { name, definition: build(fn) });
    await WorkflowsService.publishWorkflow(session, draft.id, { version: draft.version });
    const created = await DeploymentsService.createDeployment(session, { name, workflowId: draft.id });
    const deployed = await DeploymentsService.deploy(session, created.id, { version: created.version });
    if (options.state === 'stopped') await DeploymentsService.stop(session, created.id, { version: deployed.version });
    const { apiKey } = await DeploymentsService.rotateApiKey(session, created.id);
    return { deploymentId: created.id, workflowId: draft.id, apiKey, auth: { Authorization: `Bearer ${apiKey}` } };
  });
}

/**
 * One number from SQL on a borrowed connection, e.g. the runs and queue jobs written.
 *
 * @example
 * await countOf(ctx.engine, 'SELECT count(*) FROM pgboss.job');
 */
export async function countOf(engine: TestEngine, sql: string, values: unknown[] = []): Promise<number> {
  const connection: PooledConnection = await engine.acquire();
  try {
    const rows = (await connection.query<{ count: string | number }>(sql, values)).rows;
    return Number(rows[0]!.count);
  } finally {
    engine.release(connection);
  }
}

/**
 * The runs, run events and queue jobs in the database (what a refused invoke must leave
 * unchanged), once every queued or running run has ended (a worker must be running).
 *
 * @example
 * const before = await written(ctx.engine);
 * expect(await written(ctx.engine)).toEqual(before);
 */
export async function written(engine: TestEngine): Promise<{ runs: number; events: number; jobs: number }> {
  // runs a worker is still executing keep adding events: count once they have all ended
  const deadline = Date.now() + 20_000;
  while ((await countOf(engine, "SELECT count(*) FROM runs WHERE status IN ('queued', 'running')")) > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    runs: await countOf(engine, 'SELECT count(*) FROM runs'),
    events: await countOf(engine, 'SELECT count(*) FROM run_events'),
    jobs: await countOf(engine, 'SELECT count(*) FROM pgboss.job'),
  };
}
