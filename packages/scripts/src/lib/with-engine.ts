/**
 * Opening and always closing the engine around a command's work.
 *
 * @module
 */
import { createEngine, loadDbConfig, migrationStatus, type Engine } from '@agent-studio/db/engine';
import { installProcessPolicies } from '@agent-studio/sdk/mcp';
import { CliError } from './cli-error.js';
import { describeDatabase } from './describe-database.js';
import { err } from './output.js';

/** Options of {@link withEngine}. */
export interface WithEngineOptions {
  /**
   * Check once, before `fn`, that no migration is pending; else fail with
   * `database is not migrated: run "studio db migrate up"` (instead of a raw
   * `relation "..." does not exist` from the first query).
   */
  readonly requireMigrated?: boolean;
}

/**
 * The one message for a database with pending migrations.
 *
 * @example
 * throw notMigratedError(3);
 */
export function notMigratedError(pending: number, total: number): CliError {
  const how = pending === total ? '' : ` (${pending} of ${total} migration(s) pending)`;
  return new CliError(`database is not migrated${how}: run "studio db migrate up"`);
}

/**
 * Creates the engine from the environment (`DATABASE_URL`, else the embedded database in
 * `AGENT_STUDIO_DATA_DIR`), says on stderr which database it is (`database: postgres://app:***@…`),
 * optionally checks it is migrated, runs `fn`, and closes the engine whatever happens. An
 * unreachable database is the db layer's `DatabaseUnavailableError` (printed as one line).
 *
 * @example
 * await withEngine(async (engine) => listAgents(engine), { requireMigrated: true });
 */
export async function withEngine<T>(fn: (engine: Engine) => Promise<T>, options: WithEngineOptions = {}): Promise<T> {
  const config = loadDbConfig(process.env);
  // the outbound and stdio command policies (OUTBOUND_ALLOW, MCP_STDIO_COMMANDS): an invalid value stops the command
  installProcessPolicies(process.env);
  err(`database: ${describeDatabase(config)}`);
  const engine = await createEngine({ config });
  try {
    if (options.requireMigrated) {
      const status = await migrationStatus(engine);
      if (status.pending.length) throw notMigratedError(status.pending.length, status.pending.length + status.executed.length);
    }
    return await fn(engine);
  } finally {
    await engine.close();
  }
}
