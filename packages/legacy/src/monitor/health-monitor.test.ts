import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '@agent-studio/db/engine';
import { SessionLocal } from '@agent-studio/db/legacy';
import { McpServer } from '@agent-studio/db/models';
import { createTestEngine, type TestEngine } from '@agent-studio/db/testing';
import { DEFAULT_MCP_HEALTH_POLICY } from '@agent-studio/sdk/mcp';
// real MCP servers on loopback (tooling/test-servers)
import {
  STDIO_SERVER_FIXTURE,
  closedPortUrl,
  startHangingServer,
  startStaticServer,
  startStreamableHttpServer,
  type LoopbackServer,
} from '@agent-studio/test-servers';
import { addServers, clearTables, historyCounts, sql } from '../../test/fixtures.js';
import { createHealthMonitor, type HealthMonitor } from './create-health-monitor.js';
import type { CheckEvent, SweepReport } from './monitor-events.js';
import type { MonitorLogger } from './monitor-logger.js';

let engine: TestEngine;
beforeAll(async () => {
  engine = await createTestEngine();
});
afterAll(async () => {
  await engine?.close();
});

const loopback: LoopbackServer[] = [];
const monitors: HealthMonitor[] = [];
async function serve(start: Promise<LoopbackServer>): Promise<string> {
  const server = await start;
  loopback.push(server);
  return server.url;
}
function monitor(...args: Parameters<typeof createHealthMonitor>): HealthMonitor {
  const m = createHealthMonitor(...args);
  monitors.push(m);
  return m;
}
beforeEach(async () => {
  await clearTables(engine);
});
afterEach(async () => {
  await Promise.all(monitors.splice(0).map((m) => m.stop()));
  await Promise.all(loopback.splice(0).map((s) => s.close()));
});

/**
 * Slow = above 4 s: the slow server takes 5 s to list its tools, a healthy loopback probe well under
 * a second (up to ~1.5 s seen cold on a loaded machine, with the other suites running). Failures go
 * straight to unreachable, so each case has one expected status.
 */
const policy = { ...DEFAULT_MCP_HEALTH_POLICY, degradedLatencyMs: 4_000, failuresBeforeUnreachable: 1 };

async function serverRows(): Promise<Map<string, Record<string, unknown>>> {
  const rows = await sql<Record<string, unknown>>(engine, 'SELECT * FROM mcp_servers');
  return new Map(rows.map((r) => [r.name as string, r]));
}

describe('a sweep against real MCP servers on loopback', () => {
  it('records the right status and one history row per server', async () => {
    const ids = await addServers(engine, {
      healthy: await serve(startStreamableHttpServer({ name: 'healthy', toolCount: 3 })),
      slow: await serve(startStreamableHttpServer({ toolsListDelayMs: 5_000 })),
      hanging: await serve(startHangingServer()),
      erroring: await serve(startStreamableHttpServer({ toolsList: 'error' })),
      closed: await closedPortUrl(),
      notMcp: await serve(startStaticServer(200, { 'content-type': 'text/html' }, '<html>hello</html>')),
    });
    const deadlineMs = 8_000;
    const checks: CheckEvent[] = [];
    const logs: string[] = [];
    const log = (level: string) => (_obj: object, msg?: string) => void logs.push(`${level} ${msg ?? ''}`);
    const logger: MonitorLogger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
    const m = monitor(engine, { deadlineMs, policy, logger, onCheck: (e) => checks.push(e) });

    const started = performance.now();
    const report = await m.sweepOnce();
    const elapsed = performance.now() - started;

    expect(report).toMatchObject({ claimed: 6, probed: 6, recorded: 6, failed: 0, released: 0 });
    expect(report.statuses, JSON.stringify(checks.map((c) => [c.serverName, c.result.latencyMs]))).toEqual({ healthy: 1, degraded: 1, unreachable: 4 });
    // the hanging server is bounded by its own deadline, not a multiple of it
    expect(elapsed).toBeLessThan(2 * deadlineMs);
    expect(checks.map((c) => c.completed).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(logs).toContain('info mcp monitor: sweep finished');

    const rows = await serverRows();
    expect(rows.get('healthy')).toMatchObject({ status: 'healthy', tool_count: 3, last_error: null, consecutive_failures: 0 });
    expect(rows.get('healthy')?.server_info).toEqual({ name: 'healthy', version: '1.2.3' });
    expect(rows.get('slow')).toMatchObject({ status: 'degraded', tool_count: 2, consecutive_failures: 0 });
    for (const [name, kind] of [
      ['hanging', 'timeout'],
      ['erroring', 'protocol_error'],
      ['closed', 'refused'],
      ['notMcp', 'not_mcp'],
    ] as const) {
      const row = rows.get(name)!;
      expect(row, name).toMatchObject({ status: 'unreachable', consecutive_failures: 1, last_success_at: null });
      expect(String(row.last_error), name).toMatch(new RegExp(`^${kind}: `));
      expect((row.next_check_at as Date).getTime()).toBeGreaterThan(Date.now());
    }
    const history = await sql<{ name: string; status: string; error_kind: string | null }>(
      engine,
      'SELECT s.name, h.status, h.error_kind FROM mcp_health_checks h JOIN mcp_servers s ON s.id = h.mcp_server_id ORDER BY s.name',
    );
    expect(history).toEqual([
      { name: 'closed', status: 'unreachable', error_kind: 'refused' },
      { name: 'erroring', status: 'unreachable', error_kind: 'protocol_error' },
      { name: 'hanging', status: 'unreachable', error_kind: 'timeout' },
      { name: 'healthy', status: 'healthy', error_kind: null },
      { name: 'notMcp', status: 'unreachable', error_kind: 'not_mcp' },
      { name: 'slow', status: 'degraded', error_kind: null },
    ]);
    expect(Object.keys(ids)).toHaveLength(6);

    // nothing is due any more: the next sweep claims nothing
    expect(await m.sweepOnce()).toMatchObject({ claimed: 0, recorded: 0 });
    expect(engine.stats().borrowed).toBe(0);
  });

  it('never stretches a sweep of hanging servers much past one deadline', async () => {
    const servers: Record<string, string> = {};
    for (let i = 0; i < 4; i++) servers[`hang-${i}`] = await serve(startHangingServer());
    await addServers(engine, servers);
    const deadlineMs = 2_000;
    const started = performance.now();
    const report = await monitor(engine, { deadlineMs, concurrency: 4, policy }).sweepOnce();
    expect(performance.now() - started).toBeLessThan(2 * deadlineMs);
    expect(report).toMatchObject({ claimed: 4, recorded: 4, statuses: { unreachable: 4 } });
  });

  it('keeps secrets out of stored errors and prunes old history', async () => {
    const { secret } = await addServers(
      engine,
      { secret: await serve(startStaticServer(401, { 'content-type': 'text/plain' }, 'no')) },
      { headers: { authorization: 'Bearer top-secret-token' } },
    );
    await sql(engine, `INSERT INTO mcp_health_checks (mcp_server_id, checked_at, status) VALUES ($1, now() - interval '30 days', 'healthy')`, [secret]);
    const report = await monitor(engine, { deadlineMs: 2_000, policy, historyRetentionMs: 86_400_000 }).sweepOnce();
    expect(report).toMatchObject({ pruned: 1, recorded: 1 });
    const [row] = await sql<{ last_error: string }>(engine, 'SELECT last_error FROM mcp_servers');
    expect(row?.last_error).toMatch(/^auth: /);
    const stored = JSON.stringify(await sql(engine, 'SELECT * FROM mcp_health_checks'));
    expect(`${row?.last_error} ${stored}`).not.toContain('top-secret-token');
    expect((await historyCounts(engine)).get(secret!)).toBe(1);
  });
});

describe('stdio args marked secret', () => {
  it('are run with their real value and kept out of stored errors', async () => {
    const secret = 'MONITOR-SECRET-ARG-41d9';
    {
      await using db = SessionLocal(engine);
      // what McpServersService stores: the mask in args, the value (encrypted) in argsSecret
      db.add(McpServer, {
        name: 'stdio-secret-arg',
        transport: 'stdio',
        command: process.execPath,
        args: [STDIO_SERVER_FIXTURE, 'crash', '--token', '••••••'],
        argsSecret: { '3': secret },
        nextCheckAt: new Date(Date.now() - 1_000),
      });
      await db.commit();
    }
    const report = await monitor(engine, { deadlineMs: 10_000, policy }).sweepOnce();
    expect(report).toMatchObject({ recorded: 1 });
    const [row] = await sql<{ last_error: string; args_secret_encrypted: string }>(engine, 'SELECT last_error, args_secret_encrypted FROM mcp_servers');
    // the crash fixture prints its arguments: the real value reached the process, and was scrubbed
    expect(row?.last_error).toContain('--token ***');
    expect(row?.args_secret_encrypted).toMatch(/^v2:/);
    const stored = JSON.stringify(await sql(engine, 'SELECT * FROM mcp_health_checks')) + JSON.stringify(await sql(engine, 'SELECT * FROM mcp_servers'));
    expect(stored).not.toContain(secret);
  });
});

describe('shared sweeps, never twice', () => {
  it('two monitors on this engine sweeping at once share the due servers; sweepOnce joins its own sweep', async () => {
    const url = await serve(startStreamableHttpServer({ toolsListDelayMs: 150 }));
    const ids = await addServers(engine, Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`s${i}`, url])));
    const probes = new Map<string, number>();
    const count = (e: CheckEvent) => probes.set(e.serverId, (probes.get(e.serverId) ?? 0) + 1);
    const m1 = monitor(engine, { concurrency: 2, batchSize: 2, deadlineMs: 10_000, policy, onCheck: count });
    const m2 = monitor(engine, { concurrency: 2, batchSize: 2, deadlineMs: 10_000, policy, onCheck: count });
    const first = m1.sweepOnce();
    expect(m1.sweepOnce()).toBe(first);
    const [a, b] = await Promise.all([first, m2.sweepOnce()]);
    expect(a.skipped ?? b.skipped).toBeUndefined();
    expect(a.claimed).toBeGreaterThan(0);
    expect(b.claimed).toBeGreaterThan(0);
    expect(a.recorded + b.recorded).toBe(8);
    expect([...probes.values()]).toEqual(Array(8).fill(1));
    const history = await historyCounts(engine);
    expect(Object.values(ids).map((id) => history.get(id))).toEqual(Array(8).fill(1));
    expect(engine.stats().borrowed).toBe(0);
  });

  // PostgreSQL server only: a second engine stands in for a second process, and the embedded
  // data directory admits exactly one process (its monitors share sweeps in-process, tested
  // above), so on the embedded database this case is skipped.
  it.runIf(loadsServer())(
    'two monitors (two engines, as two processes) started at once never probe a server twice in a round [server only]',
    async () => {
      const servers: Record<string, string> = {};
      const url = await serve(startStreamableHttpServer({ toolsListDelayMs: 100 }));
      for (let i = 0; i < 20; i++) servers[`m${i}`] = url;
      const ids = await addServers(engine, servers);
      const other: Engine = await createEngine({ config: engine.config });
      try {
        const probes = new Map<string, number>();
        const count = (e: CheckEvent) => probes.set(e.serverId, (probes.get(e.serverId) ?? 0) + 1);
        const recordedBy = { a: 0, b: 0 };
        const tally = (who: 'a' | 'b') => (r: SweepReport) => void (recordedBy[who] += r.recorded);
        const a = monitor(engine, { concurrency: 4, batchSize: 4, deadlineMs: 10_000, pollIntervalMs: 50, policy, onCheck: count, onSweep: tally('a') });
        const b = monitor(other, { concurrency: 4, batchSize: 4, deadlineMs: 10_000, pollIntervalMs: 50, policy, onCheck: count, onSweep: tally('b') });
        a.start();
        b.start();
        // let both keep sweeping until every server was checked, and a few rounds more
        await expect.poll(() => probes.size, { timeout: 20_000, interval: 50 }).toBe(20);
        await new Promise((r) => setTimeout(r, 300));
        await Promise.all([a.stop(), b.stop()]);
        expect([...probes.values()].every((n) => n === 1)).toBe(true);
        // both processes took part: the sweep was shared, not won by one while the other stood by
        expect(recordedBy.a).toBeGreaterThan(0);
        expect(recordedBy.b).toBeGreaterThan(0);
        expect(recordedBy.a + recordedBy.b).toBe(20);
        const history = await historyCounts(engine);
        expect(Object.values(ids).map((id) => history.get(id))).toEqual(Array(20).fill(1));
        expect(other.stats().borrowed).toBe(0);
      } finally {
        await other.close();
      }
    },
  );
});

function loadsServer(): boolean {
  // decided before the engine exists: createTestEngine picks the server exactly when DATABASE_URL is set
  return Boolean(process.env.DATABASE_URL);
}

describe('stop()', () => {
  it('mid-sweep: aborts probes, leaves every server fully checked or untouched, borrows nothing', async () => {
    const slowServers: Record<string, string> = {};
    const hangServers: Record<string, string> = {};
    const slow = await serve(startStreamableHttpServer({ toolsListDelayMs: 200 }));
    for (let i = 0; i < 6; i++) slowServers[`slow-${i}`] = slow;
    for (let i = 0; i < 6; i++) hangServers[`hang-${i}`] = await serve(startHangingServer());
    // the slow ones are due first, so the first claims answer (claims go by due time, then id)
    const slowDue = new Date(Date.now() - 6_000);
    const hangDue = new Date(Date.now() - 5_000);
    const dueOf = (name: string) => (name.startsWith('slow') ? slowDue : hangDue);
    const ids = { ...(await addServers(engine, slowServers, { nextCheckAt: slowDue })), ...(await addServers(engine, hangServers, { nextCheckAt: hangDue })) };
    const checks: CheckEvent[] = [];
    const m = monitor(engine, { concurrency: 3, deadlineMs: 20_000, policy, onCheck: (e) => checks.push(e) });
    m.start();
    await expect.poll(() => checks.length, { timeout: 10_000, interval: 20 }).toBeGreaterThan(0);
    const stopping = performance.now();
    await m.stop();
    expect(performance.now() - stopping).toBeLessThan(10_000); // far below the 20 s probe deadline
    expect(m.running).toBe(false);
    expect(engine.stats().borrowed).toBe(0);

    const rows = await serverRows();
    const history = await historyCounts(engine);
    let checked = 0;
    let untouched = 0;
    for (const [name, id] of Object.entries(ids)) {
      const row = rows.get(name)!;
      if (history.get(id)) {
        expect(history.get(id), name).toBe(1);
        expect(row.last_checked_at, name).not.toBeNull();
        expect(row.status, name).not.toBe('unknown');
        expect(row.version, name).toBe(2);
        checked += 1;
      } else {
        // untouched: no check written, and the claim handed back
        expect(row, name).toMatchObject({ status: 'unknown', last_checked_at: null, version: 1, consecutive_failures: 0 });
        expect((row.next_check_at as Date).getTime(), name).toBe(dueOf(name).getTime());
        untouched += 1;
      }
    }
    expect(checked).toBeGreaterThan(0);
    expect(untouched).toBeGreaterThan(0);
    expect(checks.filter((c) => c.recorded)).toHaveLength(checked);

    // stopped is stopped: nothing more is scheduled
    await new Promise((r) => setTimeout(r, 200));
    expect((await historyCounts(engine)).size).toBe(checked);
  });

  it('is idempotent and safe on a monitor that never started', async () => {
    const m = monitor(engine);
    await m.stop();
    await m.stop();
    expect(engine.stats().borrowed).toBe(0);
    await using db = SessionLocal(engine);
    expect(await db.query(McpServer).count()).toBe(0);
  });
});
