import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPoolTimeoutError } from '../errors/index.js';
import { openSession, withSession } from '../exec/open-session.js';
import { select } from '../exec/select.js';
import { SessionLocal } from '../legacy/session-local.js';
import { Agent } from '../models/agent.js';
import { createTestEngine, type TestEngine } from '../testing/test-engine.js';

let engine: TestEngine;

beforeAll(async () => {
  engine = await createTestEngine({ poolMax: 5, acquireTimeoutMs: 30_000 });
  await withSession(engine, async (s) => {
    for (let i = 0; i < 20; i++) s.add(Agent, { name: `seed-${i}`, model: 'm' });
  });
});
afterAll(async () => {
  await engine.close();
});

class Planned extends Error {}

describe('no leaks', () => {
  it('2,000 sessions in concurrent batches, 20% throwing mid-way, leave zero borrowed connections', async () => {
    const ids = (await withSession(engine, (s) => s.exec(select(Agent)).all())).map((a) => a.id);
    let thrown = 0;
    let committed = 0;
    for (let batch = 0; batch < 40; batch++) {
      const results = await Promise.allSettled(
        Array.from({ length: 50 }, async (_, j) => {
          const n = batch * 50 + j;
          const useLegacy = n % 7 === 0;
          if (useLegacy) {
            await using db = SessionLocal(engine);
            await db.query(Agent).filterBy({ id: ids[n % ids.length]! }).first();
            if (n % 5 === 0) throw new Planned(`legacy ${n}`);
            return;
          }
          const session = openSession(engine);
          try {
            const agent = (await session.get(Agent, ids[n % ids.length]!))!;
            if (n % 2 === 0) {
              session.add(Agent, { name: `tmp-${n}`, model: 'm' });
              await session.flush(); // holds a connection in a transaction from here
            }
            if (n % 5 === 0) throw new Planned(`exec ${n}`); // mid-way, maybe inside the transaction
            agent.description = `touched ${n}`;
            await session.rollback(); // keep the data set stable; the point is the connection
          } finally {
            await session.close();
          }
        }),
      );
      for (const r of results) {
        if (r.status === 'rejected') {
          expect(r.reason).toBeInstanceOf(Planned);
          thrown++;
        } else committed++;
      }
    }
    expect(thrown).toBe(400);
    expect(committed).toBe(1600);
    expect(engine.stats().borrowed).toBe(0);
    expect(engine.stats().waiting).toBe(0);
    await using s = openSession(engine);
    expect(await s.exec(select(Agent).count()).one()).toBe(20);
  });
});

describe('an exhausted pool', () => {
  it('gives a clear PoolTimeoutError, not a hang, and recovers', async () => {
    const small = await createTestEngine({ poolMax: 1, acquireTimeoutMs: 300 });
    try {
      const holder = openSession(small);
      holder.add(Agent, { name: 'holder', model: 'm' });
      await holder.flush(); // the only connection is now inside holder's transaction
      await using waiter = openSession(small);
      const error = await waiter.exec(select(Agent)).all().catch((e: unknown) => e);
      expect(isPoolTimeoutError(error)).toBe(true);
      expect((error as Error).message).toMatch(/No database connection became free within 300 ms \(pool size 1\)/);
      const legacyError = await SessionLocal(small).query(Agent).count().catch((e: unknown) => e);
      expect(isPoolTimeoutError(legacyError)).toBe(true);
      await holder.close();
      expect(await waiter.exec(select(Agent).count()).one()).toBe(0);
      expect(small.stats().borrowed).toBe(0);
    } finally {
      await small.close();
    }
  });
});

describe('engine.close()', () => {
  it('never hangs on a leaked session: it ends the connection and the transaction is rolled back', async () => {
    const leaky = await createTestEngine({ poolMax: 1, acquireTimeoutMs: 300 });
    const leaked = openSession(leaky);
    leaked.add(Agent, { name: 'leaked', model: 'm' });
    await leaked.flush();
    await leaky.close(); // resolves after the grace period instead of waiting for the session
    expect(leaky.closed).toBe(true);
    expect(leaky.stats().borrowed).toBe(0);
    await leaked.close(); // still safe to call afterwards
  });
});
