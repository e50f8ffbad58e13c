/**
 * Who is calling: an admin API key (every `/api/v1` route) or a deployment's own key (only the
 * routes that declare `deploymentKey`, and only for that deployment). Set by `apiKeyAuth` on
 * `res.locals.caller`.
 *
 * @module
 */
import type { Response } from 'express';

/** An admin API key (`studio api-keys create`, `POST /api/v1/api-keys`). */
export interface AdminCaller {
  readonly kind: 'admin';
  readonly apiKeyId: string;
}

/** A deployment's own key (the one `rotate-key` returns): it may only invoke that deployment. */
export interface DeploymentCaller {
  readonly kind: 'deployment';
  readonly deploymentId: string;
}

/** The authenticated caller of a request. */
export type Caller = AdminCaller | DeploymentCaller;

/**
 * The caller `apiKeyAuth` put on the response, or undefined on an open route.
 *
 * @example
 * const caller = callerOf(res);
 * if (caller?.kind === 'deployment') console.log(caller.deploymentId);
 */
export function callerOf(res: Response): Caller | undefined {
  return (res.locals as { caller?: Caller }).caller;
}
