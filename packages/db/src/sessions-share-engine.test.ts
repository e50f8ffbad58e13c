import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPoolTimeoutError } from './errors/index.js';
import { openSession, select } from './exec.js';
import { SessionLocal } from './legacy.js';
import { Agent } from './models.js';
import { createTestEngine, type TestEngine } from './testing.js';

let engine: TestEngine;

beforeAll(async () => {
  engine = await createTestEngine({ acquireTimeoutMs: 1_500 });
});
afterAll(async () => {
  await engine.close();
});

describe('both session kinds share one engine', () => {
  it('each sees the other’s committed writes, never uncommitted ones', async () => {
    // exec writes, legacy reads
    const exec = openSession(engine);
    const agent = exec.add(Agent, { name: 'from-exec', model: 'm' });
    await exec.flush();
    {
      // uncommitted: the legacy session must not see it. On the embedded database (one backend,
      // pool of 1) it cannot even get a connection while exec's transaction is open: it gets a
      // clear timeout instead of a hang or a dirty read.
      await using legacy = SessionLocal(engine);
      const seen = legacy.query(Agent).filterBy({ name: 'from-exec' }).count();
      if (engine.kind === 'server') expect(await seen).toBe(0);
      else await expect(seen).rejects.toSatisfy(isPoolTimeoutError);
    }
    await exec.commit();
    {
      await using legacy = SessionLocal(engine);
      expect((await legacy.query(Agent).get(agent.id))?.name).toBe('from-exec');
    }

    // legacy writes, exec reads
    const legacy = SessionLocal(engine);
    legacy.add(Agent, { name: 'from-legacy', model: 'm' });
    await legacy.query(Agent).count(); // opens its transaction
    {
      await using reader = openSession(engine);
      const seen = reader.exec(select(Agent).where({ name: 'from-legacy' })).first();
      if (engine.kind === 'server') expect(await seen).toBeNull();
      else await expect(seen).rejects.toSatisfy(isPoolTimeoutError);
    }
    await legacy.commit();
    await legacy.close();
    await using reader = openSession(engine);
    const seen = await reader.exec(select(Agent).where({ name: 'from-legacy' })).one();
    expect(seen.model).toBe('m');
    expect(engine.stats().borrowed).toBe(0);
  });
});
