/**
 * What a probe reports: a discriminated union on `ok`.
 *
 * @module
 */
import { z } from 'zod';
import { mcpTransportSchema } from './probe-config.js';

/**
 * Why a probe failed.
 *
 * - `refused`: nothing to talk to (connection refused or reset, unknown host, command not found).
 * - `timeout`: the deadline passed before the server answered.
 * - `not_mcp`: something answered, but not an MCP server (HTTP 404/405, an HTML page, not JSON-RPC).
 * - `protocol_error`: an MCP server answered with a JSON-RPC error or a malformed result.
 * - `auth`: HTTP 401/403.
 * - `blocked`: refused by policy before any connection or process was made: the address (the
 *   outbound policy, `OUTBOUND_ALLOW`) or the stdio command (`MCP_STDIO_COMMANDS`).
 * - `unknown`: anything else (including an invalid configuration or a cancelled probe).
 *
 * @example
 * mcpProbeErrorKindSchema.options; // ['refused', 'timeout', 'not_mcp', 'protocol_error', 'auth', 'blocked', 'unknown']
 */
export const mcpProbeErrorKindSchema = z
  .enum(['refused', 'timeout', 'not_mcp', 'protocol_error', 'auth', 'blocked', 'unknown'])
  .describe('Why the probe failed.');

/** A failure kind. */
export type McpProbeErrorKind = z.infer<typeof mcpProbeErrorKindSchema>;

/**
 * A probe error: its kind and a message that never contains configured header or env values,
 * URL credentials or query strings.
 *
 * @example
 * mcpProbeErrorSchema.parse({ kind: 'refused', message: 'connection refused by http://127.0.0.1:1/mcp' });
 */
export const mcpProbeErrorSchema = z
  .object({
    kind: mcpProbeErrorKindSchema,
    message: z.string().describe('Human-readable cause; secrets removed, length capped.'),
  })
  .describe('Why a probe failed.');

/**
 * A probe error.
 *
 * @example
 * const error: McpProbeError = { kind: 'auth', message: 'HTTP 401 Unauthorized' };
 */
export type McpProbeError = z.infer<typeof mcpProbeErrorSchema>;

/**
 * One tool as listed by the server (name, optional description, JSON Schema of its input).
 *
 * @example
 * mcpToolSummarySchema.parse({ name: 'search', inputSchema: { type: 'object' } });
 */
export const mcpToolSummarySchema = z
  .object({
    name: z.string(),
    description: z.string().optional(),
    inputSchema: z.record(z.string(), z.unknown()).describe('JSON Schema of the tool input.'),
  })
  .describe('A tool offered by an MCP server.');

/**
 * A listed tool.
 *
 * @example
 * const tool: McpToolSummary = { name: 'search', inputSchema: { type: 'object' } };
 */
export type McpToolSummary = z.infer<typeof mcpToolSummarySchema>;

/**
 * How the server handled `ping` (sent alongside `tools/list`):
 * `ok`; `unsupported` (answered with a JSON-RPC error, e.g. method not found);
 * `timeout` (no answer within the ping budget although other requests were answered).
 *
 * @example
 * mcpPingOutcomeSchema.parse('unsupported');
 */
export const mcpPingOutcomeSchema = z.enum(['ok', 'unsupported', 'timeout']).describe('How the server handled ping.');

/** A ping outcome. */
export type McpPingOutcome = z.infer<typeof mcpPingOutcomeSchema>;

/**
 * A successful probe: the server initialized and listed its tools (or declared none).
 *
 * @example
 * mcpProbeSuccessSchema.shape.ok; // z.literal(true)
 */
export const mcpProbeSuccessSchema = z
  .object({
    ok: z.literal(true),
    latencyMs: z.number().nonnegative().describe('From start until the last answered request.'),
    serverInfo: z.object({ name: z.string(), version: z.string() }),
    protocolVersion: z.string().describe('The MCP protocol version negotiated in initialize.'),
    transport: mcpTransportSchema.describe('The transport actually used (after any fallback).'),
    ping: mcpPingOutcomeSchema,
    toolCount: z.number().int().nonnegative().describe('Tools seen, before the cap.'),
    toolsTruncated: z.boolean().describe('True when tools were dropped by the cap.'),
    tools: z.array(mcpToolSummarySchema),
  })
  .describe('A successful MCP probe.');

/**
 * A failed probe.
 *
 * @example
 * mcpProbeFailureSchema.parse({ ok: false, latencyMs: 12, error: { kind: 'refused', message: 'connection refused' } });
 */
export const mcpProbeFailureSchema = z
  .object({
    ok: z.literal(false),
    latencyMs: z.number().nonnegative().describe('From start until the failure was known.'),
    error: mcpProbeErrorSchema,
  })
  .describe('A failed MCP probe.');

/**
 * The probe result: `{ ok: true, ... }` or `{ ok: false, error }`.
 *
 * @example
 * const parsed = mcpProbeResultSchema.parse(JSON.parse(row.lastProbe));
 */
export const mcpProbeResultSchema = z
  .discriminatedUnion('ok', [mcpProbeSuccessSchema, mcpProbeFailureSchema])
  .describe('The result of probing an MCP server.');

/**
 * A successful probe result.
 *
 * @example
 * function toolNames(result: McpProbeSuccess) { return result.tools.map((t) => t.name); }
 */
export type McpProbeSuccess = z.infer<typeof mcpProbeSuccessSchema>;

/**
 * A failed probe result.
 *
 * @example
 * function describe(result: McpProbeFailure) { return `${result.error.kind}: ${result.error.message}`; }
 */
export type McpProbeFailure = z.infer<typeof mcpProbeFailureSchema>;

/**
 * The probe result union; narrow it on `ok`.
 *
 * @example
 * if (result.ok) console.log(result.tools.length); else console.log(result.error.kind);
 */
export type McpProbeResult = McpProbeSuccess | McpProbeFailure;
