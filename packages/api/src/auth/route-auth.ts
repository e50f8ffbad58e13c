/**
 * Authorization: what each kind of key may do.
 *
 * - `read` routes (every GET by default) accept any API key;
 * - `admin` routes (every other method by default) accept admin API keys;
 * - `invoke` routes accept admin API keys and the key of the deployment named by the route's
 *   `:id`;
 * - `run` routes (a run named by the route's `:id`: get it, its steps, its events, cancel it)
 *   accept API keys as `read`/`admin` would by method, and the key of the run's deployment — so
 *   the `Location` an invoke answers with is readable by the key that invoked.
 *
 * Those are all a deployment key may do.
 *
 * A refusal is a 403 problem.
 * @module
 */
import { NotFoundError, scopeCovers, type ApiKeyScope, type Caller } from '@agent-studio/sdk';
import { HttpProblem } from '../http/http-problem.js';

/** Who a route accepts; see the module comment. */
export type RouteAuth = 'admin' | 'read' | 'invoke' | 'run';

function forbidden(detail: string): HttpProblem {
  return new HttpProblem(403, detail);
}

/**
 * The access a route needs when it does not declare one: `read` for GET/HEAD, `admin` otherwise.
 *
 * @example
 * defaultRouteAuth('get'); // 'read'
 */
export function defaultRouteAuth(method: string): RouteAuth {
  return method === 'get' || method === 'head' ? 'read' : 'admin';
}

/**
 * Throws a 403 unless `caller` is an API key whose scope covers `scope`; narrows the caller.
 *
 * @example
 * requireScope(caller, 'admin'); // caller is now an API-key caller
 */
export function requireScope(caller: Caller, scope: ApiKeyScope): asserts caller is Extract<Caller, { kind: 'api_key' }> {
  if (caller.kind !== 'api_key') {
    throw forbidden('A deployment key may only invoke its own deployment (POST /api/v1/deployments/{id}/runs).');
  }
  if (!scopeCovers(caller.scope, scope)) {
    throw forbidden(`This operation needs an API key with scope "${scope}"; this key has scope "${caller.scope}".`);
  }
}

/**
 * Throws a 403 unless `caller` may call a route declared with `auth`; `deploymentId` is the
 * route's `:id` for `invoke` routes.
 *
 * @example
 * authorizeRoute(caller, 'invoke', req.params.id);
 */
export function authorizeRoute(caller: Caller, auth: RouteAuth, deploymentId?: string, method = 'get'): void {
  if (auth === 'invoke' && caller.kind === 'deployment') {
    if (deploymentId !== undefined && caller.deploymentId === deploymentId) return;
    throw forbidden('A deployment key may only invoke its own deployment.');
  }
  if (auth === 'run' && caller.kind === 'deployment') return; // the run's deployment is checked by authorizeRunAccess
  requireScope(caller, auth === 'read' || (auth === 'run' && defaultRouteAuth(method) === 'read') ? 'read' : 'admin');
}

/**
 * For a `run` route called with a deployment key: a 404 unless the run named by `runId` belongs
 * to the key's deployment (another deployment's run is as good as absent). API keys pass.
 *
 * @example
 * await authorizeRunAccess(caller, req.params.id, (id) => RunsService.getRun(session, id).then((r) => r.deploymentId));
 */
export async function authorizeRunAccess(caller: Caller, runId: string, deploymentOf: (runId: string) => Promise<string | null>): Promise<void> {
  if (caller.kind !== 'deployment') return;
  // the same NotFoundError (so the same 404) as for a run that does not exist
  if ((await deploymentOf(runId)) !== caller.deploymentId) throw new NotFoundError('run', runId);
}

/**
 * Throws a 403 unless `caller` may create a key with `scope`: never more rights than its own.
 *
 * @example
 * assertMayGrant(caller, body.scope);
 */
export function assertMayGrant(caller: Caller, scope: ApiKeyScope): void {
  requireScope(caller, scope);
}

/**
 * Throws a 403 unless `caller` may make the API host run commands (stdio MCP servers): admin
 * API keys only.
 *
 * @example
 * if (input.transport === 'stdio') assertMayRunCommands(caller);
 */
export function assertMayRunCommands(caller: Caller): void {
  if (caller.kind === 'api_key' && caller.scope === 'admin') return;
  throw forbidden('Only an admin API key may create or test stdio MCP servers (they run commands on the API host).');
}
