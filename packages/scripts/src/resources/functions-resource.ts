/**
 * `studio functions`: functions (tools) through `FunctionsService`.
 *
 * @module
 */
import type { CreateFunctionInput, FunctionDto } from '@agent-studio/sdk';
import type { ResourceSpec } from './resource-spec.js';

/**
 * The functions resource: list / get / create / delete.
 *
 * @example
 * registerResourceCommands(program.command('functions'), functionsResource);
 */
export const functionsResource: ResourceSpec<FunctionDto, CreateFunctionInput> = {
  group: 'functions',
  singular: 'function',
  columns: [
    { header: 'id', cell: (f) => f.id },
    { header: 'name', cell: (f) => f.name },
    { header: 'kind', cell: (f) => f.kind },
    { header: 'created', cell: (f) => f.createdAt },
  ],
  createFlags: [
    { flags: '--name <name>', field: 'name', description: 'unique name (a tool name: letters, digits, _ and -)' },
    { flags: '--kind <kind>', field: 'kind', description: 'http, mcp_tool or builtin' },
    { flags: '--description <text>', field: 'description', description: 'what it does' },
    { flags: '--parameters <json>', field: 'parameters', value: 'json', description: 'JSON Schema of its arguments' },
    { flags: '--config <json>', field: 'config', value: 'json', description: 'kind-specific JSON configuration' },
    { flags: '--url <url>', field: 'config.url', description: 'http: the URL to call' },
    { flags: '--method <method>', field: 'config.method', description: 'http: GET, POST, PUT, PATCH or DELETE' },
    { flags: '--builtin <name>', field: 'config.name', description: 'builtin: which one (e.g. echo, current_time)' },
    { flags: '--mcp-server-id <id>', field: 'mcpServerId', description: 'mcp_tool: the MCP server' },
    { flags: '--mcp-tool-name <name>', field: 'mcpToolName', description: 'mcp_tool: the tool on that server' },
  ],
  parse: (sdk, raw) => sdk.parseInput(sdk.createFunctionInputSchema, raw),
  list: (sdk, session, page) => sdk.FunctionsService.listFunctions(session, page),
  get: (sdk, session, id) => sdk.FunctionsService.getFunction(session, id),
  create: (sdk, session, input) => sdk.FunctionsService.createFunction(session, input),
  remove: (sdk, session, id) => sdk.FunctionsService.deleteFunction(session, id),
};
