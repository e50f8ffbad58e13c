import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { recordingEngine } from '../../test/recording-engine.js';
import {
  isInvalidIdError,
  isMultipleResultsFound,
  isNoResultFound,
  isPendingRollbackError,
  isQueryError,
  isSessionClosedError,
  isStaleDataError,
  isUntrackedRowError,
  isInvalidQueryError,
  isPoolTimeoutError,
} from '../errors/index.js';
import { Agent } from '../models/agent.js';
import { AgentFunction } from '../models/agent-function.js';
import { StudioFunction } from '../models/studio-function.js';
import { createTestEngine, type TestEngine } from '../testing/test-engine.js';
import { openSession, withSession } from './open-session.js';
import { select } from './select.js';
import { anyOf } from './where.js';

let engine: TestEngine;

beforeAll(async () => {
  engine = await createTestEngine({ acquireTimeoutMs: 1_500 });
});
afterAll(async () => {
  await engine.close();
});

beforeEach(async () => {
  await withSession(engine, async (s) => {
    for (const a of await s.exec(select(Agent)).all()) s.delete(a);
  });
});

async function countAgents(): Promise<number> {
  await using s = openSession(engine);
  return s.exec(select(Agent).count()).one();
}

describe('ExecSession unit of work', () => {
  it('autobegins on first write and keeps uncommitted work invisible to others', async () => {
    const session = openSession(engine);
    expect(session.inTransaction).toBe(false);
    const agent = session.add(Agent, { name: 'a1', model: 'gpt-4o-mini' });
    expect(session.inTransaction).toBe(false); // staged only
    await session.flush();
    expect(session.inTransaction).toBe(true);
    expect(agent.createdAt).toBeInstanceOf(Date); // filled in by the database at flush
    expect(agent.version).toBe(1);
    try {
      // the same session sees its own write; another does not. On the embedded database (one
      // backend, pool of 1) the other cannot even borrow a connection while this transaction is
      // open: it gets a clear PoolTimeoutError, never a dirty read or a hang.
      expect(await session.get(Agent, agent.id)).not.toBeNull();
      await using other = openSession(engine);
      const seen = other.get(Agent, agent.id);
      if (engine.kind === 'server') expect(await seen).toBeNull();
      else await expect(seen).rejects.toSatisfy(isPoolTimeoutError);
    } finally {
      await session.close();
    }
    expect(session.inTransaction).toBe(false);
    expect(await countAgents()).toBe(0);
  });

  it('commit persists; rollback discards', async () => {
    const session = openSession(engine);
    const kept = session.add(Agent, { name: 'kept', model: 'm' });
    await session.commit();
    session.add(Agent, { name: 'dropped', model: 'm' });
    await session.flush();
    await session.rollback();
    expect(session.inTransaction).toBe(false);
    await session.close();
    await using check = openSession(engine);
    const names = (await check.exec(select(Agent).orderBy('name')).all()).map((a) => a.name);
    expect(names).toEqual(['kept']);
    expect((await check.get(Agent, kept.id))?.name).toBe('kept');
  });

  it('withSession commits on success and rolls back on throw', async () => {
    const created = await withSession(engine, async (s) => s.add(Agent, { name: 'ok', model: 'm' }));
    await expect(
      withSession(engine, async (s) => {
        s.add(Agent, { name: 'boom', model: 'm' });
        await s.flush();
        throw new Error('handler failed');
      }),
    ).rejects.toThrow('handler failed');
    await using check = openSession(engine);
    expect((await check.exec(select(Agent)).all()).map((a) => a.id)).toEqual([created.id]);
  });

  it('updates only changed attributes, bumps version and updatedAt; refresh reloads', async () => {
    const created = await withSession(engine, async (s) => s.add(Agent, { name: 'r', model: 'm' }));
    await using a = openSession(engine);
    const row = (await a.get(Agent, created.id))!;
    await withSession(engine, async (s) => {
      const same = (await s.get(Agent, created.id))!;
      same.description = 'changed elsewhere';
      s.add(same);
    });
    expect(row.description).toBeNull();
    await a.refresh(row);
    expect(row.description).toBe('changed elsewhere');
    expect(row.version).toBe(2);
    expect(row.updatedAt.getTime()).toBeGreaterThanOrEqual(created.updatedAt.getTime());
  });

  it('a stale version is a StaleDataError (optimistic concurrency)', async () => {
    const created = await withSession(engine, async (s) => s.add(Agent, { name: 'v', model: 'm' }));
    const first = openSession(engine);
    const row = (await first.get(Agent, created.id))!;
    await withSession(engine, async (s) => {
      const r = (await s.get(Agent, created.id))!;
      r.model = 'other';
      s.add(r);
    });
    row.model = 'mine';
    first.add(row);
    const error = await first.commit().catch((e: unknown) => e);
    expect(isStaleDataError(error)).toBe(true);
    await first.close();
  });

  it('a failed flush is a typed QueryError and the session needs a rollback', async () => {
    await withSession(engine, async (s) => s.add(Agent, { name: 'dup', model: 'm' }));
    const session = openSession(engine);
    session.add(Agent, { name: 'dup', model: 'm' });
    const error = await session.flush().catch((e: unknown) => e);
    expect(isQueryError(error) && error.kind === 'unique_violation' && error.constraint === 'agents_name_key').toBe(true);
    expect(() => session.exec(select(Agent))).toThrowError(/rollback/);
    await session.get(Agent, crypto.randomUUID()).catch((e: unknown) => expect(isPendingRollbackError(e)).toBe(true));
    await session.rollback();
    expect(await session.exec(select(Agent).count()).one()).toBe(1);
    await session.close();
  });

  it('foreign keys and deletes: cascade and restrict are typed errors', async () => {
    await expect(
      withSession(engine, async (s) => {
        const fn = s.add(StudioFunction, { name: 'f', kind: 'builtin' });
        const agent = s.add(Agent, { name: 'with-fn', model: 'm' });
        s.add(AgentFunction, { agentId: agent.id, functionId: fn.id });
        await s.flush();
        s.delete(fn); // still attached: ON DELETE RESTRICT
      }),
    ).rejects.toSatisfy((e) => isQueryError(e) && e.kind === 'foreign_key_violation');
  });
});

describe('ExecSession reads', () => {
  beforeEach(async () => {
    await withSession(engine, async (s) => {
      for (const name of ['alpha', 'beta', 'gamma']) s.add(Agent, { name, model: name === 'beta' ? 'big' : 'small' });
    });
  });

  it('first() always sends LIMIT 1 and one() LIMIT 2', async () => {
    const { engine: rec, statements } = recordingEngine(engine);
    await using s = openSession(rec);
    const first = await s.exec(select(Agent).orderBy('name')).first();
    expect(first?.name).toBe('alpha');
    expect(statements.at(-1)).toMatch(/ORDER BY "name" ASC LIMIT \$1$/);
    await s.exec(select(Agent).where({ name: 'beta' })).one();
    expect(statements.at(-1)).toMatch(/LIMIT \$2$/);
  });

  it('one() throws NoResultFound on zero rows and MultipleResultsFound on two', async () => {
    await using s = openSession(engine);
    const none = await s.exec(select(Agent).where({ name: 'nobody' })).one().catch((e: unknown) => e);
    expect(isNoResultFound(none)).toBe(true);
    const many = await s.exec(select(Agent).where({ model: 'small' })).one().catch((e: unknown) => e);
    expect(isMultipleResultsFound(many)).toBe(true);
    expect(await s.exec(select(Agent).where({ name: 'nobody' })).oneOrNone()).toBeNull();
    expect((await s.exec(select(Agent).where({ model: 'big' })).oneOrNone())?.name).toBe('beta');
  });

  it('get on a missing id is null; a malformed UUID is InvalidIdError before any SQL', async () => {
    const { engine: rec, statements } = recordingEngine(engine);
    await using s = openSession(rec);
    expect(await s.get(Agent, crypto.randomUUID())).toBeNull();
    const sent = statements.length;
    const error = await s.get(Agent, 'not-a-uuid').catch((e: unknown) => e);
    expect(isInvalidIdError(error)).toBe(true);
    expect((error as Error).message).toBe('agents.id must be a UUID, got "not-a-uuid"');
    expect(statements.length).toBe(sent);
    expect(() => select(Agent).where({ id: { in: ['x'] } }).compile()).toThrowError(/must be a UUID/);
  });

  it('filters, ordering, paging and counting', async () => {
    await using s = openSession(engine);
    const page = await s.exec(select(Agent).orderBy('name', 'desc').offset(1).limit(1)).all();
    expect(page.map((a) => a.name)).toEqual(['beta']);
    const some = await s.exec(select(Agent).where({ name: { in: ['alpha', 'gamma'] } }).orderBy('name')).all();
    expect(some.map((a) => a.name)).toEqual(['alpha', 'gamma']);
    const either = await s
      .exec(select(Agent).where(anyOf<Agent>({ name: { ilike: 'AL%' } }, { model: 'big' })).orderBy('name'))
      .all();
    expect(either.map((a) => a.name)).toEqual(['alpha', 'beta']);
    expect(await s.exec(select(Agent).where({ description: null }).count()).one()).toBe(3);
    expect(await s.exec(select(Agent).where({ name: { in: [] } })).all()).toEqual([]);
    expect(() => select(Agent).limit(-1)).toThrowError(/non-negative integer/);
    const bad = await s
      .exec(select(Agent).where({ name: { between: 1 } } as never))
      .all()
      .catch((e: unknown) => e);
    expect(isInvalidQueryError(bad)).toBe(true);
  });

  it('rows belong to the session that loaded them', async () => {
    await using a = openSession(engine);
    await using b = openSession(engine);
    const row = (await a.exec(select(Agent)).first())!;
    expect(() => b.add(row)).toThrowError(/did not load or create/);
    const error = (() => {
      try {
        b.delete(row);
        return undefined;
      } catch (e) {
        return e;
      }
    })();
    expect(isUntrackedRowError(error)).toBe(true);
  });

  it('rows stay plain data (nothing added to them), and a copy of a row is not the row', async () => {
    await withSession(engine, async (s) => {
      s.add(Agent, { name: 'tracked', model: 'gpt-4o-mini' });
    });
    await using s = openSession(engine);
    const row = await s.exec(select(Agent).where({ name: 'tracked' })).one();
    expect(Object.keys(row)).toEqual(['id', 'name', 'description', 'model', 'instructions', 'temperature', 'config', 'status', 'version', 'createdAt', 'updatedAt']);
    expect(Object.getOwnPropertySymbols(row)).toEqual([]);
    const copy = { ...row };
    expect(copy).toEqual(row);
    expect(JSON.parse(JSON.stringify(row))).toEqual({ ...copy, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() });
    copy.description = 'changed on the copy';
    expect(() => s.add(copy)).toThrowError(/did not load or create/);
    row.description = 'changed on the row';
    s.add(row);
    await s.commit();
    await using check = openSession(engine);
    expect((await check.exec(select(Agent).where({ name: 'tracked' })).one()).description).toBe('changed on the row');
  });

  it('a closed session throws SessionClosedError naming what was called', async () => {
    const s = openSession(engine);
    await s.close();
    await s.close(); // idempotent
    const error = await s.get(Agent, crypto.randomUUID()).catch((e: unknown) => e);
    expect(isSessionClosedError(error)).toBe(true);
    expect((error as Error).message).toBe('ExecSession.get() was called after close(); open a new session instead');
    expect(() => s.exec(select(Agent))).toThrowError('ExecSession.exec() was called after close()');
    expect(() => s.add(Agent, { name: 'x', model: 'm' })).toThrowError('ExecSession.add() was called after close()');
    await expect(s.commit()).rejects.toThrowError('ExecSession.commit() was called after close()');
  });

  it('await using closes the session and returns its connection', async () => {
    {
      await using s = openSession(engine);
      s.add(Agent, { name: 'scoped', model: 'm' });
      await s.flush();
      expect(engine.stats().borrowed).toBe(1);
    }
    expect(engine.stats().borrowed).toBe(0);
    expect(await countAgents()).toBe(3);
  });
});
