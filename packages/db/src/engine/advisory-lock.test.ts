import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withSession } from '../exec/open-session.js';
import { select } from '../exec/select.js';
import { Agent } from '../models/agent.js';
import { createTestEngine, type TestEngine } from '../testing/test-engine.js';
import { createEngine, type Engine } from './engine.js';
import { tryAdvisoryLock } from './advisory-lock.js';

let engine: TestEngine;
beforeAll(async () => {
  engine = await createTestEngine();
});
afterAll(async () => {
  await engine?.close();
});

const KEY = 0x5465_7374;

describe('tryAdvisoryLock', () => {
  it('is taken once, refused while held, free again after release (idempotent)', async () => {
    const lock = await tryAdvisoryLock(engine, KEY);
    expect(lock?.key).toBe(KEY);
    expect(await tryAdvisoryLock(engine, KEY)).toBeNull();
    const other = await tryAdvisoryLock(engine, KEY + 1); // another key is another lock
    expect(other).not.toBeNull();
    await other!.release();
    await lock!.release();
    await lock!.release();
    const again = await tryAdvisoryLock(engine, KEY);
    expect(again).not.toBeNull();
    await again!.release();
  });

  it('takes no pooled connection: the guarded work still has the whole pool', async () => {
    const lock = await tryAdvisoryLock(engine, KEY);
    try {
      expect(engine.stats().borrowed).toBe(0);
      // on the embedded database the pool has ONE connection; this would hang if the lock held it
      expect(await withSession(engine, (s) => s.exec(select(Agent).count()).one())).toBeGreaterThanOrEqual(0);
    } finally {
      await lock?.release();
    }
  });

  it('rejects a key that is not an integer', async () => {
    await expect(tryAdvisoryLock(engine, 1.5)).rejects.toThrow(RangeError);
  });

  // a second engine stands in for a second process; the embedded data directory admits one
  it.runIf(Boolean(process.env.DATABASE_URL))('is refused to another process while held, and freed when released [server only]', async () => {
    const second: Engine = await createEngine({ config: engine.config });
    try {
      const lock = await tryAdvisoryLock(engine, KEY);
      expect(lock).not.toBeNull();
      expect(await tryAdvisoryLock(second, KEY)).toBeNull();
      await lock!.release();
      const theirs = await tryAdvisoryLock(second, KEY);
      expect(theirs).not.toBeNull();
      await theirs!.release();
    } finally {
      await second.close();
    }
  });
});
