/**
 * The deployment state machine: which lifecycle action is allowed from which status.
 *
 * @module
 */
import { InvalidStateError } from '../../errors/invalid-state-error.js';
import type { DeploymentStatus } from './deployments-schemas.js';

/** A lifecycle action. */
export type DeploymentAction = 'deploy' | 'stop';

/**
 * The allowed transitions: `deploy` from `draft` or `stopped` to `deployed`, `stop` from
 * `deployed` to `stopped`. Everything else is refused.
 *
 * @example
 * DEPLOYMENT_TRANSITIONS.deploy.from; // ['draft', 'stopped']
 */
export const DEPLOYMENT_TRANSITIONS: Readonly<
  Record<DeploymentAction, { readonly from: readonly DeploymentStatus[]; readonly to: DeploymentStatus }>
> = Object.freeze({
  deploy: { from: ['draft', 'stopped'], to: 'deployed' },
  stop: { from: ['deployed'], to: 'stopped' },
});

/**
 * The status after `action`, or `InvalidStateError('deployment', current, action)` when the
 * action is not allowed from `current`.
 *
 * @example
 * nextDeploymentStatus('draft', 'deploy'); // 'deployed'
 * nextDeploymentStatus('draft', 'stop');   // throws InvalidStateError
 */
export function nextDeploymentStatus(current: DeploymentStatus, action: DeploymentAction): DeploymentStatus {
  const transition = DEPLOYMENT_TRANSITIONS[action];
  if (!transition.from.includes(current)) throw new InvalidStateError('deployment', current, action);
  return transition.to;
}
