/**
 * `studio deployments`: deployments through `DeploymentsService`.
 *
 * @module
 */
import type { CreateDeploymentInput, DeploymentDto } from '@agent-studio/sdk';
import type { ResourceSpec } from './resource-spec.js';

/**
 * The deployments resource: list / get / create / delete.
 *
 * @example
 * registerResourceCommands(program.command('deployments'), deploymentsResource);
 */
export const deploymentsResource: ResourceSpec<DeploymentDto, CreateDeploymentInput> = {
  group: 'deployments',
  singular: 'deployment',
  columns: [
    { header: 'id', cell: (d) => d.id },
    { header: 'name', cell: (d) => d.name },
    { header: 'target', cell: (d) => `${d.targetType} ${d.agentId ?? d.workflowId ?? ''}` },
    { header: 'status', cell: (d) => d.status },
    { header: 'created', cell: (d) => d.createdAt },
  ],
  createFlags: [
    { flags: '--name <name>', field: 'name', description: 'unique name' },
    { flags: '--description <text>', field: 'description', description: 'what it is for' },
    { flags: '--agent-id <id>', field: 'agentId', description: 'the agent to deploy (or --workflow-id)' },
    { flags: '--workflow-id <id>', field: 'workflowId', description: 'the workflow to deploy (or --agent-id)' },
    { flags: '--config <json>', field: 'config', value: 'json', description: 'deployment configuration' },
  ],
  parse: (sdk, raw) => sdk.parseInput(sdk.createDeploymentInputSchema, raw),
  list: (sdk, session, page) => sdk.DeploymentsService.listDeployments(session, page),
  get: (sdk, session, id) => sdk.DeploymentsService.getDeployment(session, id),
  create: (sdk, session, input) => sdk.DeploymentsService.createDeployment(session, input),
  remove: (sdk, session, id) => sdk.DeploymentsService.deleteDeployment(session, id),
};
