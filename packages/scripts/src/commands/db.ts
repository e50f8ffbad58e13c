/**
 * `studio db`: the database group.
 *
 * @module
 */
import type { Command } from 'commander';
import { registerDbInit } from './db-init.js';
import { registerDbMigrate } from './db-migrate.js';
import { registerDbSeed } from './db-seed.js';

/**
 * Registers `db` and its subcommands `init`, `migrate up|down|status` and `seed`.
 *
 * @example
 * registerDb(program);
 * // $ pnpm studio db init
 */
export function registerDb(program: Command): void {
  const db = program.command('db').description('initialise, migrate and seed the database');
  registerDbInit(db);
  registerDbMigrate(db);
  registerDbSeed(db);
}
