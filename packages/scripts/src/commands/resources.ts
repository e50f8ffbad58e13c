/**
 * `studio agents|functions|workflows|deployments list|get|create|delete`.
 *
 * @module
 */
import type { Command } from 'commander';
import { agentsResource } from '../resources/agents-resource.js';
import { deploymentsResource } from '../resources/deployments-resource.js';
import { functionsResource } from '../resources/functions-resource.js';
import { registerResourceCommands } from '../resources/register-resource.js';
import { workflowsResource } from '../resources/workflows-resource.js';

/**
 * Registers the resource groups `agents`, `functions`, `workflows` and `deployments`, each with
 * `list`, `get`, `create` (flags or `--file`) and `delete` from the one builder
 * (`registerResourceCommands`). MCP servers get the same commands under `studio mcp`.
 *
 * @example
 * registerResources(program);
 * // $ pnpm studio agents list
 */
export function registerResources(program: Command): void {
  registerResourceCommands(program.command('agents').description('agents: list, get, create, delete'), agentsResource);
  registerResourceCommands(program.command('functions').description('functions (tools): list, get, create, delete'), functionsResource);
  registerResourceCommands(program.command('workflows').description('workflow drafts: list, get, create, delete'), workflowsResource);
  registerResourceCommands(program.command('deployments').description('deployments: list, get, create, delete'), deploymentsResource);
}
