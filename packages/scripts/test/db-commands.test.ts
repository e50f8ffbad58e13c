/**
 * `db migrate up|down|status`, `db init` (twice = once) and `db seed`, against a database of
 * this file's own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliDatabase, snapshot, sql, type CliDatabase } from './cli-database.js';
import { lines, runCli } from './run-cli.js';

let db: CliDatabase;
beforeAll(async () => {
  db = await createCliDatabase();
});
afterAll(() => db?.close());

const MIGRATIONS = 10;

describe('studio db', () => {
  it('migrate status / down / up', async () => {
    const status = await runCli(['db', 'migrate', 'status'], db.env);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stderr).toBe('');
    const applied = db.migrated ? MIGRATIONS : 0;
    expect(status.stdout).toContain(`status: ${applied} applied, ${MIGRATIONS - applied} pending`);

    if (!db.migrated) {
      const up = await runCli(['db', 'migrate', 'up'], db.env);
      expect(up.code, up.stderr).toBe(0);
      expect(up.stdout).toContain(`migrate up: ${MIGRATIONS} migration(s) applied`);
    }

    const down = await runCli(['db', 'migrate', 'down', '--step', '2'], db.env);
    expect(down.code, down.stderr).toBe(0);
    expect(lines(down.stdout)).toEqual(['reverted 0010-create-api-keys', 'reverted 0009-create-runs', 'migrate down: 2 migration(s) reverted']);

    const after = await runCli(['db', 'migrate', 'status'], db.env);
    expect(after.stdout).toContain('pending  0009-create-runs');
    expect(after.stdout).toContain(`status: ${MIGRATIONS - 2} applied, 2 pending`);

    // seeding refuses while migrations are pending
    const seed = await runCli(['db', 'seed'], db.env);
    expect(seed.code).toBe(1);
    expect(lines(seed.stderr)).toEqual(['error: 2 migration(s) pending; run "studio db migrate up" (or "studio db init") first']);

    const up = await runCli(['db', 'migrate', 'up'], db.env);
    expect(up.code, up.stderr).toBe(0);
    expect(lines(up.stdout)).toEqual(['applied  0009-create-runs', 'applied  0010-create-api-keys', 'migrate up: 2 migration(s) applied']);

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
