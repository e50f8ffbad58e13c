/**
 * Issue 12: a probe (`test-connection`, `check`, `tools/refresh`) stops when its HTTP client
 * disconnects — on the real server: a loopback MCP server that never answers sees its connection
 * closed, a hanging stdio server process is killed, and nothing is recorded.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STDIO_SERVER_FIXTURE, startHangingServer, type HangingServer } from '@agent-studio/test-servers';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApiTestContext, type ApiTestContext } from './api-test-context.js';
import { listenOnLoopback } from './listen-on-loopback.js';

/** Generous: the probe's own deadline is 60 s, so anything well below it proves the abort. */
const BOUND_MS = 5_000;

let ctx: ApiTestContext;
let api: Awaited<ReturnType<typeof listenOnLoopback>>;
let hanging: HangingServer;
let dir: string;

beforeAll(async () => {
  ctx = await createApiTestContext();
  api = await listenOnLoopback(ctx.app);
  dir = await mkdtemp(join(tmpdir(), 'probe-disconnect-'));
});
afterEach(async () => {
  await hanging?.close();
});
afterAll(async () => {
  await api?.close();
  await ctx?.close();
  await rm(dir, { recursive: true, force: true });
});

async function until(what: string, condition: () => boolean | Promise<boolean>, ms = BOUND_MS): Promise<number> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > ms) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return Date.now() - started;
}

/** Starts a POST on a real socket and returns its abort (the client disconnecting). */
function startPost(path: string, body: object): { disconnect: () => void; settled: Promise<unknown> } {
  const controller = new AbortController();
  const settled = fetch(`${api.base}/api/v1${path}`, {
    method: 'POST',
    headers: { ...ctx.auth, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    signal: controller.signal,
  }).catch((error: unknown) => error);
  return { disconnect: () => controller.abort(), settled };
}

async function savedHangingServer(name: string): Promise<string> {
  const res = await request(ctx.app).post('/api/v1/mcp-servers').set(ctx.auth).send({ name, transport: 'streamable_http', url: hanging.url });
  expect(res.status, res.text).toBe(201);
  return (res.body as { id: string }).id;
}

describe('a probe whose HTTP client disconnects', () => {
  it.each([
    ['check', 'check'],
    ['refresh', 'tools/refresh'],
  ])('%s of a saved server: the MCP server sees its connection closed, nothing is recorded', async (name, action) => {
    hanging = await startHangingServer();
    const id = await savedHangingServer(`hanging-${name}`);
    const call = startPost(`/mcp-servers/${id}/${action}`, { deadlineMs: 60_000 });
    await until('the probe connects', () => hanging.accepted() > 0);
    expect(hanging.openConnections()).toBeGreaterThan(0);
    call.disconnect();
    await until('the MCP server sees the probe connection closed', () => hanging.openConnections() === 0);
    await call.settled;
    // a cancelled probe says nothing about the server: no history row, health unchanged
    await until('the request ends', async () => {
      const c = await ctx.engine.acquire();
      try {
        return (await c.query('SELECT 1 FROM pg_stat_activity WHERE state = $1 AND datname = current_database() AND pid <> pg_backend_pid()', ['idle in transaction'])).rows.length === 0;
      } finally {
        ctx.engine.release(c);
      }
    });
    const checks = await request(ctx.app).get(`/api/v1/mcp-servers/${id}/health-checks`).set(ctx.auth);
    expect((checks.body as { pagination: { total: number } }).pagination.total).toBe(0);
    const server = await request(ctx.app).get(`/api/v1/mcp-servers/${id}`).set(ctx.auth);
    expect((server.body as { status: string; lastCheckedAt: string | null })).toMatchObject({ status: 'unknown', lastCheckedAt: null });
  });

  it('test-connection over HTTP: the MCP server sees its connection closed', async () => {
    hanging = await startHangingServer();
    const call = startPost('/mcp-servers/test-connection?deadlineMs=60000', { transport: 'streamable_http', url: hanging.url });
    await until('the probe connects', () => hanging.accepted() > 0);
    call.disconnect();
    await until('the MCP server sees the probe connection closed', () => hanging.openConnections() === 0);
    await call.settled;
  });

  it('test-connection of a stdio server: its process is killed', async () => {
    const pidFile = join(dir, 'stdio.pid');
    const call = startPost('/mcp-servers/test-connection?deadlineMs=60000', {
      transport: 'stdio',
      command: process.execPath,
      args: [STDIO_SERVER_FIXTURE, 'hang', pidFile],
    });
    let pid = 0;
    await until('the stdio server starts', async () => {
      pid = Number(await readFile(pidFile, 'utf8').catch(() => '0'));
      return pid > 0;
    });
    const alive = (): boolean => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    expect(alive()).toBe(true);
    call.disconnect();
    await until('the stdio server process ends', () => !alive());
    await call.settled;
  });
});
