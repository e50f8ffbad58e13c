/**
 * The pure health-state transition: previous state + probe result + policy → next state.
 *
 * @module
 */
import { z } from 'zod';
import { DEFAULT_MCP_HEALTH_POLICY, type McpHealthPolicy } from './health-policy.js';
import type { McpProbeError, McpProbeResult } from './probe-result.js';

/**
 * A server's health status. `unknown` until its first check.
 *
 * @example
 * mcpHealthStatusSchema.parse('degraded');
 */
export const mcpHealthStatusSchema = z
  .enum(['unknown', 'healthy', 'degraded', 'unreachable'])
  .describe('Health of an MCP server.');

/** A health status. */
export type McpHealthStatus = z.infer<typeof mcpHealthStatusSchema>;

/**
 * What the transition needs from the previous check.
 *
 * @example
 * const initial: McpHealthSnapshot = { status: 'unknown', consecutiveFailures: 0 };
 */
export interface McpHealthSnapshot {
  status: McpHealthStatus;
  consecutiveFailures: number;
}

/**
 * The state after a check: status, failure streak, when to check next and the error of this
 * check (`null` on success).
 *
 * @example
 * const next: McpHealthState = nextHealthState(previous, result);
 * await row.update({ status: next.status, nextCheckAt: next.nextCheckAt });
 */
export interface McpHealthState extends McpHealthSnapshot {
  nextCheckAt: Date;
  lastError: McpProbeError | null;
}

/** The shortest delay ever scheduled, so a zero policy cannot spin. */
const MIN_DELAY_MS = 1_000;

/**
 * Computes the next health state. Pure: the clock (`now`) and the jitter source (`random`,
 * returning values in [0, 1)) are parameters.
 *
 * - Success: `healthy`, or `degraded` when `latencyMs > policy.degradedLatencyMs` or the server
 *   did not answer `ping` at all (`ping: 'timeout'`); failures reset to 0; next check in
 *   `intervalSeconds`.
 * - Failure: failures + 1; `degraded` while fewer than `failuresBeforeUnreachable`, then
 *   `unreachable`; next check in `intervalSeconds × 2^(failures − 1)`, capped at
 *   `maxBackoffSeconds` (or the interval, when that is larger).
 * - Every delay gets ± `jitterRatio` jitter (applied after the cap) and is at least 1 s.
 *
 * @example
 * const next = nextHealthState({ status: 'healthy', consecutiveFailures: 0 }, result, DEFAULT_MCP_HEALTH_POLICY, new Date(), () => 0.5);
 */
export function nextHealthState(
  previous: McpHealthSnapshot,
  probeResult: McpProbeResult,
  policy: McpHealthPolicy = DEFAULT_MCP_HEALTH_POLICY,
  now: Date = new Date(),
  random: () => number = Math.random,
): McpHealthState {
  const intervalMs = Math.max(0, policy.intervalSeconds) * 1_000;

  if (probeResult.ok) {
    const slow = probeResult.latencyMs > policy.degradedLatencyMs || probeResult.ping === 'timeout';
    return {
      status: slow ? 'degraded' : 'healthy',
      consecutiveFailures: 0,
      nextCheckAt: new Date(now.getTime() + jittered(intervalMs, policy.jitterRatio, random)),
      lastError: null,
    };
  }

  const consecutiveFailures = Math.max(0, Math.floor(previous.consecutiveFailures)) + 1;
  const threshold = Math.max(1, Math.floor(policy.failuresBeforeUnreachable));
  const capMs = Math.max(intervalMs, Math.max(0, policy.maxBackoffSeconds) * 1_000);
  // 2^(failures − 1) overflows to Infinity for huge streaks, and min() then picks the cap.
  const backoffMs = Math.min(capMs, intervalMs * 2 ** (consecutiveFailures - 1));
  return {
    status: consecutiveFailures >= threshold ? 'unreachable' : 'degraded',
    consecutiveFailures,
    nextCheckAt: new Date(now.getTime() + jittered(backoffMs, policy.jitterRatio, random)),
    lastError: probeResult.error,
  };
}

function jittered(delayMs: number, jitterRatio: number, random: () => number): number {
  const ratio = Math.min(1, Math.max(0, jitterRatio));
  const r = Math.min(1, Math.max(0, random()));
  const factor = 1 + ratio * (2 * r - 1);
  return Math.max(MIN_DELAY_MS, Math.round(delayMs * factor));
}
