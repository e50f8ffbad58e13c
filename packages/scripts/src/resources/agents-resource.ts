/**
 * `studio agents`: agents through `AgentsService`.
 *
 * @module
 */
import type { AgentDto, CreateAgentInput } from '@agent-studio/sdk';
import type { ResourceSpec } from './resource-spec.js';

/**
 * The agents resource: list / get / create / delete.
 *
 * @example
 * registerResourceCommands(program.command('agents'), agentsResource);
 */
export const agentsResource: ResourceSpec<AgentDto, CreateAgentInput> = {
  group: 'agents',
  singular: 'agent',
  columns: [
    { header: 'id', cell: (a) => a.id },
    { header: 'name', cell: (a) => a.name },
    { header: 'model', cell: (a) => a.model },
    { header: 'status', cell: (a) => a.status },
    { header: 'created', cell: (a) => a.createdAt },
  ],
  createFlags: [
    { flags: '--name <name>', field: 'name', description: 'unique name' },
    { flags: '--model <model>', field: 'model', description: 'model id, e.g. gpt-4o-mini' },
    { flags: '--description <text>', field: 'description', description: 'what it is for' },
    { flags: '--instructions <text>', field: 'instructions', description: 'system instructions' },
    { flags: '--temperature <t>', field: 'temperature', value: 'number', description: 'sampling temperature' },
    { flags: '--config <json>', field: 'config', value: 'json', description: 'free-form JSON configuration' },
  ],
  parse: (sdk, raw) => sdk.parseInput(sdk.createAgentInputSchema, raw),
  list: (sdk, session, page) => sdk.AgentsService.listAgents(session, page),
  get: (sdk, session, id) => sdk.AgentsService.getAgent(session, id),
  create: (sdk, session, input) => sdk.AgentsService.createAgent(session, input),
  remove: (sdk, session, id) => sdk.AgentsService.deleteAgent(session, id),
};
