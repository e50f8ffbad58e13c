/**
 * Maps deployment rows to DTOs: JSON-safe, ISO timestamps, and never the API key hash.
 *
 * @module
 */
import type { Deployment, DeploymentFunction, StudioFunction } from '@agent-studio/db/models';
import { toIso } from '../../common/timestamps.js';
import type { DeploymentDto, DeploymentFunctionDto } from './deployments-schemas.js';

/**
 * The DTO of a deployment row. `apiKeyHash` is deliberately left out; `hasApiKey` tells whether
 * one exists.
 *
 * @example
 * return toDeploymentDto(row);
 */
export function toDeploymentDto(row: Deployment): DeploymentDto {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    targetType: row.agentId !== null ? 'agent' : 'workflow',
    agentId: row.agentId,
    workflowId: row.workflowId,
    status: row.status,
    config: row.config,
    hasApiKey: row.apiKeyHash !== null,
    apiKeyPrefix: row.apiKeyPrefix,
    apiKeyRotatedAt: toIso(row.apiKeyRotatedAt),
    deployedAt: toIso(row.deployedAt),
    stoppedAt: toIso(row.stoppedAt),
    version: row.version,
    createdAt: toIso(row.createdAt),
    updatedAt: toIso(row.updatedAt),
  };
}

/**
 * The DTO of a deployment–function link, with the function's name and kind.
 *
 * @example
 * return toDeploymentFunctionDto(link, fn);
 */
export function toDeploymentFunctionDto(
  link: DeploymentFunction,
  fn: Pick<StudioFunction, 'name' | 'kind'>,
): DeploymentFunctionDto {
  return {
    id: link.id,
    deploymentId: link.deploymentId,
    functionId: link.functionId,
    functionName: fn.name,
    functionKind: fn.kind,
    config: link.config,
    createdAt: toIso(link.createdAt),
  };
}
