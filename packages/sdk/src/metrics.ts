/**
 * `@agent-studio/sdk/metrics` — Prometheus metrics through prom-client, one registry per process:
 * the database pool (from the engine's stats hook), the run engine (an observer for the
 * worker), the MCP monitor (its callbacks) and a small `/metrics` listener for background
 * processes. The API adds its HTTP metrics and serves `GET /metrics` itself.
 *
 * @example
 * import { Registry, registerEngineMetrics, createRunMetrics, startMetricsServer } from '@agent-studio/sdk/metrics';
 * const registry = new Registry();
 * registerEngineMetrics(registry, engine);
 * const worker = createRunWorker(db, { observer: createRunMetrics(registry, { db }) });
 * await startMetricsServer(registry, { port: 9464 });
 *
 * @module
 */
export { Registry } from 'prom-client';
export { registerEngineMetrics, type ObservableEngine } from './metrics/engine-metrics.js';
export { createRunMetrics, type RunMetricsOptions } from './metrics/run-metrics.js';
export { createMonitorMetrics, type MonitorCheck, type MonitorSweep, type MonitorMetricsHooks, type MonitorMetricsOptions } from './metrics/monitor-metrics.js';
export { startMetricsServer, type MetricsServer } from './metrics/metrics-server.js';
