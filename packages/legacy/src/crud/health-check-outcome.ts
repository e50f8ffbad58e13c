/**
 * What `recordHealthCheck` is given and what it returns.
 *
 * @module
 */
import type { Instance, McpHealthCheck, McpServer } from '@agent-studio/db/models';
import type { McpHealthPolicy, McpHealthState, McpProbeResult } from '@agent-studio/sdk/mcp';

/**
 * One finished health check of a server: the probe's result and, optionally, the clock, the
 * policy and the jitter source for the next state (all defaulted).
 *
 * @example
 * const outcome: HealthCheckOutcome = { result: await probeMcpServer(config, { deadlineMs: 5_000 }) };
 */
export interface HealthCheckOutcome {
  /** What `probeMcpServer` returned. */
  readonly result: McpProbeResult;
  /** When the check ran (default: now). Becomes `lastCheckedAt` and the history row's `checkedAt`. */
  readonly checkedAt?: Date;
  /**
   * The health policy (default `DEFAULT_MCP_HEALTH_POLICY`). Its `intervalSeconds` is replaced
   * by the server's own `checkIntervalSeconds`.
   */
  readonly policy?: McpHealthPolicy;
  /** Jitter source in [0, 1) for the next check time (default `Math.random`). */
  readonly random?: () => number;
}

/**
 * What `recordHealthCheck` wrote: the updated server, the new history row and the state computed
 * by `nextHealthState`.
 *
 * @example
 * const recorded = await recordHealthCheck(db, id, outcome);
 * if (recorded) console.log(recorded.state.status, recorded.state.nextCheckAt);
 */
export interface RecordedHealthCheck {
  readonly server: Instance<typeof McpServer>;
  readonly check: Instance<typeof McpHealthCheck>;
  readonly state: McpHealthState;
}
