/**
 * `studio mcp`: MCP server operations.
 *
 * @module
 */
import type { Command } from 'commander';
import { registerMcpCheck } from './mcp-check.js';

/**
 * Registers `mcp` and its subcommand `check`.
 *
 * @example
 * registerMcp(program);
 * // $ pnpm studio mcp check
 */
export function registerMcp(program: Command): void {
  const mcp = program.command('mcp').description('MCP server health');
  registerMcpCheck(mcp);
}
