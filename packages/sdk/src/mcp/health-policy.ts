/**
 * The knobs of MCP health monitoring: how often to check, when a server counts as slow, when it
 * counts as unreachable and how far to back off.
 *
 * @module
 */

/**
 * A health-check policy.
 *
 * @example
 * const policy: McpHealthPolicy = { ...DEFAULT_MCP_HEALTH_POLICY, intervalSeconds: 30 };
 */
export interface McpHealthPolicy {
  /** Seconds between checks of a server whose last check succeeded. */
  intervalSeconds: number;
  /** A successful check slower than this (ms) makes the server `degraded`. */
  degradedLatencyMs: number;
  /** Consecutive failures after which a server is `unreachable` (before that: `degraded`). */
  failuresBeforeUnreachable: number;
  /** Upper bound (seconds) of the exponential backoff between checks of a failing server. */
  maxBackoffSeconds: number;
  /** Relative jitter applied to every delay: 0.1 means ±10 %. Between 0 and 1. */
  jitterRatio: number;
}

/**
 * The defaults: check every 60 s, degraded above 2 s, unreachable after 3 consecutive failures,
 * back off up to 15 min, ±10 % jitter.
 *
 * @example
 * nextHealthState(previous, result, DEFAULT_MCP_HEALTH_POLICY);
 */
export const DEFAULT_MCP_HEALTH_POLICY: Readonly<McpHealthPolicy> = Object.freeze({
  intervalSeconds: 60,
  degradedLatencyMs: 2_000,
  failuresBeforeUnreachable: 3,
  maxBackoffSeconds: 900,
  jitterRatio: 0.1,
});
