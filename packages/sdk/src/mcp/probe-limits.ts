/**
 * The caps a probe applies to what a server sends back, so that one misbehaving server cannot
 * bloat a health row, a log line or an API response.
 *
 * @module
 */

/**
 * Upper bounds applied to every probe result.
 *
 * - `maxTools`: tools kept from `tools/list` (the count of all tools seen is still reported).
 * - `maxToolPages`: `tools/list` pages followed through `nextCursor`.
 * - `maxNameLength` / `maxDescriptionLength`: characters kept of a tool's name / description.
 * - `maxServerInfoLength`: characters kept of the server's name and version.
 * - `maxInputSchemaChars`: serialized size above which a tool's input schema is replaced by
 *   `{ type: 'object' }`.
 * - `maxErrorMessageLength`: characters kept of an error message.
 *
 * @example
 * import { MCP_PROBE_LIMITS } from '@agent-studio/sdk/mcp';
 * if (result.ok && result.toolsTruncated) console.warn(`only ${MCP_PROBE_LIMITS.maxTools} tools kept`);
 */
export const MCP_PROBE_LIMITS = Object.freeze({
  maxTools: 500,
  maxToolPages: 20,
  maxNameLength: 200,
  maxDescriptionLength: 2_000,
  maxServerInfoLength: 200,
  maxInputSchemaChars: 32_768,
  maxErrorMessageLength: 500,
});

/**
 * Shortens `value` to at most `max` characters, marking a cut with an ellipsis.
 *
 * @example
 * truncate('abcdef', 4); // 'abc…'
 */
export function truncate(value: string, max: number): string {
  if (value.length <= max) return value;
  return `${value.slice(0, Math.max(0, max - 1))}…`;
}
