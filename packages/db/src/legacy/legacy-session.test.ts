import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isInvalidIdError, isMultipleResultsFound, isNoResultFound, isSessionClosedError } from '../errors/index.js';
import { McpServer } from '../models/mcp-server.js';
import { createTestEngine, type TestEngine } from '../testing/test-engine.js';
import { SessionLocal } from './session-local.js';
import { Op } from 'sequelize';

let engine: TestEngine;

beforeAll(async () => {
  engine = await createTestEngine();
});
afterAll(async () => {
  await engine.close();
});

beforeEach(async () => {
  const db = SessionLocal(engine);
  try {
    await db.query(McpServer).delete();
    for (let i = 0; i < 5; i++) {
      db.add(McpServer, {
        name: `server-${i}`,
        transport: 'streamable_http',
        url: `http://127.0.0.1:${9000 + i}/mcp`,
        enabled: i % 2 === 0,
      });
    }
    await db.commit();
  } finally {
    await db.close();
  }
});

describe('LegacySession queries', () => {
  it('query().filterBy().orderBy().offset().limit().all()', async () => {
    const db = SessionLocal(engine);
    try {
      const rows = await db.query(McpServer).filterBy({ enabled: true }).orderBy(['name', 'DESC']).offset(1).limit(1).all();
      expect(rows.map((r) => r.name)).toEqual(['server-2']);
      const filtered = await db.query(McpServer).filter({ name: { [Op.like]: 'server-%' } }).orderBy('name').all();
      expect(filtered).toHaveLength(5);
    } finally {
      await db.close();
    }
  });

  it('count(), first(), one(), get()', async () => {
    await using db = SessionLocal(engine);
    expect(await db.query(McpServer).count()).toBe(5);
    expect(await db.query(McpServer).filterBy({ enabled: false }).count()).toBe(2);
    const first = await db.query(McpServer).orderBy('name').first();
    expect(first?.name).toBe('server-0');
    expect((await db.query(McpServer).get(first!.id))?.url).toBe('http://127.0.0.1:9000/mcp');
    expect(await db.query(McpServer).get(crypto.randomUUID())).toBeNull();
    expect(isNoResultFound(await db.query(McpServer).filterBy({ name: 'none' }).one().catch((e: unknown) => e))).toBe(true);
    expect(isMultipleResultsFound(await db.query(McpServer).one().catch((e: unknown) => e))).toBe(true);
    expect(isInvalidIdError(await db.query(McpServer).get('42').catch((e: unknown) => e))).toBe(true);
    expect(() => db.query(McpServer).offset(-1)).toThrowError(/non-negative/);
  });

  it('forUpdate() locks what it reads until the transaction ends', async (ctx) => {
    // a second connection is needed to see the lock; the embedded pool has one
    if (engine.kind === 'embedded') return ctx.skip();
    await using db = SessionLocal(engine);
    const first = await db.query(McpServer).orderBy('name').forUpdate().first();
    const locked = await db.query(McpServer).forUpdate().get(first!.id);
    expect(locked?.name).toBe('server-0');
    const other = await engine.acquire();
    try {
      const attempt = other.query('SELECT id FROM mcp_servers WHERE id = $1 FOR UPDATE NOWAIT', [first!.id]);
      await expect(attempt).rejects.toMatchObject({ code: '55P03' }); // lock_not_available
      await db.rollback();
      const { rowCount } = await other.query('SELECT id FROM mcp_servers WHERE id = $1 FOR UPDATE NOWAIT', [first!.id]);
      expect(rowCount).toBe(1);
    } finally {
      engine.release(other);
    }
  });

  it('bulk update and delete return row counts and respect commit', async () => {
    const db = SessionLocal(engine);
    try {
      expect(await db.query(McpServer).filterBy({ enabled: false }).update({ status: 'unreachable' })).toBe(2);
      expect(await db.query(McpServer).filter({ name: { [Op.in]: ['server-0', 'server-1'] } }).delete()).toBe(2);
      await db.rollback();
      expect(await db.query(McpServer).count()).toBe(5); // rolled back
      expect(await db.query(McpServer).filterBy({ enabled: false }).update({ status: 'unreachable' })).toBe(2);
      await db.commit();
    } finally {
      await db.close();
    }
    await using check = SessionLocal(engine);
    expect(await check.query(McpServer).filterBy({ status: 'unreachable' }).count()).toBe(2);
  });

  it('add/delete/refresh instances; close discards what was not committed', async () => {
    const db = SessionLocal(engine);
    const row = (await db.query(McpServer).filterBy({ name: 'server-0' }).one());
    row.description = 'edited';
    db.add(row);
    await db.commit();
    expect(row.version).toBe(2); // Sequelize's optimistic-lock version
    db.delete(row);
    db.add(McpServer, { name: 'never', transport: 'sse', url: 'http://127.0.0.1:1/sse' });
    await db.close();
    await using check = SessionLocal(engine);
    const again = (await check.query(McpServer).filterBy({ name: 'server-0' }).one());
    expect(again.description).toBe('edited');
    expect(await check.query(McpServer).filterBy({ name: 'never' }).count()).toBe(0);
    await check.refresh(again);
  });

  it('a closed session throws SessionClosedError naming what was called', async () => {
    const db = SessionLocal(engine);
    await db.close();
    expect(() => db.query(McpServer)).toThrowError('LegacySession.query() was called after close()');
    const e = await db.commit().catch((err: unknown) => err);
    expect(isSessionClosedError(e) && e.method === 'commit').toBe(true);
  });
});
