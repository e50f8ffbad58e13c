/**
 * End to end: the BUILT server (`dist/server.js`, as `pnpm start` runs it) as a child process on
 * the embedded default database (DATABASE_URL unset, a temporary data directory, PORT 0),
 * exercised over HTTP with the admin key it prints on first start; then SIGTERM while several
 * slow requests are in flight — every one of them completes with a 2xx and the process exits 0.
 *
 * Needs `pnpm --filter @agent-studio/api build` first (turbo's `@agent-studio/api#test` depends
 * on it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStreamableHttpServer, type LoopbackServer } from '@agent-studio/test-servers';

const SERVER_JS = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'server.js');

interface Started {
  readonly child: ChildProcess;
  readonly base: string;
  readonly apiKey: string;
  readonly output: () => string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts dist/server.js and resolves once it printed its URL and admin key. */
async function startServer(dataDir: string): Promise<Started> {
  const env: NodeJS.ProcessEnv = { ...process.env, AGENT_STUDIO_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL; // the embedded default
  delete env.AGENT_STUDIO_API_KEY; // so that the first start creates and prints an admin key
  const child = spawn(process.execPath, [SERVER_JS], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const ready = await Promise.race([
    (async () => {
      for (;;) {
        const base = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
        const apiKey = /admin API key \(shown once, store it now\): (\S+)/.exec(out)?.[1];
        if (base && apiKey) return { base, apiKey };
        await new Promise((r) => setTimeout(r, 50));
      }
    })(),
    exited.then(({ code, signal }) => {
      throw new Error(`server exited before listening (code ${code}, signal ${signal}):\n${out}`);
    }),
  ]);
  return { child, ...ready, output: () => out, exited };
}

/**
 * A loopback proxy in front of a real MCP server that holds every `tools/list` until released,
 * so the test knows exactly when probes are in flight and decides when they may finish.
 */
async function startHoldingProxy(target: string): Promise<{
  url: string;
  arrived: (n: number) => Promise<void>;
  release: () => void;
  close: () => Promise<void>;
}> {
  let arrivals = 0;
  const watchers: (() => void)[] = [];
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const forward = (headers: IncomingHttpHeaders): Record<string, string> => {
    const picked: Record<string, string> = {};
    for (const name of ['content-type', 'accept', 'mcp-session-id', 'mcp-protocol-version', 'last-event-id']) {
      const value = headers[name];
      if (typeof value === 'string') picked[name] = value;
    }
    return picked;
  };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks);
      if (body.includes('"tools/list"')) {
        arrivals += 1;
        for (const w of watchers.splice(0)) w();
        await released;
      }
      const upstream = await fetch(target, {
        method: req.method ?? 'GET',
        headers: forward(req.headers),
        ...(req.method === 'POST' ? { body } : {}),
      });
      const headers: Record<string, string> = {};
      upstream.headers.forEach((value, name) => {
        if (!['content-length', 'transfer-encoding', 'content-encoding', 'connection', 'keep-alive'].includes(name)) headers[name] = value;
      });
      res.writeHead(upstream.status, headers);
      if (upstream.body) Readable.fromWeb(upstream.body).pipe(res);
      else res.end();
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(502).end(String(error));
      else res.destroy();
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    arrived: async (n) => {
      while (arrivals < n) await new Promise<void>((resolve) => watchers.push(resolve));
    },
    release,
    close: async () => {
      release();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

let dataDir: string;
let started: Started | undefined;
let mcp: LoopbackServer | undefined;

beforeAll(async () => {
  if (!existsSync(SERVER_JS)) {
    throw new Error(`${SERVER_JS} is missing: run "pnpm --filter @agent-studio/api build" first (turbo does it for "test")`);
  }
  dataDir = await mkdtemp(join(tmpdir(), 'agent-studio-e2e-'));
  started = await startServer(dataDir);
});

afterAll(async () => {
  if (started && started.child.exitCode === null && started.child.signalCode === null) {
    started.child.kill('SIGKILL');
    await started.exited;
  }
  await mcp?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('the built server on the embedded database', () => {
  it('serves the API over HTTP with the admin key it printed', async () => {
    const { base, apiKey } = started!;
    const auth = { Authorization: `Bearer ${apiKey}` };
    const json = { ...auth, 'content-type': 'application/json' };

    expect((await fetch(`${base}/health`)).status).toBe(200);
    const ready = await fetch(`${base}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', database: { reachable: true, kind: 'embedded', pendingMigrations: [] } });
    expect((await fetch(`${base}/openapi.json`)).status).toBe(200);

    const anonymous = await fetch(`${base}/api/v1/agents`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toMatch(/^application\/problem\+json/);

    const ids: string[] = [];
    for (const name of ['e2e-support', 'e2e-sales', 'e2e-triage']) {
      const res = await fetch(`${base}/api/v1/agents`, { method: 'POST', headers: json, body: JSON.stringify({ name, model: 'gpt-4o-mini' }) });
      expect(res.status).toBe(201);
      const agent = (await res.json()) as { id: string; name: string; version: number };
      expect(res.headers.get('location')).toBe(`/api/v1/agents/${agent.id}`);
      ids.push(agent.id);
    }
    const duplicate = await fetch(`${base}/api/v1/agents`, { method: 'POST', headers: json, body: JSON.stringify({ name: 'e2e-sales', model: 'm' }) });
    expect(duplicate.status).toBe(409);

    const list = await fetch(`${base}/api/v1/agents?limit=2&sort=name`, { headers: auth });
    expect(list.status).toBe(200);
    const page = (await list.json()) as { data: { name: string }[]; pagination: { total: number; limit: number; offset: number } };
    expect(page.pagination).toEqual({ total: 3, limit: 2, offset: 0 });
    expect(page.data.map((a) => a.name)).toEqual(['e2e-sales', 'e2e-support']);

    const got = await fetch(`${base}/api/v1/agents/${ids[0]}`, { headers: auth });
    expect(got.status).toBe(200);
    const etag = got.headers.get('etag')!;
    const patched = await fetch(`${base}/api/v1/agents/${ids[0]}`, {
      method: 'PATCH',
      headers: { ...json, 'If-Match': etag },
      body: JSON.stringify({ description: 'first-line support' }),
    });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ description: 'first-line support', version: 2 });
    const stale = await fetch(`${base}/api/v1/agents/${ids[0]}`, {
      method: 'PATCH',
      headers: { ...json, 'If-Match': etag },
      body: JSON.stringify({ description: 'lost update' }),
    });
    expect(stale.status).toBe(412);

    expect((await fetch(`${base}/api/v1/agents/${ids[2]}`, { method: 'DELETE', headers: auth })).status).toBe(204);
    expect((await fetch(`${base}/api/v1/agents/${ids[2]}`, { headers: auth })).status).toBe(404);
    const after = (await (await fetch(`${base}/api/v1/agents`, { headers: auth })).json()) as { pagination: { total: number } };
    expect(after.pagination.total).toBe(2);
  });

  it('runs a deployed workflow with its own worker (RUN_WORKERS is on by default on the embedded database)', async () => {
    const { base, apiKey, output } = started!;
    expect(output()).toMatch(/runs: {5}4 worker slot\(s\) in this process/);
    const call = async <T>(method: string, path: string, body?: unknown, auth = apiKey, extra: Record<string, string> = {}) => {
      const res = await fetch(`${base}/api/v1${path}`, {
        method,
        headers: { Authorization: `Bearer ${auth}`, 'content-type': 'application/json', ...extra },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, body: (await res.json()) as T };
    };
    const fn = await call<{ id: string }>('POST', '/functions', { kind: 'builtin', name: 'e2e_echo', config: { name: 'echo' } });
    const draft = await call<{ id: string; version: number }>('POST', '/workflows', {
      name: 'e2e-echo',
      definition: { startNodeId: 'say', nodes: [{ id: 'say', type: 'function', name: 'say', ref: fn.body.id }], edges: [] },
    });
    expect((await call('POST', `/workflows/${draft.body.id}/publish`, { version: draft.body.version })).status).toBe(201);
    const dep = await call<{ id: string; version: number }>('POST', '/deployments', { name: 'e2e-echo', workflowId: draft.body.id });
    expect((await call('POST', `/deployments/${dep.body.id}/deploy`, { version: dep.body.version })).status).toBe(200);
    const key = await call<{ apiKey: string }>('POST', `/deployments/${dep.body.id}/rotate-key`);
    const run = await call<{ status: string; id: string }>('POST', `/deployments/${dep.body.id}/runs`, { input: { hi: 1 } }, key.body.apiKey, {
      Prefer: 'wait=30',
    });
    expect(run.status, JSON.stringify(run.body)).toBe(200);
    expect(run.body.status).toBe('succeeded');
    const steps = await call<{ data: { nodeId: string; status: string }[] }>('GET', `/runs/${run.body.id}/steps`);
    expect(steps.body.data.map((s) => [s.nodeId, s.status])).toEqual([['say', 'succeeded']]);
  });

  it('finishes every in-flight request with a 2xx after SIGTERM, then exits 0', { timeout: 90_000 }, async () => {
    const { base, apiKey, child, exited } = started!;
    mcp = await startStreamableHttpServer({ name: 'slow-e2e', toolCount: 3 });
    const proxy = await startHoldingProxy(mcp.url);
    try {
      const SLOW = 5;
      const inFlight = Array.from({ length: SLOW }, () =>
        fetch(`${base}/api/v1/mcp-servers/test-connection`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ transport: 'streamable_http', url: proxy.url }),
        }).then(async (res) => ({ status: res.status, body: (await res.json()) as Record<string, unknown> })),
      );
      // every probe has connected, initialised and is now waiting for its tools/list
      await proxy.arrived(SLOW);
      const signalledAt = Date.now();
      expect(child.kill('SIGTERM')).toBe(true);
      await new Promise((r) => setTimeout(r, 300)); // the server is closing while they wait
      proxy.release();

      const results = await Promise.all(inFlight);
      for (const result of results) {
        expect(result.status, JSON.stringify(result.body)).toBe(200);
        expect(result.body).toMatchObject({ ok: true });
      }
      const { code, signal } = await exited;
      expect({ code, signal }, started!.output()).toEqual({ code: 0, signal: null });
      expect(Date.now() - signalledAt).toBeLessThan(9_000); // well before the forced close (SHUTDOWN_GRACE_MS 10 s)
      // and nothing listens any more
      await expect(fetch(`${base}/health`)).rejects.toThrow();
    } finally {
      await proxy.close();
    }
  });
});
