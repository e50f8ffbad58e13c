#!/usr/bin/env node
/**
 * `agent-studio-db` — migrate the database and print its status. The root `pnpm start` runs it
 * until the API takes that command over; the operators' CLI (`pnpm studio db ...`) will wrap the
 * same functions.
 *
 * Usage: `agent-studio-db [up|down|status]` (default `up`).
 *
 * @module
 */
import { loadDbConfig } from './config/db-config.js';
import { createEngine } from './engine/engine.js';
import { isDbError } from './errors/db-error.js';
import { migrateDown, migrateUp, migrationStatus } from './migrations/migrator.js';

const USAGE = 'usage: agent-studio-db [up|down|status]';

async function main(argv: readonly string[]): Promise<number> {
  const command = argv[0] ?? 'up';
  if (command === '--help' || command === '-h') {
    console.log(USAGE);
    return 0;
  }
  if (!['up', 'down', 'status'].includes(command) || argv.length > 1) {
    console.error(`error: unknown arguments "${argv.join(' ')}"\n${USAGE}`);
    return 2;
  }
  const config = loadDbConfig(process.env);
  const started = Date.now();
  const engine = await createEngine({ config });
  try {
    console.log(`database: ${engine.description} (connected in ${Date.now() - started} ms)`);
    if (command === 'up') {
      const applied = await migrateUp(engine, { onMigrated: (name) => console.log(`  applied  ${name}`) });
      if (!applied.length) console.log('  nothing to apply');
    } else if (command === 'down') {
      const reverted = await migrateDown(engine, { onMigrated: (name) => console.log(`  reverted ${name}`) });
      if (!reverted.length) console.log('  nothing to revert');
    }
    const status = await migrationStatus(engine);
    console.log(`migrations: ${status.executed.length} applied, ${status.pending.length} pending`);
    for (const name of status.pending) console.log(`  pending  ${name}`);
    console.log(status.pending.length ? 'status: migrations pending' : 'status: up to date');
    return 0;
  } finally {
    await engine.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`error: ${isDbError(error) || error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
