/**
 * `studio db migrate up|down|status`.
 *
 * @module
 */
import type { Command } from 'commander';
import type { Engine } from '@agent-studio/db/engine';
import { out } from '../lib/output.js';
import { parsePositiveInt } from '../lib/parse-int-option.js';

/** The database layer and the engine helper, loaded when a command runs (keeps `--help` fast). */
async function load() {
  const [db, { withEngine }] = await Promise.all([import('@agent-studio/db/engine'), import('../lib/with-engine.js')]);
  return { ...db, withEngine };
}

async function printStatus(engine: Engine): Promise<void> {
  const { migrationStatus } = await import('@agent-studio/db/engine');
  const status = await migrationStatus(engine);
  for (const name of status.executed) out(`applied  ${name}`);
  for (const name of status.pending) out(`pending  ${name}`);
  out(
    `status: ${status.executed.length} applied, ${status.pending.length} pending` +
      (status.pending.length ? '' : ' (up to date)'),
  );
}

/**
 * Registers `db migrate` with `up [--to <name>]`, `down [--step <n> | --all]` and `status`,
 * wrapping `migrateUp` / `migrateDown` / `migrationStatus` of `@agent-studio/db/engine` (each run
 * is one transaction under the migrations' advisory lock).
 *
 * @example
 * registerDbMigrate(program.command('db'));
 * // $ pnpm studio db migrate status
 * // $ pnpm studio db migrate down --step 2
 */
export function registerDbMigrate(db: Command): void {
  const migrate = db.command('migrate').description('apply, revert or list schema migrations');

  migrate
    .command('up')
    .description('apply pending migrations (all, or up to and including --to)')
    .option('--to <name>', 'the last migration to apply')
    .action(async (options: { to?: string }) => {
      const { withEngine, migrateUp } = await load();
      await withEngine(async (engine) => {
        const applied = await migrateUp(engine, options.to ? { to: options.to } : {});
        for (const name of applied) out(`applied  ${name}`);
        out(`migrate up: ${applied.length} migration(s) applied`);
      });
    });

  migrate
    .command('down')
    .description('revert the last migration (or --step <n> of them, or --all)')
    .option('--step <n>', 'how many migrations to revert', parsePositiveInt, 1)
    .option('--all', 'revert every migration (drops every table)')
    .action(async (options: { step: number; all?: boolean }) => {
      const { withEngine, migrateDown } = await load();
      await withEngine(async (engine) => {
        const reverted = await migrateDown(engine, options.all ? { to: 0 } : { step: options.step });
        for (const name of reverted) out(`reverted ${name}`);
        out(`migrate down: ${reverted.length} migration(s) reverted`);
      });
    });

  migrate
    .command('status')
    .description('list applied and pending migrations')
    .action(async () => {
      const { withEngine } = await load();
      await withEngine(printStatus);
    });
}
