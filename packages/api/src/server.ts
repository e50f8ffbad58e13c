#!/usr/bin/env node
/**
 * The API server: `pnpm start`. Migrates the database, makes sure an API key exists (printing a
 * new one once), starts `RUN_WORKERS` run-worker slots (default: 4 on the embedded database, none
 * on a server), listens on HOST:PORT, and shuts down gracefully on SIGTERM/SIGINT: stop
 * accepting, finish in-flight requests, stop the worker (in-flight steps finish within its
 * grace, the rest is handed back), close the listener and the engine, flush the traces, exit 0.
 * Tracing (`@agent-studio/telemetry`) is on only when `OTEL_EXPORTER_OTLP_ENDPOINT` is set.
 *
 * @module
 */
import { createEngine, createRuntimeDatabase, isConfigError, loadDbConfig, migrateUp } from '@agent-studio/db/engine';
import { createRunWorker } from '@agent-studio/sdk/runtime';
import { installProcessPolicies } from '@agent-studio/sdk/mcp';
import { startTracing } from '@agent-studio/telemetry';
import type { AddressInfo } from 'node:net';
import { bootstrapApiKey } from './app/bootstrap-api-key.js';
import { appStateOf } from './app/app-state.js';
import { API_PREFIX, closeApp, createApp } from './app/create-app.js';
import { scheduleAuditPruning } from './audit/prune-audit-events.js';
import { createLogger } from './app/logger.js';
import { isApiConfigError, loadApiConfig, runWorkerSlots } from './config/api-config.js';

async function main(): Promise<void> {
  // first: off unless OTEL_EXPORTER_OTLP_ENDPOINT is set (then every span below is exported)
  const tracing = startTracing({ serviceName: 'agent-studio-api' });
  const config = loadApiConfig(process.env);
  const dbConfig = loadDbConfig(process.env);
  const policies = installProcessPolicies(process.env);
  const logger = createLogger(config.logLevel);
  const engine = await createEngine({ config: dbConfig });
  const applied = await migrateUp(engine);
  logger.info({ database: engine.description, applied }, 'database ready');
  if (tracing.config.enabled) logger.info({ serviceName: tracing.config.serviceName }, 'tracing on: spans exported over OTLP');
  const outcome = await bootstrapApiKey(engine, config.bootstrapApiKey);

  const runtime = createRuntimeDatabase(engine, { onError: (e) => logger.warn({ err: e.message }, 'run notifications: reconnecting') });
  const slots = runWorkerSlots(config, dbConfig.target.kind);
  const app = createApp({ engine, config, logger, runtime });
  // the in-process worker counts into the app's registry: one GET /metrics shows both
  const observer = appStateOf(app).metrics.observeRuns(runtime);
  const worker = slots > 0 ? createRunWorker(runtime, { concurrency: slots, logger: logger.child({ component: 'run-worker' }), observer }) : undefined;
  if (worker) {
    await worker.start();
    logger.info({ concurrency: slots }, 'run worker started');
  } else {
    logger.info('run worker off (RUN_WORKERS=0): runs wait for a "studio worker"');
  }

  const stopPruning = scheduleAuditPruning(engine, config.auditRetentionDays, logger);
  const server = app.listen(config.port, config.host);
  // slow clients cannot hold a connection for Node's defaults (headers 60 s, request 300 s)
  server.headersTimeout = config.headersTimeoutMs;
  server.requestTimeout = config.requestTimeoutMs;
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const base = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  const lines = [
    `Agent Studio API listening on ${base}`,
    `  database: ${engine.description}`,
    `  docs:     ${base}/docs   (spec: ${base}/openapi.json)`,
    `  auth:     every ${API_PREFIX} request needs "Authorization: Bearer <api key>"`,
    `  runs:     ${worker ? `${slots} worker slot(s) in this process (RUN_WORKERS)` : 'no worker in this process (RUN_WORKERS=0); start "studio worker"'}`,
    ...policies.summary.map((line) => `  ${line}`),
  ];
  if (outcome.kind === 'created') {
    lines.push(`  admin API key (shown once, store it now): ${outcome.key}`);
  } else if (outcome.kind === 'configured') {
    lines.push('  API key: the one in AGENT_STUDIO_API_KEY');
  } else {
    lines.push(`  API keys: ${outcome.active} active (create more with: pnpm studio api-keys create)`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => server.closeAllConnections(), config.shutdownGraceMs);
    force.unref();
    stopPruning();
    server.close(() => {
      void (async () => {
        if (worker) {
          logger.info('run worker stopping: in-flight steps finish, the rest is handed back');
          await worker.stop().catch((error: unknown) => logger.error({ err: error }, 'run worker stop failed'));
          logger.info('run worker stopped');
        }
        await runtime.close();
        await closeApp(app);
        await engine.close();
        await tracing.shutdown().catch((error: unknown) => logger.warn({ err: error }, 'trace export at shutdown failed'));
        logger.info('stopped');
        process.exit(0);
      })();
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  const message = isApiConfigError(error) || isConfigError(error) || error instanceof Error ? error.message : String(error);
  process.stderr.write(`error: ${message}\n`);
  process.exit(1);
});
