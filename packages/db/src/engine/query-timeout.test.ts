import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDatabaseUnavailableError } from '../errors/index.js';
import { openSession } from '../exec/open-session.js';
import { select } from '../exec/select.js';
import { Agent } from '../models/agent.js';
import { createTestEngine, type TestEngine } from '../testing/test-engine.js';
import { isConnectionFailure, translateError } from './translate-error.js';

let engine: TestEngine;

beforeAll(async () => {
  // no server-side timeout: only the client-side one can end a query that never answers
  engine = await createTestEngine({ statementTimeoutMs: 0, queryTimeoutMs: 300 });
});
afterAll(() => engine?.close());

describe('client-side query timeout (pg query_timeout)', () => {
  // PGlite runs inside this process: a sleeping query blocks the event loop itself, so only a
  // server can show a client-side timeout firing
  it.skipIf(!process.env.DATABASE_URL)('fails a query the database does not answer in time, discards the connection, and recovers', async () => {
    const c = await engine.acquire();
    const started = Date.now();
    let error: unknown;
    try {
      await c.query('SELECT pg_sleep(2)');
    } catch (e) {
      error = e;
    } finally {
      engine.release(c, true);
    }
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(isConnectionFailure(error)).toBe(true);
    expect(isDatabaseUnavailableError(translateError(error))).toBe(true);
    // the engine still works afterwards (on a fresh connection)
    const session = openSession(engine);
    try {
      expect(await session.exec(select(Agent).count()).one()).toBe(0);
    } finally {
      await session.close();
    }
  });

  it('defaults to the statement timeout plus 5 s', async () => {
    const { loadDbConfig } = await import('../config/db-config.js');
    expect(loadDbConfig({}).queryTimeoutMs).toBe(35_000);
    expect(loadDbConfig({ DB_STATEMENT_TIMEOUT_MS: '0' }).queryTimeoutMs).toBe(60_000);
    expect(loadDbConfig({ DB_QUERY_TIMEOUT_MS: '0' }).queryTimeoutMs).toBe(0);
  });
});
