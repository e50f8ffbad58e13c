/**
 * `@agent-studio/sdk/mcp` — the session-free MCP part of the SDK: probe an MCP server over the
 * real protocol, turn probe results into a health state, and the zod schemas of both (the API
 * builds its OpenAPI document from them). Takes no database session; safe for legacy background
 * tasks and SDK services alike.
 *
 * @example
 * import { probeMcpServer, nextHealthState } from '@agent-studio/sdk/mcp';
 * const result = await probeMcpServer({ transport: 'streamable_http', url: 'http://127.0.0.1:3000/mcp' }, { deadlineMs: 5_000 });
 * const next = nextHealthState({ status: 'unknown', consecutiveFailures: 0 }, result);
 *
 * @module
 */
export { probeMcpServer, DEFAULT_PROBE_DEADLINE_MS, type ProbeOptions } from './mcp/probe-mcp-server.js';
export {
  mcpProbeConfigSchema,
  mcpTransportSchema,
  type McpProbeConfig,
  type McpTransport,
} from './mcp/probe-config.js';
export {
  mcpProbeResultSchema,
  mcpProbeSuccessSchema,
  mcpProbeFailureSchema,
  mcpProbeErrorSchema,
  mcpProbeErrorKindSchema,
  mcpToolSummarySchema,
  mcpPingOutcomeSchema,
  type McpProbeResult,
  type McpProbeSuccess,
  type McpProbeFailure,
  type McpProbeError,
  type McpProbeErrorKind,
  type McpToolSummary,
  type McpPingOutcome,
} from './mcp/probe-result.js';
export { MCP_PROBE_LIMITS } from './mcp/probe-limits.js';
export { DEFAULT_MCP_HEALTH_POLICY, type McpHealthPolicy } from './mcp/health-policy.js';
export {
  nextHealthState,
  mcpHealthStatusSchema,
  type McpHealthStatus,
  type McpHealthSnapshot,
  type McpHealthState,
} from './mcp/health-state.js';
export { redactUrl, createSecretScrubber, type SecretScrubber } from './mcp/secret-scrubber.js';
export {
  applyHealthCheck,
  type McpServerHealthSnapshot,
  type McpServerHealthChanges,
  type McpHealthCheckRecord,
  type McpHealthCheckOutcome,
  type McpCheckedStatus,
  type McpHealthCheckOptions,
} from './mcp/apply-health-check.js';
export {
  loadStdioCommandPolicy,
  stdioCommandEnvSchema,
  stdioCommandVerdict,
  currentStdioCommandPolicy,
  setStdioCommandPolicy,
  type StdioCommandPolicy,
} from './mcp/stdio-command-policy.js';
export { runningStdioProcesses } from './mcp/stdio-process-slots.js';
export { installProcessPolicies, type ProcessPolicies } from './mcp/install-process-policies.js';
export { splitUrlSecret, endpointUrlOf } from './mcp/url-secret.js';
export { splitSecretArgs, argsWithSecrets, secretArgIndexes, mergeSecretArgs } from './mcp/secret-args.js';
