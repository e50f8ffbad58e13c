/**
 * The per-request session's lifecycle, against a real database (PostgreSQL when DATABASE_URL is
 * set, the embedded PGlite otherwise): a handler that writes and then throws leaves nothing
 * behind, a commit that fails is never a 2xx, and a storm of requests with handler errors and
 * client aborts leaves no connection borrowed.
 */
import { once } from 'node:events';
import type { PooledConnection } from '@agent-studio/db/engine';
import { select } from '@agent-studio/db/exec';
import { Agent } from '@agent-studio/db/models';
import express from 'express';
import pg from 'pg';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiTestContext, type ApiTestContext } from '../../test/api-test-context.js';
import { listenOnLoopback } from '../../test/listen-on-loopback.js';
import { createLogger } from '../app/logger.js';
import { HttpProblem } from '../http/http-problem.js';
import { problemErrorHandler } from '../http/problem-error-handler.js';
import { withRequestSession } from './request-session.js';

let ctx: ApiTestContext;

/** The app's error handler, as createApp installs it. */
const onError = problemErrorHandler(createLogger('silent'));

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs SQL on a connection borrowed from the engine (works on PGlite's single connection too). */
async function sql<T extends Record<string, unknown>>(text: string, values: unknown[] = []): Promise<T[]> {
  const connection: PooledConnection = await ctx.engine.acquire();
  try {
    return (await connection.query<T>(text, values)).rows;
  } finally {
    ctx.engine.release(connection);
  }
}

async function agentCount(namePrefix: string): Promise<number> {
  const rows = await sql<{ n: number }>('SELECT count(*)::int AS n FROM agents WHERE name LIKE $1', [`${namePrefix}%`]);
  return rows[0]!.n;
}

/** Polls until the pool lends nothing (sessions release on 'close', which may trail the response). */
async function expectNothingBorrowed(): Promise<void> {
  const deadline = Date.now() + 5_000;
  while ((ctx.engine.stats().borrowed > 0 || ctx.engine.stats().waiting > 0) && Date.now() < deadline) await sleep(10);
  expect(ctx.engine.stats()).toMatchObject({ borrowed: 0, waiting: 0 });
}

beforeAll(async () => {
  ctx = await createApiTestContext();
});

afterAll(async () => {
  await ctx?.close();
});

describe('a handler that writes and then fails', () => {
  it('leaves nothing in the database (plain error, 500) and releases its connection', async () => {
    const app = express();
    app.post(
      '/write-then-throw',
      withRequestSession(ctx.engine, async ({ session }) => {
        session.add(Agent, { name: 'rolled-back-plain', model: 'gpt-4o-mini' });
        await session.flush(); // the INSERT reached the database, inside the request's transaction
        expect(await session.exec(select(Agent).where({ name: 'rolled-back-plain' })).first()).not.toBeNull();
        throw new Error('boom after flush');
      }),
    );
    app.use(onError);
    const res = await request(app).post('/write-then-throw');
    expect(res.status).toBe(500);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await agentCount('rolled-back-plain')).toBe(0);
    await expectNothingBorrowed();
  });

  it('leaves nothing in the database when the handler throws a domain problem (409) after two flushes', async () => {
    const app = express();
    app.post(
      '/write-then-conflict',
      withRequestSession(ctx.engine, async ({ session }) => {
        session.add(Agent, { name: 'rolled-back-domain-1', model: 'gpt-4o-mini' });
        await session.flush();
        session.add(Agent, { name: 'rolled-back-domain-2', model: 'gpt-4o-mini' });
        await session.flush();
        throw new HttpProblem(409, 'changed my mind');
      }),
    );
    app.use(onError);
    const res = await request(app).post('/write-then-conflict');
    expect(res.status).toBe(409);
    expect(await agentCount('rolled-back-domain')).toBe(0);
    await expectNothingBorrowed();
  });

  it('leaves nothing when the failure is a database error in a later statement of the same request', async () => {
    const app = express();
    app.post(
      '/write-then-duplicate',
      withRequestSession(ctx.engine, async ({ session }) => {
        session.add(Agent, { name: 'rolled-back-dup-first', model: 'gpt-4o-mini' });
        session.add(Agent, { name: 'rolled-back-dup', model: 'gpt-4o-mini' });
        await session.flush();
        session.add(Agent, { name: 'rolled-back-dup', model: 'gpt-4o-mini' }); // unique violation
        await session.flush();
        return { status: 201 };
      }),
    );
    app.use(onError);
    const res = await request(app).post('/write-then-duplicate');
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(await agentCount('rolled-back-dup')).toBe(0);
    await expectNothingBorrowed();
  });

  it('commits a handler that succeeds before the response is written', async () => {
    const app = express();
    app.post(
      '/write-ok',
      withRequestSession(ctx.engine, async ({ session }) => {
        session.add(Agent, { name: 'committed-before-response', model: 'gpt-4o-mini' });
        return { status: 201, body: { ok: true } };
      }),
    );
    app.use(onError);
    const server = await listenOnLoopback(app);
    try {
      const res = await fetch(`${server.base}/write-ok`, { method: 'POST' });
      expect(res.status).toBe(201);
      // visible to another connection the moment the client has its 201 (no commit after the response)
      expect(await agentCount('committed-before-response')).toBe(1);
      expect(await res.json()).toEqual({ ok: true });
    } finally {
      await server.close();
    }
    await expectNothingBorrowed();
  });
});

describe('a commit that fails', () => {
  beforeAll(async () => {
    // A deferred constraint trigger: the INSERT succeeds, COMMIT raises (PostgreSQL and PGlite).
    await sql(`
      CREATE OR REPLACE FUNCTION test_fail_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'deferred check failed for %', NEW.name USING ERRCODE = 'check_violation';
      END $$`);
    await sql(`
      CREATE CONSTRAINT TRIGGER test_fail_at_commit AFTER INSERT ON agents
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
      WHEN (NEW.name LIKE 'fail-at-commit%') EXECUTE FUNCTION test_fail_at_commit()`);
  });

  afterAll(async () => {
    await sql('DROP TRIGGER IF EXISTS test_fail_at_commit ON agents');
    await sql('DROP FUNCTION IF EXISTS test_fail_at_commit()');
  });

  it('answers an error status, never 2xx, when COMMIT raises (deferred trigger); the flush itself succeeded', async () => {
    let flushed = false;
    const app = express();
    app.post(
      '/deferred',
      withRequestSession(ctx.engine, async ({ session }) => {
        session.add(Agent, { name: 'fail-at-commit-1', model: 'gpt-4o-mini' });
        await session.flush();
        flushed = true;
        return { status: 201, body: { created: true } };
      }),
    );
    app.use(onError);
    const res = await request(app).post('/deferred');
    expect(flushed).toBe(true);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.text).not.toContain('created');
    expect(await agentCount('fail-at-commit')).toBe(0);
    await expectNothingBorrowed();
  });

  it('the same through a real route: POST /api/v1/agents whose COMMIT raises is not a 2xx', async () => {
    const res = await request(ctx.app).post('/api/v1/agents').set(ctx.auth).send({ name: 'fail-at-commit-route', model: 'gpt-4o-mini' });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers.location).toBeUndefined();
    expect(await agentCount('fail-at-commit-route')).toBe(0);
    await expectNothingBorrowed();
  });

  it.skipIf(!process.env.DATABASE_URL)(
    'answers 503 when the connection dies between flush and COMMIT (pg_terminate_backend from another connection)',
    async () => {
      const url = new URL(process.env.DATABASE_URL!);
      url.pathname = `/${ctx.engine.isolatedIn}`;
      const admin = new pg.Client({ connectionString: url.toString() });
      await admin.connect();
      let release!: () => void;
      const latch = new Promise<void>((resolve) => (release = resolve));
      let flushed!: () => void;
      const hasFlushed = new Promise<void>((resolve) => (flushed = resolve));
      try {
        const app = express();
        app.post(
          '/terminated',
          withRequestSession(ctx.engine, async ({ session }) => {
            session.add(Agent, { name: 'terminated-before-commit', model: 'gpt-4o-mini' });
            await session.flush();
            flushed();
            await latch;
            return { status: 201, body: { created: true } };
          }),
        );
        app.use(onError);
        const pending = request(app).post('/terminated').then((r) => r);
        await hasFlushed;
        const killed = await admin.query<{ pid: number; ok: boolean }>(
          `SELECT pid, pg_terminate_backend(pid) AS ok FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'idle in transaction'`,
        );
        expect(killed.rows).toHaveLength(1);
        expect(killed.rows[0]!.ok).toBe(true);
        release();
        const res = await pending;
        expect(res.status).toBe(503);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(await agentCount('terminated-before-commit')).toBe(0);
        await expectNothingBorrowed();
        // the pool threw the dead connection away: the next request works
        const after = await request(ctx.app).get('/api/v1/agents?limit=1').set(ctx.auth);
        expect(after.status).toBe(200);
      } finally {
        release();
        await admin.end();
      }
    },
  );
});

describe('2,000 requests with 20% handler errors and 20% client aborts', () => {
  it('leave zero borrowed connections, commit exactly the successful writes, and the app still serves', { timeout: 180_000 }, async () => {
    const arrivals = new Map<string, () => void>();
    let abortedInsideTransaction = 0;
    const app = express();
    const t = express.Router();
    t.post(
      '/ok/:n',
      withRequestSession(ctx.engine, async ({ req, session }) => {
        const agent = session.add(Agent, { name: `storm-ok-${String(req.params.n)}`, model: 'gpt-4o-mini' });
        await session.flush();
        return { status: 201, body: { id: agent.id } };
      }),
    );
    t.post(
      '/fail/:n',
      withRequestSession(ctx.engine, async ({ req, session }) => {
        session.add(Agent, { name: `storm-fail-${String(req.params.n)}`, model: 'gpt-4o-mini' });
        await session.flush();
        if (Number(req.params.n) % 2) throw new Error('handler failed after its flush');
        throw new HttpProblem(409, 'refused after a flush');
      }),
    );
    t.post(
      '/slow/:n',
      withRequestSession(ctx.engine, async ({ req, session }) => {
        session.add(Agent, { name: `storm-slow-${String(req.params.n)}`, model: 'gpt-4o-mini' });
        await session.flush(); // a transaction is open and its connection borrowed from here on
        arrivals.get(String(req.params.n))?.();
        const closed = once(req.res!, 'close').then(() => true);
        const gone = await Promise.race([closed, sleep(2_000).then(() => false)]);
        if (gone) abortedInsideTransaction += 1;
        session.add(Agent, { name: `storm-slow-${String(req.params.n)}-b`, model: 'gpt-4o-mini' });
        return { status: 201, body: {} };
      }),
    );
    app.use('/t', t, onError);
    app.use(ctx.app);
    const server = await listenOnLoopback(app);
    const auth = { Authorization: ctx.auth.Authorization, 'content-type': 'application/json' };

    const created: string[] = [];
    const tally = { ok201: 0, okApi201: 0, errors: 0, aborted: 0, unexpected: [] as string[] };
    const TOTAL = 2_000;
    let next = 0;
    let rng = 0x2545f491; // deterministic xorshift for delays
    const random = () => {
      rng ^= rng << 13;
      rng ^= rng >>> 17;
      rng ^= rng << 5;
      return (rng >>> 0) / 2 ** 32;
    };

    async function one(i: number): Promise<void> {
      const kind = i % 10;
      const expectStatus = async (res: Response, status: number, label: string) => {
        if (res.status !== status) tally.unexpected.push(`${label}: ${res.status} ${await res.text()}`);
        else await res.arrayBuffer();
      };
      try {
        if (kind === 0 || kind === 1) {
          const res = await fetch(`${server.base}/t/fail/${i}`, { method: 'POST' });
          await expectStatus(res, i % 2 ? 500 : 409, 'fail');
          tally.errors += 1;
        } else if (kind === 2) {
          // abort while the handler holds an open transaction
          const controller = new AbortController();
          const arrived = new Promise<void>((resolve) => arrivals.set(String(i), resolve));
          const pending = fetch(`${server.base}/t/slow/${i}`, { method: 'POST', signal: controller.signal }).then(
            (r) => `answered ${r.status}`,
            (e: unknown) => (e as Error).name,
          );
          await arrived;
          arrivals.delete(String(i));
          controller.abort();
          const outcome = await pending;
          if (outcome !== 'AbortError') tally.unexpected.push(`slow abort: ${outcome}`);
          tally.aborted += 1;
        } else if (kind === 3) {
          // abort at a random moment of a real API write (before, during or after its transaction)
          const controller = new AbortController();
          setTimeout(() => controller.abort(), Math.floor(random() * 6));
          await fetch(`${server.base}/api/v1/agents`, {
            method: 'POST',
            headers: auth,
            body: JSON.stringify({ name: `storm-api-abort-${i}`, model: 'gpt-4o-mini' }),
            signal: controller.signal,
          }).then(
            (r) => r.arrayBuffer(),
            () => undefined,
          ).catch(() => undefined);
          tally.aborted += 1;
        } else if (kind === 4 || kind === 5) {
          const res = await fetch(`${server.base}/t/ok/${i}`, { method: 'POST' });
          await expectStatus(res, 201, 'ok');
          tally.ok201 += 1;
        } else if (kind === 6) {
          const res = await fetch(`${server.base}/api/v1/agents`, {
            method: 'POST',
            headers: auth,
            body: JSON.stringify({ name: `storm-api-${i}`, model: 'gpt-4o-mini' }),
          });
          if (res.status === 201) {
            created.push(((await res.json()) as { id: string }).id);
            tally.okApi201 += 1;
          } else await expectStatus(res, 201, 'api create');
        } else if (kind === 7 && created.length) {
          const id = created[Math.floor(random() * created.length)]!;
          await expectStatus(await fetch(`${server.base}/api/v1/agents/${id}`, { headers: auth }), 200, 'api get');
        } else {
          await expectStatus(await fetch(`${server.base}/api/v1/agents?limit=5&sort=name`, { headers: auth }), 200, 'api list');
        }
      } catch (error) {
        tally.unexpected.push(`request ${i}: ${String(error)}`);
      }
    }

    try {
      const worker = async () => {
        while (next < TOTAL) await one(next++);
      };
      await Promise.all(Array.from({ length: 20 }, worker));

      await expectNothingBorrowed();
      expect(tally.unexpected).toEqual([]);
      expect(tally.errors).toBe(400);
      expect(tally.aborted).toBe(400);
      // every deterministic abort happened while its handler held a transaction
      expect(abortedInsideTransaction).toBe(200);

      // nothing of a failed or aborted-in-transaction handler was committed; every success was
      expect(await agentCount('storm-fail-')).toBe(0);
      expect(await agentCount('storm-slow-')).toBe(0);
      expect(await agentCount('storm-ok-')).toBe(tally.ok201);
      expect(tally.ok201).toBe(400);
      const apiRows = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM agents WHERE name ~ '^storm-api-[0-9]+$'`);
      expect(apiRows[0]!.n).toBe(tally.okApi201);

      // the app still serves, over the same listening server
      const res = await fetch(`${server.base}/api/v1/agents`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ name: 'storm-after', model: 'gpt-4o-mini' }),
      });
      expect(res.status).toBe(201);
      const list = await fetch(`${server.base}/api/v1/agents?limit=1`, { headers: auth });
      expect(list.status).toBe(200);
      expect(((await list.json()) as { pagination: { total: number } }).pagination.total).toBeGreaterThan(400);
      await expectNothingBorrowed();
    } finally {
      await server.close();
    }
  });
});
