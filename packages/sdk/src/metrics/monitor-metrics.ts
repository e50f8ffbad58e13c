/**
 * MCP health monitor metrics: the `onCheck` / `onSweep` callbacks of `createHealthMonitor`
 * (`@agent-studio/legacy/monitor`) counting into prom-client, and servers by status read at scrape.
 *
 * @module
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { McpHealthStatus } from '../mcp/health-state.js';
import type { McpProbeResult } from '../mcp/probe-result.js';

/** What the monitor's `onCheck` tells (structurally its `CheckEvent`). */
export interface MonitorCheck {
  readonly result: McpProbeResult;
  readonly recorded: boolean;
  readonly cancelled: boolean;
}

/** What the monitor's `onSweep` tells (structurally its `SweepReport`). */
export interface MonitorSweep {
  readonly skipped?: string;
  readonly durationMs: number;
}

/** The callbacks to spread into `createHealthMonitor(engine, { ...hooks })`. */
export interface MonitorMetricsHooks {
  readonly onCheck: (event: MonitorCheck) => void;
  readonly onSweep: (report: MonitorSweep) => void;
}

/** What {@link createMonitorMetrics} reads at scrape. */
export interface MonitorMetricsOptions {
  /** Counts of MCP servers by health status (enabled ones), for `agent_studio_mcp_servers`. */
  readonly serversByStatus?: () => Promise<Partial<Record<McpHealthStatus, number>>>;
}

const STATUSES: readonly McpHealthStatus[] = ['unknown', 'healthy', 'degraded', 'unreachable'];

/**
 * Registers `agent_studio_mcp_*` on `registry`: sweeps, checks by outcome (`ok`, the probe
 * error's kind, `cancelled`, `not_recorded`), the sweep-duration histogram and servers by status.
 *
 * @example
 * const hooks = createMonitorMetrics(registry, { serversByStatus: () => countServers(engine) });
 * const monitor = createHealthMonitor(engine, { ...hooks });
 */
export function createMonitorMetrics(registry: Registry, options: MonitorMetricsOptions = {}): MonitorMetricsHooks {
  const registers = [registry];
  const sweeps = new Counter({ name: 'agent_studio_mcp_sweeps_total', help: 'Monitor sweeps that ran.', registers });
  const checks = new Counter({ name: 'agent_studio_mcp_checks_total', help: 'MCP health checks by outcome (ok, the probe error kind, cancelled, not_recorded).', labelNames: ['outcome'] as const, registers });
  const duration = new Histogram({ name: 'agent_studio_mcp_sweep_duration_seconds', help: 'How long one sweep took.', buckets: [0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120], registers });
  const read = options.serversByStatus;
  if (read) {
    new Gauge({
      name: 'agent_studio_mcp_servers',
      help: 'Enabled MCP servers by health status.',
      labelNames: ['status'] as const,
      registers,
      async collect() {
        const counts = await read();
        for (const status of STATUSES) this.set({ status }, counts[status] ?? 0);
      },
    });
  }
  return {
    onCheck: ({ result, recorded, cancelled }) => {
      const outcome = cancelled ? 'cancelled' : !recorded ? 'not_recorded' : result.ok ? 'ok' : result.error.kind;
      checks.inc({ outcome });
    },
    onSweep: (report) => {
      if (report.skipped) return;
      sweeps.inc();
      duration.observe(report.durationMs / 1000);
    },
  };
}
