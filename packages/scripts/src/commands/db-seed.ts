/**
 * `studio db seed`: the default rows only.
 *
 * @module
 */
import type { Command } from 'commander';
import { emit, out } from '../lib/output.js';

/**
 * Registers `db seed`: the seeding half of legacy `initDb` — find-or-create by name of the
 * default agent and builtin functions, existing rows left as they are. It does not migrate: while
 * migrations are pending it refuses (exit 1) with `database is not migrated: run "studio db
 * migrate up"`. (With nothing pending, `initDb`'s own migrate step is a no-op.) `--json`:
 * `{ created }`.
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
      const { initDb } = await import('@agent-studio/legacy/init-db');
      const report = await withEngine((engine) => initDb(engine), { requireMigrated: true });
      emit({ created: report.created }, () => {
        for (const row of report.created) out(`created  ${row}`);
        out(`db seed: ${report.created.length} row(s) created${report.created.length ? '' : ' (already seeded)'}`);
      });
    });
}
