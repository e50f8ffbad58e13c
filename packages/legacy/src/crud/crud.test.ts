import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isInvalidIdError, SessionLocal } from '@agent-studio/db/legacy';
import { McpHealthCheck, McpServer } from '@agent-studio/db/models';
import { createTestEngine, type TestEngine } from '@agent-studio/db/testing';
import type { McpProbeResult } from '@agent-studio/sdk/mcp';
import { addServers, clearTables } from '../../test/fixtures.js';
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

describe('recordHealthCheck', () => {
  it('updates every health field and inserts a history row, in one commit', async () => {
    const { s } = await addServers(engine, { s: 'http://127.0.0.1:1/mcp' });
    const checkedAt = new Date('2030-01-01T00:00:00Z');
    await using db = SessionLocal(engine);
    const recorded = await recordHealthCheck(db, s!, ok(40), { checkedAt, random: () => 0.5 });
    expect(recorded?.state.status).toBe('healthy');
    expect(db.inTransaction).toBe(false); // committed

    const server = (await db.query(McpServer).get(s!))!;
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
    const server = (await db.query(McpServer).get(s!))!;
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
