import { describe, expect, it } from 'vitest';
import { DEFAULT_MCP_HEALTH_POLICY, type McpHealthPolicy } from './health-policy.js';
import { nextHealthState, type McpHealthSnapshot, type McpHealthStatus } from './health-state.js';
import type { McpProbeFailure, McpProbeResult, McpProbeSuccess } from './probe-result.js';

const NOW = new Date('2025-01-01T00:00:00.000Z');
/** random() = 0.5 means "no jitter" (the factor is 1 + ratio × (2r − 1)). */
const MIDDLE = (): number => 0.5;

const POLICY: McpHealthPolicy = {
  intervalSeconds: 60,
  degradedLatencyMs: 1_000,
  failuresBeforeUnreachable: 3,
  maxBackoffSeconds: 600,
  jitterRatio: 0.2,
};

function ok(latencyMs: number, ping: McpProbeSuccess['ping'] = 'ok'): McpProbeSuccess {
  return {
    ok: true,
    latencyMs,
    serverInfo: { name: 's', version: '1' },
    protocolVersion: '2025-06-18',
    transport: 'streamable_http',
    ping,
    toolCount: 0,
    toolsTruncated: false,
    tools: [],
  };
}
const failed: McpProbeFailure = { ok: false, latencyMs: 5, error: { kind: 'refused', message: 'connection refused' } };

const state = (status: McpHealthStatus, consecutiveFailures = 0): McpHealthSnapshot => ({ status, consecutiveFailures });

describe('nextHealthState', () => {
  it.each<{
    name: string;
    previous: McpHealthSnapshot;
    result: McpProbeResult;
    status: McpHealthStatus;
    failures: number;
    delaySeconds: number;
  }>([
    { name: 'first success', previous: state('unknown'), result: ok(50), status: 'healthy', failures: 0, delaySeconds: 60 },
    { name: 'success at the latency threshold', previous: state('healthy'), result: ok(1_000), status: 'healthy', failures: 0, delaySeconds: 60 },
    { name: 'slow success', previous: state('healthy'), result: ok(1_001), status: 'degraded', failures: 0, delaySeconds: 60 },
    { name: 'success without a ping answer', previous: state('healthy'), result: ok(10, 'timeout'), status: 'degraded', failures: 0, delaySeconds: 60 },
    { name: 'success with ping unsupported', previous: state('healthy'), result: ok(10, 'unsupported'), status: 'healthy', failures: 0, delaySeconds: 60 },
    { name: 'recovery from unreachable', previous: state('unreachable', 7), result: ok(10), status: 'healthy', failures: 0, delaySeconds: 60 },
    { name: 'first failure', previous: state('unknown'), result: failed, status: 'degraded', failures: 1, delaySeconds: 60 },
    { name: 'second failure', previous: state('degraded', 1), result: failed, status: 'degraded', failures: 2, delaySeconds: 120 },
    { name: 'third failure reaches the threshold', previous: state('degraded', 2), result: failed, status: 'unreachable', failures: 3, delaySeconds: 240 },
    { name: 'fourth failure', previous: state('unreachable', 3), result: failed, status: 'unreachable', failures: 4, delaySeconds: 480 },
    { name: 'backoff capped', previous: state('unreachable', 4), result: failed, status: 'unreachable', failures: 5, delaySeconds: 600 },
    { name: 'long streak stays capped', previous: state('unreachable', 5_000), result: failed, status: 'unreachable', failures: 5_001, delaySeconds: 600 },
    { name: 'failure after healthy', previous: state('healthy'), result: failed, status: 'degraded', failures: 1, delaySeconds: 60 },
  ])('$name', ({ previous, result, status, failures, delaySeconds }) => {
    const next = nextHealthState(previous, result, POLICY, NOW, MIDDLE);
    expect(next.status).toBe(status);
    expect(next.consecutiveFailures).toBe(failures);
    expect(next.nextCheckAt.getTime() - NOW.getTime()).toBe(delaySeconds * 1_000);
    expect(next.lastError).toEqual(result.ok ? null : result.error);
  });

  it.each([
    { random: 0, factor: 0.8 },
    { random: 0.25, factor: 0.9 },
    { random: 0.5, factor: 1 },
    { random: 0.75, factor: 1.1 },
    { random: 0.999_999, factor: 1.2 },
  ])('applies ±jitterRatio jitter (random $random → ×$factor)', ({ random, factor }) => {
    const success = nextHealthState(state('healthy'), ok(1), POLICY, NOW, () => random);
    expect(success.nextCheckAt.getTime() - NOW.getTime()).toBeCloseTo(60_000 * factor, -1);
    const failure = nextHealthState(state('unreachable', 10), failed, POLICY, NOW, () => random);
    expect(failure.nextCheckAt.getTime() - NOW.getTime()).toBeCloseTo(600_000 * factor, -1);
  });

  it('treats failuresBeforeUnreachable = 1 as "unreachable at the first failure"', () => {
    const next = nextHealthState(state('healthy'), failed, { ...POLICY, failuresBeforeUnreachable: 1 }, NOW, MIDDLE);
    expect(next.status).toBe('unreachable');
  });

  it('never schedules sooner than one second, whatever the policy', () => {
    const zero: McpHealthPolicy = { ...POLICY, intervalSeconds: 0, maxBackoffSeconds: 0, jitterRatio: 1 };
    expect(nextHealthState(state('healthy'), ok(1), zero, NOW, () => 0).nextCheckAt.getTime() - NOW.getTime()).toBe(1_000);
  });

  it('uses the defaults, the current time and Math.random when not given', () => {
    const before = Date.now();
    const next = nextHealthState(state('unknown'), ok(1));
    const delay = next.nextCheckAt.getTime() - before;
    const interval = DEFAULT_MCP_HEALTH_POLICY.intervalSeconds * 1_000;
    expect(next.status).toBe('healthy');
    expect(delay).toBeGreaterThanOrEqual(interval * (1 - DEFAULT_MCP_HEALTH_POLICY.jitterRatio) - 1);
    expect(delay).toBeLessThanOrEqual(interval * (1 + DEFAULT_MCP_HEALTH_POLICY.jitterRatio) + 1_000);
  });

  it('does not mutate its inputs', () => {
    const previous = Object.freeze(state('degraded', 1));
    const result = Object.freeze({ ...failed });
    expect(() => nextHealthState(previous, result, Object.freeze({ ...POLICY }), NOW, MIDDLE)).not.toThrow();
  });
});
