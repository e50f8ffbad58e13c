/**
 * Deferred handler results (`afterCommit`, `stream`) against a real database: they run after the
 * request's session is committed (another connection sees the writes) and released (no
 * connection held while waiting), never after a failed commit, and learn of a client that left.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { PooledConnection } from '@agent-studio/db/engine';
import { Agent } from '@agent-studio/db/models';
import { createTestEngine, type TestEngine } from '@agent-studio/db/testing';
import express, { type Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../app/logger.js';
import { HttpProblem } from '../http/http-problem.js';
import { problemErrorHandler } from '../http/problem-error-handler.js';
import { withRequestSession } from './request-session.js';

let engine: TestEngine;
const onError = problemErrorHandler(createLogger('silent'));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function sql<T extends Record<string, unknown>>(text: string, values: unknown[] = []): Promise<T[]> {
  const connection: PooledConnection = await engine.acquire();
  try {
    return (await connection.query<T>(text, values)).rows;
  } finally {
    engine.release(connection);
  }
}

async function agentCount(name: string): Promise<number> {
  return (await sql<{ n: number }>('SELECT count(*)::int AS n FROM agents WHERE name = $1', [name]))[0]!.n;
}

function appWith(path: string, handler: Parameters<typeof withRequestSession>[1]): Express {
  const app = express();
  app.post(path, withRequestSession(engine, handler));
  app.use(onError);
  return app;
}

beforeAll(async () => {
  engine = await createTestEngine();
});
afterAll(() => engine?.close());

describe('afterCommit', () => {
  it('runs after the commit, with the session released: the writes are visible and no connection is borrowed', async () => {
    const seen: { count: number; borrowed: number }[] = [];
    const app = appWith('/after', async ({ session }) => {
      session.add(Agent, { name: 'deferred-visible', model: 'm' });
      return {
        afterCommit: async () => {
          seen.push({ borrowed: engine.stats().borrowed, count: await agentCount('deferred-visible') });
          return { status: 200, body: { waited: true }, headers: { 'Preference-Applied': 'wait=1' } };
        },
      };
    });
    const res = await request(app).post('/after');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ waited: true });
    expect(res.headers['preference-applied']).toBe('wait=1');
    expect(seen).toEqual([{ borrowed: 0, count: 1 }]);
  });

  it('never runs when the commit fails (a deferred trigger raises at COMMIT): an error answer, nothing written', async () => {
    await sql(`CREATE OR REPLACE FUNCTION test_deferred_fail() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'deferred check failed' USING ERRCODE = 'check_violation'; END $$`);
    await sql(`CREATE CONSTRAINT TRIGGER test_deferred_fail AFTER INSERT ON agents DEFERRABLE INITIALLY DEFERRED
      FOR EACH ROW WHEN (NEW.name = 'deferred-commit-fails') EXECUTE FUNCTION test_deferred_fail()`);
    try {
      let ran = false;
      const app = appWith('/commit-fails', async ({ session }) => {
        session.add(Agent, { name: 'deferred-commit-fails', model: 'm' });
        await session.flush();
        return {
          afterCommit: () => {
            ran = true;
            return Promise.resolve({ status: 200 });
          },
        };
      });
      const res = await request(app).post('/commit-fails');
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(ran).toBe(false);
      expect(await agentCount('deferred-commit-fails')).toBe(0);
    } finally {
      await sql('DROP TRIGGER IF EXISTS test_deferred_fail ON agents');
      await sql('DROP FUNCTION IF EXISTS test_deferred_fail()');
    }
  });

  it('an error thrown after the commit is a problem response (the writes stay committed)', async () => {
    const app = appWith('/after-throws', async ({ session }) => {
      session.add(Agent, { name: 'deferred-then-throw', model: 'm' });
      return { afterCommit: () => Promise.reject(new HttpProblem(503, 'try later')) };
    });
    const res = await request(app).post('/after-throws');
    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await agentCount('deferred-then-throw')).toBe(1);
  });

  it('the session cannot be used after the commit', async () => {
    const app = appWith('/late-session', (ctx) =>
      Promise.resolve({
        afterCommit: () => {
          const late = ctx.session; // throws: the session was committed and released
          return Promise.resolve({ body: { got: typeof late } });
        },
      }),
    );
    const res = await request(app).post('/late-session');
    expect(res.status).toBe(500);
    expect(res.text).not.toContain('used after its commit'); // a bug, answered without internals
  });

  it('its signal aborts when the client goes away', async () => {
    let aborted: Promise<unknown> | undefined;
    const app = appWith('/slow', async () => ({
      afterCommit: ({ signal }) => {
        aborted = once(signal, 'abort');
        return new Promise((resolve) => signal.addEventListener('abort', () => resolve({ status: 200 })));
      },
    }));
    const server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const { port } = server.address() as AddressInfo;
      const client = new AbortController();
      const pending = fetch(`http://127.0.0.1:${port}/slow`, { method: 'POST', signal: client.signal }).catch((e: unknown) => e);
      while (!aborted) await sleep(5);
      client.abort();
      await pending;
      await aborted; // resolves only when the server saw the client leave
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe('stream', () => {
  it('writes its own head and body after the commit, and the framework ends the response', async () => {
    const app = appWith('/stream', async ({ session }) => {
      session.add(Agent, { name: 'deferred-stream', model: 'm' });
      return {
        stream: async ({ res }) => {
          res.writeHead(200, { 'Content-Type': 'text/plain' });
          res.write(`count=${await agentCount('deferred-stream')};`);
          res.write(`borrowed=${engine.stats().borrowed}`);
        },
      };
    });
    const res = await request(app).post('/stream');
    expect(res.status).toBe(200);
    expect(res.text).toBe('count=1;borrowed=0');
  });

  it('a failure before the head is written is a problem response', async () => {
    const app = appWith('/stream-fails', () =>
      Promise.resolve({ stream: () => Promise.reject(new HttpProblem(404, 'gone')) }),
    );
    const res = await request(app).post('/stream-fails');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
