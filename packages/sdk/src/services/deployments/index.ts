/**
 * Deployments of agents and workflows: `DeploymentsService` and its schemas.
 *
 * @example
 * import { DeploymentsService } from './services/deployments/index.js';
 *
 * @module
 */
export { DeploymentsService } from './deployments-service.js';
export { DEPLOYMENT_TRANSITIONS, nextDeploymentStatus, type DeploymentAction } from './deployment-lifecycle.js';
export { toDeploymentDto, toDeploymentFunctionDto } from './to-deployment-dto.js';
export * from './deployments-schemas.js';
