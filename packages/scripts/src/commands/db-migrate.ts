/**
 * `studio db migrate up|down|status`.
 *
 * @module
 */
import { Option, type Command } from 'commander';
import { confirmDestructive } from '../lib/confirm.js';
import { emit, err, out, warn } from '../lib/output.js';
import { parsePositiveInt } from '../lib/parse-int-option.js';

/** The database layer and the engine helper, loaded when a command runs (keeps `--help` fast). */
async function load() {
  const [db, { withEngine }] = await Promise.all([import('@agent-studio/db/engine'), import('../lib/with-engine.js')]);
  return { ...db, withEngine };
}

interface DownOptions {
  step: number;
  all?: boolean;
  yes?: boolean;
}

/**
 * Registers `db migrate` with `up [--to <name>]`, `down [--step <n> | --all] [--yes]` and
 * `status`, wrapping `migrateUp` / `migrateDown` / `migrationStatus` of `@agent-studio/db/engine`
 * (each run is one transaction under the migrations' advisory lock).
 *
 * - `down` lists what it will revert (on stderr) and asks first (`--yes` when not on a
 *   terminal); `--step` with `--all` is a usage error (exit 2).
 * - `status` exits 1 while migrations are pending (after printing them), 0 when up to date.
 *
 * @example
 * registerDbMigrate(program.command('db'));
 * // $ pnpm studio db migrate status
 * // $ pnpm studio db migrate down --step 2 --yes
 */
export function registerDbMigrate(db: Command): void {
  const migrate = db.command('migrate').description('apply, revert or list schema migrations');

  migrate
    .command('up')
    .description('apply pending migrations (all, or up to and including --to)')
    .option('--to <name>', 'the last migration to apply')
    .action(async (options: { to?: string }) => {
      const { withEngine, migrateUp } = await load();
      const applied = await withEngine((engine) => migrateUp(engine, options.to ? { to: options.to } : {}));
      emit({ applied }, () => {
        for (const name of applied) out(`applied  ${name}`);
        out(`migrate up: ${applied.length} migration(s) applied`);
      });
    });

  migrate
    .command('down')
    .description('revert the last migration (or --step <n> of them, or --all); lists them and asks first')
    .option('--step <n>', 'how many migrations to revert', parsePositiveInt, 1)
    .addOption(new Option('--all', 'revert every migration (drops every table)').conflicts('step'))
    .option('-y, --yes', 'do not ask for confirmation (required when not on a terminal)')
    .action(async (options: DownOptions) => {
      const { withEngine, migrateDown, migrationStatus } = await load();
      const reverted = await withEngine(async (engine) => {
        const { executed } = await migrationStatus(engine);
        const planned = [...executed].reverse().slice(0, options.all ? executed.length : options.step);
        if (!planned.length) return [];
        err(`will revert ${planned.length} migration(s), dropping what they created:`);
        for (const name of planned) err(`  ${name}`);
        await confirmDestructive({ action: `revert ${planned.length} migration(s)`, yes: options.yes === true });
        return migrateDown(engine, options.all ? { to: 0 } : { step: options.step });
      });
      emit({ reverted }, () => {
        for (const name of reverted) out(`reverted ${name}`);
        out(`migrate down: ${reverted.length} migration(s) reverted`);
      });
    });

  migrate
    .command('status')
    .description('list applied and pending migrations; exit 1 while any is pending')
    .action(async () => {
      const { withEngine, migrationStatus } = await load();
      const status = await withEngine((engine) => migrationStatus(engine));
      const upToDate = status.pending.length === 0;
      emit({ applied: status.executed, pending: status.pending, upToDate }, () => {
        for (const name of status.executed) out(`applied  ${name}`);
        for (const name of status.pending) out(`pending  ${name}`);
        out(`status: ${status.executed.length} applied, ${status.pending.length} pending` + (upToDate ? ' (up to date)' : ''));
      });
      if (!upToDate) {
        warn(`${status.pending.length} migration(s) pending: run "studio db migrate up"`);
        process.exitCode = 1;
      }
    });
}
