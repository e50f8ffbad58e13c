/**
 * `studio worker`: a standalone run worker.
 *
 * @module
 */
import type { Command } from 'commander';
import { err } from '../lib/output.js';
import { parsePositiveInt } from '../lib/parse-int-option.js';

interface WorkerCliOptions {
  concurrency: number;
  graceMs: number;
  metricsPort?: number;
  verbose?: boolean;
}

/**
 * Registers `worker [--concurrency <n>] [--grace-ms <ms>] [--verbose]`: runs
 * `createRunWorker(...).start()` on the environment's database until SIGTERM or SIGINT, then
 * `await worker.stop()` (stops taking jobs, lets in-flight steps finish within the grace period,
 * hands the rest back to the queue for another worker), closes the listener and the engine,
 * flushes the traces and exits 0. Tracing (`@agent-studio/telemetry`, service name
 * `agent-studio-worker`) is on only when `OTEL_EXPORTER_OTLP_ENDPOINT` is set. A second signal
 * while stopping exits 1 at once. Any number of workers may run against
 * one server database, on any machines; on the embedded database only one process can (stop the
 * API first, or let the API's own `RUN_WORKERS` do the work).
 *
 * On stderr: a line when it starts and when it stops, and the worker's warnings and errors
 * (`--verbose`: its info and debug lines too).
 *
 * @example
 * registerWorker(program);
 * // $ pnpm studio worker --concurrency 10
 */
export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('run workflow runs from the queue until SIGTERM/SIGINT')
    .option('--concurrency <n>', 'runs at once', parsePositiveInt, 4)
    .option('--grace-ms <ms>', 'on SIGTERM, how long in-flight steps may take to finish', parsePositiveInt, 10_000)
    .option('--metrics-port <port>', 'serve Prometheus metrics at http://METRICS_HOST:<port>/metrics (default: METRICS_PORT; off when unset)', Number)
    .option('--verbose', "also print the worker's info and debug logs")
    .action(async (options: WorkerCliOptions) => {
      const { createEngine, createRuntimeDatabase, loadDbConfig } = await import('@agent-studio/db/engine');
      const { createRunWorker } = await import('@agent-studio/sdk/runtime');
      const { createStderrLogger } = await import('../mcp/stderr-logger.js');
      const { untilSignal } = await import('../lib/until-signal.js');
      const { metricsListenerConfig, startProcessMetrics } = await import('../lib/process-metrics.js');
      const { createRunMetrics } = await import('@agent-studio/sdk/metrics');
      const { startTracing } = await import('@agent-studio/telemetry');
      // off unless OTEL_EXPORTER_OTLP_ENDPOINT is set; the same set-up as the API server's
      const tracing = startTracing({ serviceName: 'agent-studio-worker' });
      const listener = metricsListenerConfig(process.env, options.metricsPort);
      const engine = await createEngine({ config: loadDbConfig(process.env) });
      const runtime = createRuntimeDatabase(engine);
      const stopped = untilSignal();
      let metrics: Awaited<ReturnType<typeof startProcessMetrics<ReturnType<typeof createRunMetrics>>>>;
      try {
        metrics = await startProcessMetrics(engine, listener, (registry) => createRunMetrics(registry, { db: runtime }));
        const worker = createRunWorker(runtime, {
          concurrency: options.concurrency,
          graceMs: options.graceMs,
          logger: createStderrLogger(options.verbose ? 'debug' : 'warn'),
          ...(metrics ? { observer: metrics.added } : {}),
        });
        await worker.start();
        err(`worker: started on ${engine.description} (concurrency ${options.concurrency}); stop with SIGTERM or Ctrl-C`);
        if (metrics) err(`worker: metrics at ${metrics.url}`);
        if (tracing.config.enabled) err(`worker: tracing on as ${tracing.config.serviceName} (OTLP)`);
        const signal = await stopped;
        err(`worker: ${signal} received, stopping (in-flight steps get ${options.graceMs} ms)`);
        await worker.stop();
        err('worker: stopped');
      } finally {
        await metrics?.close();
        await runtime.close();
        await engine.close();
        await tracing.shutdown().catch(() => undefined);
      }
    });
}
