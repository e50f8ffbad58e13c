import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationStatus } from '@agent-studio/db/engine';
import { SessionLocal } from '@agent-studio/db/legacy';
import { Agent, StudioFunction } from '@agent-studio/db/models';
import { createTestEngine, type TestEngine } from '@agent-studio/db/testing';
import { clearTables, sql } from '../../test/fixtures.js';
import { DEFAULT_SEED } from './default-seed.js';
import { initDb } from './init-db.js';

let engine: TestEngine;
beforeAll(async () => {
  engine = await createTestEngine();
});
afterAll(async () => {
  await engine?.close();
});

/** Every row of every table (and the migration log), in a stable order. */
async function snapshot(): Promise<Record<string, unknown[]>> {
  const tables = await sql<{ name: string }>(
    engine,
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const out: Record<string, unknown[]> = {};
  for (const { name } of tables) {
    out[name] = await sql(engine, `SELECT * FROM "${name}" ORDER BY 1`);
  }
  return out;
}

describe('initDb', () => {
  it('migrates and seeds; a second run changes nothing', async () => {
    await clearTables(engine);
    const first = await initDb(engine);
    expect(first.created).toEqual(['agents:Assistant', 'functions:current_time', 'functions:echo']);
    expect((await migrationStatus(engine)).pending).toEqual([]);
    const afterFirst = await snapshot();
    expect(afterFirst.agents).toHaveLength(1);
    expect(afterFirst.functions).toHaveLength(2);

    const second = await initDb(engine);
    expect(second).toEqual({ migrated: [], created: [] });
    expect(await snapshot()).toEqual(afterFirst);
  });

  it('leaves an existing row with a seeded name exactly as it is', async () => {
    await clearTables(engine);
    {
      await using db = SessionLocal(engine);
      db.add(Agent, { name: 'Assistant', model: 'my-own-model', instructions: 'custom' });
      await db.commit();
    }
    const report = await initDb(engine);
    expect(report.created).toEqual(['functions:current_time', 'functions:echo']);
    await using db = SessionLocal(engine);
    const agent = await db.query(Agent).filterBy({ name: 'Assistant' }).one();
    expect(agent).toMatchObject({ model: 'my-own-model', instructions: 'custom', version: 1 });
    expect(await db.query(StudioFunction).count()).toBe(DEFAULT_SEED.functions.length);
  });

  it('seeds nothing with { seed: false }, and a custom seed with { seed }', async () => {
    await clearTables(engine);
    expect(await initDb(engine, { seed: false })).toEqual({ migrated: [], created: [] });
    const custom = { agents: [{ name: 'Support', model: 'gpt-4o' }], functions: [] };
    expect((await initDb(engine, { seed: custom })).created).toEqual(['agents:Support']);
    expect((await initDb(engine, { seed: custom })).created).toEqual([]);
    expect(engine.stats().borrowed).toBe(0);
  });
});
