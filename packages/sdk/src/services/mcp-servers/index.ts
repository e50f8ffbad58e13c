/**
 * Registered MCP servers: `McpServersService`, its schemas and the secret mask.
 *
 * @example
 * import { McpServersService, SECRET_MASK } from './services/mcp-servers/index.js';
 *
 * @module
 */
export { McpServersService, type ProbeControl } from './mcp-servers-service.js';
export { SECRET_MASK, maskSecretMap, mergeSecretMap } from './secret-mask.js';
export { toMcpServerDto, toMcpHealthCheckDto, toMcpToolList, toMcpImportedFunction } from './to-mcp-server-dto.js';
export * from './mcp-servers-schemas.js';
