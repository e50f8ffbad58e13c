/**
 * `studio mcp`: MCP server operations.
 *
 * @module
 */
import type { Command } from 'commander';
import { mcpServersResource } from '../resources/mcp-servers-resource.js';
import { registerResourceCommands } from '../resources/register-resource.js';
import { registerMcpCheck } from './mcp-check.js';

/**
 * Registers `mcp` with `check` (one health sweep) and the resource commands `list`, `get`,
 * `create` (alias `add`) and `delete`.
 *
 * @example
 * registerMcp(program);
 * // $ pnpm studio mcp check
 */
export function registerMcp(program: Command): void {
  const mcp = program.command('mcp').description('MCP servers: add, list, get, delete, and health checks');
  registerMcpCheck(mcp);
  registerResourceCommands(mcp, mcpServersResource, { createAliases: ['add'] });
}
