/**
 * Revocation across processes: two BUILT API servers (`dist/server.js`) as child processes on
 * one PostgreSQL database. A key both have cached is revoked through the first: the first
 * refuses it at once, the second within one second (LISTEN/NOTIFY). Server database only — the
 * embedded database is locked to one process.
 *
 * Needs `pnpm --filter @agent-studio/api build` first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestEngine, type TestEngine } from '@agent-studio/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const SERVER_JS = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'server.js');
const ADMIN_KEY = `test-admin-${randomBytes(16).toString('hex')}`;

interface Started {
  readonly child: ChildProcess;
  readonly base: string;
}

async function startServer(databaseUrl: string): Promise<Started> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    AGENT_STUDIO_API_KEY: ADMIN_KEY,
    AGENT_STUDIO_SECRET_KEY: randomBytes(32).toString('base64'),
    API_KEY_CACHE_TTL_MS: '3600000', // an hour: only the notification can end a cached verdict
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
  };
  const child = spawn(process.execPath, [SERVER_JS], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const deadline = Date.now() + 30_000;
  for (;;) {
    const base = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
    if (base) return { child, base };
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function stop(server: Started | undefined): Promise<void> {
  if (!server || server.child.exitCode !== null) return;
  const exited = new Promise((r) => server.child.once('exit', r));
  server.child.kill('SIGTERM');
  await exited;
}

const call = (server: Started, path: string, key: string, method = 'GET', body?: object) =>
  fetch(`${server.base}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${key}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });

describe.skipIf(!process.env.DATABASE_URL)('revocation across two API processes', () => {
  let engine: TestEngine;
  let a: Started | undefined;
  let b: Started | undefined;

  beforeAll(async () => {
    engine = await createTestEngine();
    if (engine.config.target.kind !== 'server') throw new Error('needs a server database');
    const url = engine.config.target.url;
    [a, b] = await Promise.all([startServer(url), startServer(url)]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([stop(a), stop(b)]);
    await engine?.close();
  });

  it('refused at once on the revoking process and within one second on the other', async () => {
    const created = await call(a!, '/api-keys', ADMIN_KEY, 'POST', { name: 'shared', scope: 'admin' });
    expect(created.status).toBe(201);
    const { apiKey, key } = (await created.json()) as { apiKey: { id: string }; key: string };
    // both processes verify and cache it
    expect((await call(a!, '/agents', key)).status).toBe(200);
    expect((await call(b!, '/agents', key)).status).toBe(200);
    expect((await call(b!, '/agents', key)).status).toBe(200);

    expect((await call(a!, `/api-keys/${apiKey.id}`, ADMIN_KEY, 'DELETE')).status).toBe(200);
    const revokedAt = Date.now();
    expect((await call(a!, '/agents', key)).status).toBe(401);
    // and it cannot mint a key on the other process meanwhile
    let status = 0;
    while (Date.now() - revokedAt < 1_000) {
      status = (await call(b!, '/agents', key)).status;
      if (status === 401) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(status).toBe(401);
    expect(Date.now() - revokedAt).toBeLessThan(1_000);
    expect((await call(b!, '/api-keys', key, 'POST', { name: 'escape', scope: 'admin' })).status).toBe(401);
  });
});
