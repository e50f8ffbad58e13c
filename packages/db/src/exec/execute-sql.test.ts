import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPendingRollbackError, isQueryError, isSessionClosedError } from '../errors/index.js';
import { createNotificationListener } from '../engine/notification-listener.js';
import { Agent } from '../models/agent.js';
import { Run } from '../models/run.js';
import { RUN_QUEUE } from '../models/run-queue.js';
import { createTestEngine, type TestEngine } from '../testing/test-engine.js';
import { openSession } from './open-session.js';
import { select } from './select.js';

let engine: TestEngine;
beforeAll(async () => {
  engine = await createTestEngine();
});
afterAll(() => engine.close());

describe('ExecSession.executeSql', () => {
  it('runs inside the transaction: rolled back with the staged rows, committed with them', async () => {
    {
      await using s = openSession(engine);
      const run = s.add(Run, { input: { q: 1 } });
      await s.executeSql(`INSERT INTO run_events (run_id, type) VALUES ($1, 'run.queued')`, [run.id]);
      expect(s.inTransaction).toBe(true);
      await s.rollback();
    }
    {
      await using s = openSession(engine);
      const { rows } = await s.executeSql<{ n: string }>('SELECT count(*)::text AS n FROM run_events');
      expect(rows[0]!.n).toBe('0');
      const run = s.add(Run, { input: {} });
      const inserted = await s.executeSql(`INSERT INTO run_events (run_id, type) VALUES ($1, 'run.queued') RETURNING id`, [run.id]);
      expect(inserted.rowCount).toBe(1);
      await s.commit();
      expect((await s.exec(select(Run).where({ id: run.id })).one()).attempt).toBe(0);
    }
  });

  it('a failed statement poisons the transaction until rollback, and maps to a typed error', async () => {
    await using s = openSession(engine);
    s.add(Agent, { name: 'sql-agent', model: 'm' });
    const err = await s.executeSql(`INSERT INTO run_events (run_id, type) VALUES (gen_random_uuid(), 'x')`).catch((e: unknown) => e);
    expect(isQueryError(err)).toBe(true);
    await expect(s.executeSql('SELECT 1')).rejects.toSatisfy(isPendingRollbackError);
    await s.rollback();
    await expect(s.exec(select(Agent).where({ name: 'sql-agent' })).first()).resolves.toBeNull();
    await s.close();
    await expect(s.executeSql('SELECT 1')).rejects.toSatisfy(isSessionClosedError);
  });

  it('the run queue exists after migration', async () => {
    await using s = openSession(engine);
    const { rows } = await s.executeSql<{ name: string }>(`SELECT name FROM ${RUN_QUEUE.schema}.queue WHERE name = $1`, [RUN_QUEUE.name]);
    expect(rows.map((r) => r.name)).toEqual([RUN_QUEUE.name]);
  });
});

describe('createNotificationListener', () => {
  it('delivers notifications sent by a committed transaction, and none from a rolled-back one', async () => {
    const listener = createNotificationListener(engine);
    if (!listener.supported) {
      expect(engine.kind).toBe('embedded');
      return;
    }
    const got: string[] = [];
    const stop = await listener.subscribe('test_channel', (p) => got.push(p));
    {
      await using s = openSession(engine);
      await s.executeSql('SELECT pg_notify($1, $2)', ['test_channel', 'rolled-back']);
      await s.rollback();
    }
    {
      await using s = openSession(engine);
      await s.executeSql('SELECT pg_notify($1, $2)', ['test_channel', 'committed']);
      await s.commit();
    }
    await expect.poll(() => got, { timeout: 5_000 }).toEqual(['committed']);
    await stop();
    await listener.close();
  });
});
