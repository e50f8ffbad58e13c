/**
 * `@agent-studio/legacy/monitor` — the background MCP health monitor (the original
 * `services/background_tasks.py`), on short legacy sessions.
 *
 * @example
 * import { createHealthMonitor } from '@agent-studio/legacy/monitor';
 * const monitor = createHealthMonitor(engine, { concurrency: 10, deadlineMs: 5_000 });
 * monitor.start();
 * process.once('SIGTERM', () => void monitor.stop().then(() => engine.close()));
 *
 * @module
 */
export {
  createHealthMonitor,
  PRUNE_LOCK_KEY,
  type HealthMonitor,
  type HealthMonitorOptions,
} from './monitor/create-health-monitor.js';
export type { CheckEvent, SweepReport, SweepStartEvent, SweepSkipReason } from './monitor/monitor-events.js';
export { silentLogger, type MonitorLogger } from './monitor/monitor-logger.js';
