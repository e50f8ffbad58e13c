/**
 * `studio monitor`: the MCP health monitor as a long-running process.
 *
 * @module
 */
import type { Command } from 'commander';
import type { SweepReport } from '@agent-studio/legacy/monitor';
import { err, isJsonMode, outJson } from '../lib/output.js';
import { parsePositiveInt } from '../lib/parse-int-option.js';

interface MonitorCliOptions {
  concurrency: number;
  deadlineMs: number;
  pollIntervalMs: number;
  metricsPort?: number;
  verbose?: boolean;
}

function sweepLine(report: SweepReport): string {
  const statuses = Object.entries(report.statuses)
    .map(([status, n]) => `${status} ${n}`)
    .join(', ');
  return (
    `sweep ${report.sweepId}: ${report.recorded}/${report.claimed} recorded` +
    (statuses ? ` (${statuses})` : '') +
    (report.failed ? `, ${report.failed} write(s) failed` : '') +
    ` in ${report.durationMs} ms`
  );
}

/**
 * Registers `monitor [--concurrency <n>] [--deadline-ms <ms>] [--poll-interval-ms <ms>]
 * [--verbose]`: runs `createHealthMonitor(engine, …).start()` until SIGTERM or SIGINT, then
 * `await monitor.stop()` (in-flight probes aborted, writes finished, unchecked claims handed
 * back), closes the engine and exits 0. A second signal while stopping exits 1 at once.
 *
 * Quiet by default: on stderr a line when it starts and stops, one per sweep that checked
 * something, and the monitor's warnings and errors; `--verbose` adds its debug and info logs.
 * Refuses to start on an unmigrated database. `--json`: when it stops, one document on stdout
 * (`{ stoppedBy, sweeps, claimed, recorded, failed }`).
 *
 * @example
 * registerMonitor(program);
 * // $ pnpm studio monitor --concurrency 20
 */
export function registerMonitor(program: Command): void {
  program
    .command('monitor')
    .description('run the MCP health monitor until SIGTERM/SIGINT')
    .option('--concurrency <n>', 'probes at once', parsePositiveInt, 10)
    .option('--deadline-ms <ms>', 'deadline of each check', parsePositiveInt, 10_000)
    .option('--poll-interval-ms <ms>', 'pause between sweeps', parsePositiveInt, 5_000)
    .option('--metrics-port <port>', 'serve Prometheus metrics at http://METRICS_HOST:<port>/metrics (default: METRICS_PORT; off when unset)', Number)
    .option('--verbose', "also print the monitor's debug and info logs")
    .action(async (options: MonitorCliOptions) => {
      const { withEngine } = await import('../lib/with-engine.js');
      const { createHealthMonitor } = await import('@agent-studio/legacy/monitor');
      const { createStderrLogger } = await import('../mcp/stderr-logger.js');
      const { metricsListenerConfig, startProcessMetrics } = await import('../lib/process-metrics.js');
      const { createMonitorMetrics } = await import('@agent-studio/sdk/metrics');
      const { countServersByStatus } = await import('../mcp/count-servers-by-status.js');
      const listener = metricsListenerConfig(process.env, options.metricsPort);
      const totals = { sweeps: 0, claimed: 0, recorded: 0, failed: 0 };
      const stoppedBy = await withEngine(
        async (engine) => {
          const metrics = await startProcessMetrics(engine, listener, (registry) =>
            createMonitorMetrics(registry, { serversByStatus: () => countServersByStatus(engine) }),
          );
          const monitor = createHealthMonitor(engine, {
            ...(metrics ? { onCheck: metrics.added.onCheck } : {}),
            concurrency: options.concurrency,
            deadlineMs: options.deadlineMs,
            pollIntervalMs: options.pollIntervalMs,
            logger: createStderrLogger(options.verbose ? 'debug' : 'warn'),
            onSweep: (report) => {
              metrics?.added.onSweep(report);
              if (report.claimed === 0) return;
              totals.sweeps += 1;
              totals.claimed += report.claimed;
              totals.recorded += report.recorded;
              totals.failed += report.failed;
              err(sweepLine(report));
            },
          });

          const { untilSignal } = await import('../lib/until-signal.js');
          const stopped = untilSignal();

          monitor.start();
          err(
            `monitor: started on ${engine.description} (concurrency ${options.concurrency}, deadline ${options.deadlineMs} ms, ` +
              `every ${options.pollIntervalMs} ms); stop with SIGTERM or Ctrl-C`,
          );
          if (metrics) err(`monitor: metrics at ${metrics.url}`);
          const signal = await stopped;
          err(`monitor: ${signal} received, stopping`);
          await monitor.stop();
          await metrics?.close();
          return signal;
        },
        { requireMigrated: true },
      );
      err('monitor: stopped');
      if (isJsonMode()) outJson({ stoppedBy, ...totals });
    });
}
