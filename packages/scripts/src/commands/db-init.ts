/**
 * `studio db init`: migrations plus the default rows (legacy `initDb`), idempotent.
 *
 * @module
 */
import type { Command } from 'commander';
import { emit, out } from '../lib/output.js';

/**
 * Registers `db init` on the `db` command: `initDb(engine)` from `@agent-studio/legacy/init-db`
 * (migrate up, then find-or-create the default agent and builtin functions by name). A second
 * run applies nothing and creates nothing. `--json`: `{ migrated, created }`.
 *
 * @example
 * registerDbInit(program.command('db'));
 * // $ pnpm studio db init
 */
export function registerDbInit(db: Command): void {
  db.command('init')
    .description('apply pending migrations and create the default rows (idempotent)')
    .action(async () => {
      const { withEngine } = await import('../lib/with-engine.js');
      const { initDb } = await import('@agent-studio/legacy/init-db');
      const report = await withEngine((engine) => initDb(engine));
      emit({ migrated: report.migrated, created: report.created }, () => {
        for (const name of report.migrated) out(`applied  ${name}`);
        for (const row of report.created) out(`created  ${row}`);
        out(
          `db init: ${report.migrated.length} migration(s) applied, ${report.created.length} row(s) created` +
            (report.migrated.length + report.created.length === 0 ? ' (already initialised)' : ''),
        );
      });
    });
}
