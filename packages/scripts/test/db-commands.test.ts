/**
 * `db migrate up|down|status`, `db init` (twice = once) and `db seed`, against a database of
 * this file's own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationStatus } from '@agent-studio/db/engine';
import { createCliDatabase, snapshot, sql, type CliDatabase } from './cli-database.js';
import { lines, runCli } from './run-cli.js';

let db: CliDatabase;
/** Every migration's name, in order (whatever the db package ships). */
let names: string[];
let MIGRATIONS: number;
beforeAll(async () => {
  db = await createCliDatabase();
  const status = await db.inspect((engine) => migrationStatus(engine));
  names = [...status.executed, ...status.pending];
  MIGRATIONS = names.length;
});
afterAll(() => db?.close());

describe('studio db', () => {
  it('migrate status / down / up', async () => {
    const status = await runCli(['db', 'migrate', 'status'], db.env);
    // exit 1 while anything is pending, 0 when up to date
    expect(status.code, status.stderr).toBe(db.migrated ? 0 : 1);
    expect(lines(status.stderr)[0]).toMatch(/^database: /);
    const applied = db.migrated ? MIGRATIONS : 0;
    expect(status.stdout).toContain(`status: ${applied} applied, ${MIGRATIONS - applied} pending`);

    if (!db.migrated) {
      const up = await runCli(['db', 'migrate', 'up'], db.env);
      expect(up.code, up.stderr).toBe(0);
      expect(up.stdout).toContain(`migrate up: ${MIGRATIONS} migration(s) applied`);
    }

    const down = await runCli(['db', 'migrate', 'down', '--step', '2', '--yes'], db.env);
    expect(down.code, down.stderr).toBe(0);
    const [last, beforeLast] = [names.at(-1)!, names.at(-2)!];
    expect(down.stderr).toContain(`will revert 2 migration(s), dropping what they created:\n  ${last}\n  ${beforeLast}\n`);
    expect(lines(down.stdout)).toEqual([`reverted ${last}`, `reverted ${beforeLast}`, 'migrate down: 2 migration(s) reverted']);

    const after = await runCli(['db', 'migrate', 'status'], db.env);
    expect(after.code).toBe(1);
    expect(after.stderr).toContain('warning: 2 migration(s) pending: run "studio db migrate up"');
    expect(after.stdout).toContain(`pending  ${beforeLast}`);
    expect(after.stdout).toContain(`status: ${MIGRATIONS - 2} applied, 2 pending`);

    // seeding refuses while migrations are pending
    const seed = await runCli(['db', 'seed'], db.env);
    expect(seed.code).toBe(1);
    expect(lines(seed.stderr).at(-1)).toBe(
      `error: database is not migrated (2 of ${MIGRATIONS} migration(s) pending): run "studio db migrate up"`,
    );

    const up = await runCli(['db', 'migrate', 'up'], db.env);
    expect(up.code, up.stderr).toBe(0);
    expect(lines(up.stdout)).toEqual([`applied  ${beforeLast}`, `applied  ${last}`, 'migrate up: 2 migration(s) applied']);

    const upAgain = await runCli(['db', 'migrate', 'up'], db.env);
    expect(upAgain.stdout).toContain('migrate up: 0 migration(s) applied');
  });

  it('init twice = init once; seed after init creates nothing', async () => {
    const first = await runCli(['db', 'init'], db.env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('created  agents:Assistant');
    expect(first.stdout).toContain('db init: 0 migration(s) applied, 3 row(s) created');
    const once = await db.inspect(snapshot);
    expect(once.counts.agents).toBe(1);
    expect(once.counts.functions).toBe(2);

    const second = await runCli(['db', 'init'], db.env);
    expect(second.code, second.stderr).toBe(0);
    expect(lines(second.stdout)).toEqual(['db init: 0 migration(s) applied, 0 row(s) created (already initialised)']);
    const seed = await runCli(['db', 'seed'], db.env);
    expect(seed.code, seed.stderr).toBe(0);
    expect(lines(seed.stdout)).toEqual(['db seed: 0 row(s) created (already seeded)']);

    expect(await db.inspect(snapshot)).toEqual(once);
  });

  it('seed re-creates a missing default row only', async () => {
    await db.inspect((engine) => sql(engine, "DELETE FROM functions WHERE name = 'echo'"));
    const seed = await runCli(['db', 'seed'], db.env);
    expect(seed.code, seed.stderr).toBe(0);
    expect(lines(seed.stdout)).toEqual(['created  functions:echo', 'db seed: 1 row(s) created']);
  });
});
