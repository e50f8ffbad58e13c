import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPoolTimeoutError } from '../errors/index.js';
import { openSession, withSession } from '../exec/open-session.js';
import { select } from '../exec/select.js';
import { SessionLocal } from '../legacy/session-local.js';
import { Agent } from '../models/agent.js';
import { createTestEngine, type TestEngine } from '../testing/test-engine.js';
import { sqlstateClassOf } from './engine-observer.js';

let engine: TestEngine;
beforeAll(async () => {
  engine = await createTestEngine({ poolMax: 1, acquireTimeoutMs: 300 });
});
afterAll(async () => {
  await engine.close();
});

describe('engine.observe', () => {
  it('is told every acquire with its wait, each acquire timeout and each failed statement by SQLSTATE class', async () => {
    const waits: number[] = [];
    const classes: string[] = [];
    let timeouts = 0;
    const stop = engine.observe({
      onAcquire: (ms) => waits.push(ms),
      onAcquireTimeout: () => timeouts++,
      onStatementError: (c) => classes.push(c),
    });
    // exec session: one read (one acquire), then a syntax error (42) on its own connection
    await withSession(engine, (s) => s.exec(select(Agent)).all());
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(0);
    await withSession(engine, (s) => s.executeSql('SELEC 1')).catch(() => undefined);
    // legacy session (Sequelize borrows from the same pool): division by zero (22)
    {
      await using db = SessionLocal(engine);
      await db.query(Agent).count(); // acquire through Sequelize
    }
    await engine.sequelize.query('SELECT 1/0').catch(() => undefined);
    expect(classes).toEqual(['42', '22']);
    // the only connection held: the next borrower waits 300 ms and times out
    const holder = openSession(engine);
    holder.add(Agent, { name: 'holder', model: 'm' });
    await holder.flush();
    const before = waits.length;
    const error = await withSession(engine, (s) => s.exec(select(Agent)).all()).catch((e: unknown) => e);
    expect(isPoolTimeoutError(error)).toBe(true);
    expect(timeouts).toBe(1);
    expect(waits).toHaveLength(before);
    expect(engine.stats()).toMatchObject({ borrowed: 1, size: 1, idle: 0, max: 1 });
    await holder.close();
    expect(engine.stats()).toMatchObject({ borrowed: 0, idle: 1 });
    // a waiter that gets the connection after ~100 ms reports that wait
    const holder2 = openSession(engine);
    holder2.add(Agent, { name: 'holder2', model: 'm' });
    await holder2.flush();
    setTimeout(() => void holder2.rollback().then(() => holder2.close()), 100);
    await withSession(engine, (s) => s.exec(select(Agent)).all());
    expect(waits.at(-1)).toBeGreaterThanOrEqual(80);
    stop();
    await withSession(engine, (s) => s.executeSql('SELEC 1')).catch(() => undefined);
    expect(classes).toEqual(['42', '22']); // removed: told nothing more
  });

  it('names the class of a driver error, also wrapped by Sequelize', () => {
    expect(sqlstateClassOf({ code: '23505' })).toBe('23');
    expect(sqlstateClassOf({ original: { code: '40001' } })).toBe('40');
    expect(sqlstateClassOf(new Error('Connection terminated'))).toBe('connection');
  });
});
