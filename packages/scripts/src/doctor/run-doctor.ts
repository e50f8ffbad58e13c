/**
 * `studio doctor`: every check, in order, stopping where the next ones cannot run.
 *
 * @module
 */
import { createEngine, loadDbConfig, migrationStatus, type DbConfig, type Engine } from '@agent-studio/db/engine';
import { describeDatabase } from '../lib/describe-database.js';
import { formatError } from '../lib/format-error.js';
import type { DatabaseCheck, DoctorResult } from './doctor-check.js';
import { queryRows } from './query-rows.js';
import { outboundPolicy, monitorRunning, workersAlive } from './runtime-checks.js';
import { secretKeySource, storedSecretsReadable } from './secret-checks.js';

/** The checks that read the database once it is reachable, in report order. */
export const DATABASE_CHECKS: readonly DatabaseCheck[] = [storedSecretsReadable, monitorRunning, workersAlive, outboundPolicy];

async function databaseLine(engine: Engine, config: DbConfig): Promise<DoctorResult> {
  const [row] = await queryRows<{ server_version: string }>(engine, 'SHOW server_version');
  const kind = engine.kind === 'embedded' ? 'embedded' : 'server';
  return { check: 'database', status: 'ok', message: `${kind}: ${describeDatabase(config)} (PostgreSQL ${row?.server_version ?? '?'})` };
}

/**
 * Runs the checks against `env`: configuration, secret key source, database (kind, URL without
 * password, server version), migrations, then {@link DATABASE_CHECKS}. A broken configuration or
 * an unreachable database ends the report there (the rest cannot be known). A check that throws
 * becomes a `fail` line naming it; the others still run.
 *
 * @example
 * const results = await runDoctor(process.env);
 * const failed = results.some((r) => r.status === 'fail');
 */
export async function runDoctor(env: NodeJS.ProcessEnv): Promise<DoctorResult[]> {
  const results: DoctorResult[] = [];
  let config: DbConfig;
  try {
    config = loadDbConfig(env);
    results.push({ check: 'configuration', status: 'ok', message: 'database settings are valid' });
  } catch (error) {
    results.push({ check: 'configuration', status: 'fail', message: formatError(error) });
    return results;
  }
  results.push(secretKeySource(config));

  let engine: Engine;
  try {
    engine = await createEngine({ config });
  } catch (error) {
    results.push({ check: 'database', status: 'fail', message: `${describeDatabase(config)}: ${formatError(error)}` });
    return results;
  }
  try {
    results.push(await databaseLine(engine, config));
    const status = await migrationStatus(engine);
    const migrated = status.pending.length === 0;
    results.push(
      migrated
        ? { check: 'migrations', status: 'ok', message: `${status.executed.length} applied, none pending` }
        : {
            check: 'migrations',
            status: 'fail',
            message: `${status.executed.length} applied, ${status.pending.length} pending (next: ${status.pending[0] ?? '?'}): run "studio db migrate up"`,
          },
    );
    for (const check of DATABASE_CHECKS) {
      try {
        results.push(await check({ engine, migrated }));
      } catch (error) {
        results.push({ check: check.name || 'check', status: 'fail', message: formatError(error) });
      }
    }
  } finally {
    await engine.close();
  }
  return results;
}
