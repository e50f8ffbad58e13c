/**
 * One health-check rule, two ways to persist it: each case is recorded through the SDK service
 * (exec session) and through the legacy CRUD (legacy session, the monitor's path) on two
 * identical servers, and both rows — server and history — must come out the same and as
 * expected. Scripts are the one package allowed to import both sides.
 */
import { select, withSession } from '@agent-studio/db/exec';
import { SessionLocal } from '@agent-studio/db/legacy';
import { McpHealthCheck, McpServer } from '@agent-studio/db/models';
import { createTestEngine, type TestEngine } from '@agent-studio/db/testing';
import { recordHealthCheck } from '@agent-studio/legacy/crud';
import { McpServersService } from '@agent-studio/sdk';
import type { McpHealthStatus, McpProbeResult } from '@agent-studio/sdk/mcp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let engine: TestEngine;
beforeAll(async () => {
  engine = await createTestEngine();
});
afterAll(async () => {
  await engine?.close();
});

const SECRET = 'SECRET-TOKEN-12345';
const checkedAt = new Date('2030-01-01T00:00:00Z');
const plus = (seconds: number) => new Date(checkedAt.getTime() + seconds * 1_000);
const goodTools = [{ name: 'search', description: 'searches', inputSchema: { type: 'object' } }];

const ok = (over: Partial<Extract<McpProbeResult, { ok: true }>> = {}): McpProbeResult => ({
  ok: true,
  latencyMs: 40,
  serverInfo: { name: 'srv', version: '1.0.0' },
  protocolVersion: '2025-06-18',
  transport: 'streamable_http',
  ping: 'ok',
  toolCount: 1,
  toolsTruncated: false,
  tools: goodTools,
  ...over,
});
const failed = (message = 'connection refused'): McpProbeResult => ({
  ok: false,
  latencyMs: 3,
  error: { kind: 'refused', message },
});

interface Case {
  readonly name: string;
  readonly before: { status: McpHealthStatus; consecutiveFailures: number; checkIntervalSeconds?: number };
  readonly result: McpProbeResult;
  /** Expected server fields (a subset) and history row. */
  readonly server: Record<string, unknown>;
  readonly check: Record<string, unknown>;
}

const cases: Case[] = [
  {
    name: 'a first good check: healthy, next check after the server interval',
    before: { status: 'unknown', consecutiveFailures: 0 },
    result: ok(),
    server: { status: 'healthy', consecutiveFailures: 0, nextCheckAt: plus(60), lastSuccessAt: checkedAt, lastError: null, toolCount: 1, tools: goodTools, serverInfo: { name: 'srv', version: '1.0.0' }, protocolVersion: '2025-06-18', lastLatencyMs: 40 },
    check: { status: 'healthy', latencyMs: 40, toolCount: 1, errorKind: null, error: null },
  },
  {
    name: 'a slow answer is degraded; latency is rounded',
    before: { status: 'healthy', consecutiveFailures: 0, checkIntervalSeconds: 30 },
    result: ok({ latencyMs: 2_500.6 }),
    server: { status: 'degraded', nextCheckAt: plus(30), lastLatencyMs: 2_501 },
    check: { status: 'degraded', latencyMs: 2_501 },
  },
  {
    name: 'no answer to ping is degraded',
    before: { status: 'healthy', consecutiveFailures: 0 },
    result: ok({ ping: 'timeout' }),
    server: { status: 'degraded', consecutiveFailures: 0 },
    check: { status: 'degraded' },
  },
  {
    name: 'a first failure is degraded and keeps the last good tools',
    before: { status: 'healthy', consecutiveFailures: 0 },
    result: failed(),
    server: { status: 'degraded', consecutiveFailures: 1, nextCheckAt: plus(60), lastError: 'refused: connection refused', lastSuccessAt: null, toolCount: 7, tools: [{ name: 'old' }] },
    check: { status: 'degraded', latencyMs: 3, toolCount: null, errorKind: 'refused', error: 'connection refused' },
  },
  {
    name: 'the third failure in a row is unreachable, with backoff',
    before: { status: 'degraded', consecutiveFailures: 2 },
    result: failed(),
    server: { status: 'unreachable', consecutiveFailures: 3, nextCheckAt: plus(240) },
    check: { status: 'unreachable', errorKind: 'refused' },
  },
  {
    name: 'recovery resets the failure streak',
    before: { status: 'unreachable', consecutiveFailures: 5 },
    result: ok(),
    server: { status: 'healthy', consecutiveFailures: 0, nextCheckAt: plus(60) },
    check: { status: 'healthy' },
  },
  {
    name: 'secrets echoed in an error never reach a row',
    before: { status: 'healthy', consecutiveFailures: 0 },
    result: failed(`401 for Authorization ${SECRET}`),
    server: { lastError: 'refused: 401 for Authorization ***' },
    check: { error: '401 for Authorization ***' },
  },
  {
    name: 'tools, server info and protocol version are stored exactly as received (only error text is scrubbed)',
    before: { status: 'healthy', consecutiveFailures: 0 },
    result: ok({
      serverInfo: { name: `srv ${SECRET}`, version: '1' },
      protocolVersion: SECRET,
      tools: [{ name: 'leak', description: `uses ${SECRET}`, inputSchema: { type: 'object' } }],
    }),
    server: { serverInfo: { name: `srv ${SECRET}`, version: '1' }, protocolVersion: SECRET, tools: [{ name: 'leak', description: `uses ${SECRET}`, inputSchema: { type: 'object' } }] },
    check: { status: 'healthy' },
  },
];

/** Two identical servers in the case's previous state (the second one for the legacy path). */
async function twoServers(c: Case, index: number): Promise<[string, string]> {
  return withSession(engine, async (session) => {
    const ids = (['exec', 'legacy'] as const).map((path) =>
      session.add(McpServer, {
        name: `case-${index}-${path}`,
        transport: 'streamable_http',
        url: 'http://127.0.0.1:1/mcp',
        headers: { Authorization: SECRET },
        status: c.before.status,
        consecutiveFailures: c.before.consecutiveFailures,
        checkIntervalSeconds: c.before.checkIntervalSeconds ?? 60,
        toolCount: 7,
        tools: [{ name: 'old' }],
      }).id,
    );
    return [ids[0]!, ids[1]!];
  });
}

/** The persisted outcome, without what differs between the two servers by construction. */
async function persisted(id: string): Promise<{ server: Record<string, unknown>; check: Record<string, unknown> }> {
  return withSession(engine, async (session) => {
    const { id: _id, name: _name, createdAt: _c, updatedAt: _u, ...server } = (await session.get(McpServer, id))!;
    const checks = await session.exec(select(McpHealthCheck).where({ mcpServerId: id })).all();
    expect(checks).toHaveLength(1);
    const { id: _checkId, mcpServerId: _serverId, ...check } = checks[0]!;
    return { server, check };
  });
}

describe('one health-check rule through both sessions', () => {
  it.each(cases.map((c, i) => [c.name, c, i] as const))('%s', async (_name, c, i) => {
    const [viaExec, viaLegacy] = await twoServers(c, i);
    const options = { checkedAt, random: () => 0.5 };
    await withSession(engine, (session) => McpServersService.recordHealthCheck(session, viaExec, c.result, options));
    {
      await using db = SessionLocal(engine);
      expect(await recordHealthCheck(db, viaLegacy, c.result, options)).not.toBeNull();
    }
    const exec = await persisted(viaExec);
    const legacy = await persisted(viaLegacy);
    expect(legacy).toEqual(exec);
    expect(exec.server).toMatchObject({ lastCheckedAt: checkedAt, ...c.server });
    expect(exec.check).toMatchObject({ checkedAt, ...c.check });
    const { headers, ...fromTheServer } = exec.server;
    expect(headers).toEqual({ Authorization: SECRET }); // the configured header itself, decrypted on read
    // what the server sent is stored as sent; error text and the history row are scrubbed
    expect(JSON.stringify({ lastError: fromTheServer.lastError, check: exec.check })).not.toContain(SECRET);
  });
});
