/**
 * `studio workflows`: workflow drafts through `WorkflowsService`.
 *
 * @module
 */
import type { CreateWorkflowInput, WorkflowDto } from '@agent-studio/sdk';
import type { ResourceSpec } from './resource-spec.js';

/**
 * The workflows resource (drafts): list / get / create / delete.
 *
 * @example
 * registerResourceCommands(program.command('workflows'), workflowsResource);
 */
export const workflowsResource: ResourceSpec<WorkflowDto, CreateWorkflowInput> = {
  group: 'workflows',
  singular: 'workflow',
  columns: [
    { header: 'id', cell: (w) => w.id },
    { header: 'name', cell: (w) => w.name },
    { header: 'nodes', cell: (w) => String(w.definition.nodes.length) },
    { header: 'updated', cell: (w) => w.updatedAt },
  ],
  createFlags: [
    { flags: '--name <name>', field: 'name', description: 'unique draft name' },
    { flags: '--description <text>', field: 'description', description: 'what it does' },
    { flags: '--definition <json>', field: 'definition', value: 'json', description: 'the DAG: { nodes, edges } (default empty)' },
  ],
  parse: (sdk, raw) => sdk.parseInput(sdk.createWorkflowInputSchema, raw),
  list: (sdk, session, page) => sdk.WorkflowsService.listWorkflows(session, page),
  get: (sdk, session, id) => sdk.WorkflowsService.getWorkflow(session, id),
  create: (sdk, session, input) => sdk.WorkflowsService.createWorkflow(session, input),
  remove: (sdk, session, id) => sdk.WorkflowsService.deleteWorkflow(session, id),
};
