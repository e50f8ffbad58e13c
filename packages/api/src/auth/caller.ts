/**
 * The caller of an authenticated request, as `res.locals.caller`: an API key with its scope, or a
 * deployment's own key. Set by {@link apiKeyAuth} before any `/api/v1` route runs.
 * @module
 */
import type { Caller } from '@agent-studio/sdk';
import type { Response } from 'express';

export type { Caller };

declare global {
  // Express's own extension point for typed `res.locals`
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      /** Who is calling (set by the API-key auth middleware on every `/api/v1` request). */
      caller?: Caller;
    }
  }
}

/**
 * The authenticated caller of a request.
 *
 * @throws {Error} when the auth middleware did not run (a wiring bug, never a client error).
 * @example
 * const caller = callerOf(res); // { kind: 'api_key', keyId, scope: 'admin' }
 */
export function callerOf(res: Response): Caller {
  const caller = res.locals.caller;
  if (!caller) throw new Error('callerOf: the request was not authenticated (apiKeyAuth did not run)');
  return caller;
}

/**
 * The id recorded for a caller (its API key id or its deployment id).
 *
 * @example
 * callerId({ kind: 'deployment', deploymentId: d.id }); // d.id
 */
export function callerId(caller: Caller): string {
  return caller.kind === 'api_key' ? caller.keyId : caller.deploymentId;
}
