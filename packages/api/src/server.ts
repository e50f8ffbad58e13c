#!/usr/bin/env node
/**
 * The API server: `pnpm start`. Migrates the database, makes sure an API key exists (printing a
 * new one once), listens on HOST:PORT, and shuts down gracefully on SIGTERM/SIGINT: stop
 * accepting, finish in-flight requests, close the engine, exit 0.
 *
 * @module
 */
import { createEngine, isConfigError, loadDbConfig, migrateUp } from '@agent-studio/db/engine';
import type { AddressInfo } from 'node:net';
import { bootstrapApiKey } from './app/bootstrap-api-key.js';
import { API_PREFIX, closeApp, createApp } from './app/create-app.js';
import { scheduleAuditPruning } from './audit/prune-audit-events.js';
import { createLogger } from './app/logger.js';
import { isApiConfigError, loadApiConfig } from './config/api-config.js';

async function main(): Promise<void> {
  const config = loadApiConfig(process.env);
  const dbConfig = loadDbConfig(process.env);
  const logger = createLogger(config.logLevel);
  const engine = await createEngine({ config: dbConfig });
  const applied = await migrateUp(engine);
  logger.info({ database: engine.description, applied }, 'database ready');
  const outcome = await bootstrapApiKey(engine, config.bootstrapApiKey);

  const app = createApp({ engine, config, logger });
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
      void closeApp(app).then(() => engine.close()).then(() => {
        logger.info('stopped');
        process.exit(0);
      });
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
