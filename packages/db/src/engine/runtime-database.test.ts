import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEngine, type TestEngine } from '../testing/test-engine.js';
import { createRuntimeDatabase, type EngineRuntimeDatabase } from './runtime-database.js';

let engine: TestEngine;
let db: EngineRuntimeDatabase;
beforeAll(async () => {
  engine = await createTestEngine();
  db = createRuntimeDatabase(engine);
});
afterAll(async () => {
  await db?.close();
  await engine?.close();
});

describe('createRuntimeDatabase().executeSql', () => {
  it('runs a statement as a named prepared statement with { prepared: true }: planned once per connection, answering like an unnamed one', async () => {
    const text = 'SELECT $1::int + $2::int AS sum, current_setting($3) AS setting';
    for (const [a, b] of [[1, 2], [40, 2]] as const) {
      const prepared = await db.executeSql<{ sum: number; setting: string }>(text, [a, b, 'application_name'], { prepared: true });
      const plain = await db.executeSql<{ sum: number; setting: string }>(text, [a, b, 'application_name']);
      expect(prepared.rows).toEqual(plain.rows);
      expect(prepared.rows[0]!.sum).toBe(a + b);
    }
    // the pool's connection now holds it (pg_prepared_statements lists this session's statements)
    const { rows } = await db.executeSql<{ n: number }>('SELECT count(*)::int AS n FROM pg_prepared_statements WHERE statement = $1', [text]);
    expect(rows[0]!.n).toBe(1);
  });

  it('a prepared statement that fails is a translated error, and the connection keeps working', async () => {
    await expect(db.executeSql('SELECT 1 / $1::int AS x', [0], { prepared: true })).rejects.toThrow(/division by zero/);
    const { rows } = await db.executeSql<{ x: number }>('SELECT 1 / $1::int AS x', [1], { prepared: true });
    expect(rows).toEqual([{ x: 1 }]);
  });
});
