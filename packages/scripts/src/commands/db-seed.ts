/**
 * `studio db seed`: the default rows only.
 *
 * @module
 */
import type { Command } from 'commander';
import { CliError } from '../lib/cli-error.js';
import { out } from '../lib/output.js';

/**
 * Registers `db seed`: the seeding half of legacy `initDb` — find-or-create by name of the
 * default agent and builtin functions, existing rows left as they are. It does not migrate: while
 * migrations are pending it refuses (exit 1) and says to run `db migrate up` or `db init`.
 * (With nothing pending, `initDb`'s own migrate step is a no-op.)
 *
 * @example
 * registerDbSeed(program.command('db'));
 * // $ pnpm studio db seed
 */
export function registerDbSeed(db: Command): void {
  db.command('seed')
    .description('create the default rows (agent "Assistant", builtin functions) if missing; does not migrate')
    .action(async () => {
      const { withEngine } = await import('../lib/with-engine.js');
      const { migrationStatus } = await import('@agent-studio/db/engine');
      const { initDb } = await import('@agent-studio/legacy/init-db');
      const report = await withEngine(async (engine) => {
        const { pending } = await migrationStatus(engine);
        if (pending.length) {
          throw new CliError(`${pending.length} migration(s) pending; run "studio db migrate up" (or "studio db init") first`);
        }
        return initDb(engine);
      });
      for (const row of report.created) out(`created  ${row}`);
      out(`db seed: ${report.created.length} row(s) created${report.created.length ? '' : ' (already seeded)'}`);
    });
}
