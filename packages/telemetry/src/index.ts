/**
 * `@agent-studio/telemetry` — the OpenTelemetry SDK set-up shared by Agent Studio's processes.
 * Libraries (`@agent-studio/db`, `@agent-studio/sdk`) make spans with `@opentelemetry/api`
 * only; this package is what turns them into exported traces.
 *
 * @example
 * import { startTracing } from '@agent-studio/telemetry';
 * const tracing = startTracing({ serviceName: 'agent-studio-worker' });
 *
 * @module
 */
export { startTracing, type StartTracingOptions, type Tracing } from './start-tracing.js';
export { tracingConfig, type TracingConfig } from './tracing-config.js';
