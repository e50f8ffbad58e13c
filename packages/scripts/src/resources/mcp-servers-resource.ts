/**
 * `studio mcp list|get|create|add|delete`: MCP servers through `McpServersService`.
 *
 * @module
 */
import type { CreateMcpServerInput, McpServerDto } from '@agent-studio/sdk';
import type { ResourceSpec } from './resource-spec.js';

/**
 * The MCP servers resource: list / get / create (alias `add`) / delete. Headers, env and args
 * marked secret (`--secret-args`) are secrets: stored encrypted, shown masked by the SDK.
 *
 * @example
 * registerResourceCommands(program.command('mcp'), mcpServersResource, { createAliases: ['add'] });
 */
export const mcpServersResource: ResourceSpec<McpServerDto, CreateMcpServerInput> = {
  group: 'MCP servers',
  singular: 'MCP server',
  columns: [
    { header: 'id', cell: (s) => s.id },
    { header: 'name', cell: (s) => s.name },
    { header: 'transport', cell: (s) => s.transport },
    { header: 'endpoint', cell: (s) => s.url ?? [s.command, ...s.args].join(' ') },
    { header: 'enabled', cell: (s) => (s.enabled ? 'yes' : 'no') },
    { header: 'status', cell: (s) => s.status },
  ],
  createFlags: [
    { flags: '--name <name>', field: 'name', description: 'unique name' },
    { flags: '--transport <transport>', field: 'transport', description: 'streamable_http, sse or stdio' },
    { flags: '--url <url>', field: 'url', description: 'streamable_http / sse: the endpoint' },
    { flags: '--command <command>', field: 'command', description: 'stdio: the program to start' },
    { flags: '--arg <arg...>', field: 'args', value: 'list', description: 'stdio: its arguments' },
    { flags: '--secret-args <json>', field: 'secretArgs', value: 'json', description: 'stdio: indexes of --arg values that are secrets, e.g. [1] (encrypted at rest, shown masked)' },
    { flags: '--header <key=value...>', field: 'headers', value: 'map', description: 'request headers (secrets: encrypted at rest)' },
    { flags: '--env <key=value...>', field: 'env', value: 'map', description: 'stdio: environment (secrets: encrypted at rest)' },
    { flags: '--description <text>', field: 'description', description: 'what it serves' },
    { flags: '--disabled', field: 'enabled', value: 'boolean', negate: true, description: 'register it without health checks' },
    { flags: '--check-interval-seconds <s>', field: 'checkIntervalSeconds', value: 'number', description: 'between health checks' },
  ],
  parse: (sdk, raw) => sdk.parseInput(sdk.createMcpServerInputSchema, raw),
  list: (sdk, session, page) => sdk.McpServersService.listMcpServers(session, page),
  get: (sdk, session, id) => sdk.McpServersService.getMcpServer(session, id),
  create: (sdk, session, input) => sdk.McpServersService.createMcpServer(session, input),
  remove: (sdk, session, id) => sdk.McpServersService.deleteMcpServer(session, id),
};
