import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isInvalidIdError, SessionLocal } from '@agent-studio/db/legacy';
import { Agent, McpHealthCheck, McpServer } from '@agent-studio/db/models';
import { createTestEngine, type TestEngine } from '@agent-studio/db/testing';
import type { McpProbeResult } from '@agent-studio/sdk/mcp';
import { addServers, clearTables, sql } from '../../test/fixtures.js';
import { getAgents } from './get-agents.js';
import { getDueMcpServers } from './get-due-mcp-servers.js';
import { getMcpServer } from './get-mcp-server.js';
import { getMcpServers } from './get-mcp-servers.js';
import { InvalidPaginationError, isInvalidPaginationError } from './invalid-pagination-error.js';
import { checkPagination, MAX_PAGE_LIMIT } from './pagination.js';
import { pruneHealthChecks } from './prune-health-checks.js';
import { recordHealthCheck } from './record-health-check.js';

let engine: TestEngine;
beforeAll(async () => {
  engine = await createTestEngine();
});
afterAll(async () => {
  await engine?.close();
});
beforeEach(async () => {
  await clearTables(engine);
});

const ok = (latencyMs = 40): McpProbeResult => ({
  ok: true,
  latencyMs,
  serverInfo: { name: 'srv', version: '1.0.0' },
  protocolVersion: '2025-06-18',
  transport: 'streamable_http',
  ping: 'ok',
  toolCount: 2,
  toolsTruncated: false,
  tools: [
    { name: 'a', inputSchema: { type: 'object' } },
    { name: 'b', description: 'B', inputSchema: { type: 'object' } },
  ],
});
const refused: McpProbeResult = { ok: false, latencyMs: 3, error: { kind: 'refused', message: 'connection refused' } };

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected a rejection'),
    (e: unknown) => e,
  );
}

describe('paging arguments', () => {
  it('are checked with a typed error and a guard; limit is capped', async () => {
    expect(checkPagination(0, 5_000)).toEqual({ skip: 0, limit: MAX_PAGE_LIMIT });
    await using db = SessionLocal(engine);
    for (const [skip, limit, parameter] of [
      [-1, 10, 'skip'],
      [0, -5, 'limit'],
      [1.5, 10, 'skip'],
      [0, Number.NaN, 'limit'],
      [0, '10' as unknown as number, 'limit'],
    ] as const) {
      const error = await caught(getMcpServers(db, skip, limit));
      expect(isInvalidPaginationError(error)).toBe(true);
      expect(error).toBeInstanceOf(InvalidPaginationError);
      expect((error as InvalidPaginationError).parameter).toBe(parameter);
      expect((error as InvalidPaginationError).code).toBe('INVALID_PAGINATION');
    }
    expect(isInvalidPaginationError(await caught(getAgents(db, -1, 1)))).toBe(true);
    expect(isInvalidPaginationError(await caught(getDueMcpServers(db, new Date(), -1)))).toBe(true);
    expect(isInvalidPaginationError(new Error('x'))).toBe(false);
    expect(isInvalidPaginationError({ code: 'INVALID_PAGINATION' })).toBe(false);
    expect(db.inTransaction).toBe(false); // rejected before any SQL
  });
});

describe('getMcpServers / getMcpServer', () => {
  it('pages through every server in a stable order', async () => {
    await addServers(engine, Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`s${i}`, `http://127.0.0.1:1/${i}`])));
    await using db = SessionLocal(engine);
    const all = await getMcpServers(db, 0, 5_000);
    expect(all).toHaveLength(7);
    const pages = [...(await getMcpServers(db, 0, 3)), ...(await getMcpServers(db, 3, 3)), ...(await getMcpServers(db, 6, 3))];
    expect(pages.map((s) => s.id)).toEqual(all.map((s) => s.id));
    expect(await getMcpServers(db, 7, 3)).toEqual([]);
    expect(await getMcpServers(db, 0, 0)).toEqual([]);
    expect(await getMcpServers(db)).toHaveLength(7);
  });

  it('gets one by id: null when missing, InvalidIdError when malformed', async () => {
    const ids = await addServers(engine, { one: 'http://127.0.0.1:1/mcp' }, { headers: { authorization: 'Bearer s3cret' } });
    {
      await using db = SessionLocal(engine);
      const server = await getMcpServer(db, ids.one!);
      expect(server?.name).toBe('one');
      expect(server?.headers).toEqual({ authorization: 'Bearer s3cret' }); // plaintext on the instance
      expect(await getMcpServer(db, crypto.randomUUID())).toBeNull();
      const error = await caught(getMcpServer(db, 'not-a-uuid'));
      expect(isInvalidIdError(error)).toBe(true);
    } // closed before borrowing another connection: the embedded pool has one
    const [raw] = await sql<{ h: string }>(engine, 'SELECT headers_encrypted AS h FROM mcp_servers WHERE id = $1', [ids.one]);
    expect(raw?.h).not.toContain('s3cret'); // encrypted at rest
  });
});

describe('getDueMcpServers', () => {
  it('returns enabled servers with next_check_at <= now, oldest first, up to limit', async () => {
    const now = new Date();
    const ago = (s: number) => new Date(now.getTime() - s * 1_000);
    await addServers(engine, { recent: 'http://127.0.0.1:1/a' }, { nextCheckAt: ago(10) });
    await addServers(engine, { oldest: 'http://127.0.0.1:1/b' }, { nextCheckAt: ago(300) });
    await addServers(engine, { exact: 'http://127.0.0.1:1/c' }, { nextCheckAt: now });
    await addServers(engine, { future: 'http://127.0.0.1:1/d' }, { nextCheckAt: new Date(now.getTime() + 60_000) });
    const disabled = await addServers(engine, { disabled: 'http://127.0.0.1:1/e' }, { nextCheckAt: ago(600) });
    await using db = SessionLocal(engine);
    await db.query(McpServer).filterBy({ id: disabled.disabled! }).update({ enabled: false });
    await db.commit();
    expect((await getDueMcpServers(db, now, 10)).map((s) => s.name)).toEqual(['oldest', 'recent', 'exact']);
    expect((await getDueMcpServers(db, now, 2)).map((s) => s.name)).toEqual(['oldest', 'recent']);
  });
});

describe('recordHealthCheck', () => {
  it('updates every health field and inserts a history row, in one commit', async () => {
    const { s } = await addServers(engine, { s: 'http://127.0.0.1:1/mcp' });
    const checkedAt = new Date('2030-01-01T00:00:00Z');
    await using db = SessionLocal(engine);
    const recorded = await recordHealthCheck(db, s!, ok(40), { checkedAt, random: () => 0.5 });
    expect(recorded?.state.status).toBe('healthy');
    expect(db.inTransaction).toBe(false); // committed

    const server = (await getMcpServer(db, s!))!;
    expect(server.status).toBe('healthy');
    expect(server.lastCheckedAt).toEqual(checkedAt);
    expect(server.lastSuccessAt).toEqual(checkedAt);
    expect(server.lastLatencyMs).toBe(40);
    expect(server.lastError).toBeNull();
    expect(server.toolCount).toBe(2);
    expect(server.tools).toEqual((ok() as { tools: unknown[] }).tools);
    expect(server.serverInfo).toEqual({ name: 'srv', version: '1.0.0' });
    expect(server.protocolVersion).toBe('2025-06-18');
    expect(server.consecutiveFailures).toBe(0);
    // the server's own interval (60 s), no jitter at random = 0.5
    expect(server.nextCheckAt).toEqual(new Date(checkedAt.getTime() + 60_000));
    const history = await db.query(McpHealthCheck).filterBy({ mcpServerId: s! }).all();
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ status: 'healthy', latencyMs: 40, toolCount: 2, errorKind: null, error: null });
    expect(history[0]!.checkedAt).toEqual(checkedAt);
  });

  it('counts failures with backoff, keeps the last good tools, and goes unreachable at the threshold', async () => {
    const { s } = await addServers(engine, { s: 'http://127.0.0.1:1/mcp' });
    const t0 = new Date('2030-01-01T00:00:00Z');
    await using db = SessionLocal(engine);
    await recordHealthCheck(db, s!, ok(), { checkedAt: t0, random: () => 0.5 });
    const statuses: string[] = [];
    const delays: number[] = [];
    for (let i = 1; i <= 3; i++) {
      const at = new Date(t0.getTime() + i * 1_000);
      const recorded = await recordHealthCheck(db, s!, refused, { checkedAt: at, random: () => 0.5 });
      statuses.push(recorded!.server.status);
      delays.push(recorded!.server.nextCheckAt.getTime() - at.getTime());
    }
    expect(statuses).toEqual(['degraded', 'degraded', 'unreachable']);
    expect(delays).toEqual([60_000, 120_000, 240_000]);
    const server = (await getMcpServer(db, s!))!;
    expect(server.consecutiveFailures).toBe(3);
    expect(server.lastError).toBe('refused: connection refused');
    expect(server.lastSuccessAt).toEqual(t0);
    expect(server.toolCount).toBe(2);
    expect(await db.query(McpHealthCheck).filterBy({ mcpServerId: s! }).count()).toBe(4);
    expect(await db.query(McpHealthCheck).filterBy({ mcpServerId: s!, errorKind: 'refused' }).count()).toBe(3);
  });

  it('returns null for a server that no longer exists and rejects a malformed id', async () => {
    await using db = SessionLocal(engine);
    expect(await recordHealthCheck(db, crypto.randomUUID(), ok())).toBeNull();
    expect(await db.query(McpHealthCheck).count()).toBe(0);
    expect(isInvalidIdError(await caught(recordHealthCheck(db, 'nope', ok())))).toBe(true);
  });
});

describe('pruneHealthChecks', () => {
  it('deletes only history older than the cut-off', async () => {
    const { s } = await addServers(engine, { s: 'http://127.0.0.1:1/mcp' });
    const now = Date.now();
    await using db = SessionLocal(engine);
    for (const daysAgo of [30, 10, 8, 1, 0]) {
      db.add(McpHealthCheck, { mcpServerId: s!, status: 'healthy', checkedAt: new Date(now - daysAgo * 86_400_000) });
    }
    await db.commit();
    expect(await pruneHealthChecks(db, new Date(now - 7 * 86_400_000))).toBe(3);
    expect(await db.query(McpHealthCheck).count()).toBe(2);
    expect(await pruneHealthChecks(db, new Date(now - 7 * 86_400_000))).toBe(0);
    await expect(pruneHealthChecks(db, new Date('nope'))).rejects.toThrow(TypeError);
  });
});

describe('getAgents', () => {
  it('pages agents', async () => {
    await using db = SessionLocal(engine);
    for (let i = 0; i < 4; i++) db.add(Agent, { name: `agent-${i}`, model: 'gpt-4o-mini' });
    await db.commit();
    const all = await getAgents(db, 0, 100);
    expect(all).toHaveLength(4);
    expect([...(await getAgents(db, 0, 2)), ...(await getAgents(db, 2, 2))].map((a) => a.id)).toEqual(all.map((a) => a.id));
  });
});
