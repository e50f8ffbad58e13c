import { randomBytes } from 'node:crypto';
import { withSession, type ExecSession } from '@agent-studio/db/exec';
import { createTestEngine, type TestEngine } from '@agent-studio/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { McpServersService } from './mcp-servers-service.js';

let engine: TestEngine;
const run = <T>(fn: (s: ExecSession) => Promise<T>): Promise<T> => withSession(engine, fn);

beforeAll(async () => {
  engine = await createTestEngine();
});
afterAll(async () => {
  await engine.close();
});

describe('a server whose secrets cannot be decrypted', () => {
  it('is reported on that server only: the list works, a check records why, nothing is probed', async () => {
    const good = await run((s) => McpServersService.createMcpServer(s, { name: 'good', transport: 'sse', url: 'http://127.0.0.1:9/sse', headers: { A: 'SECRET-A-123' } }));
    const bad = await run((s) => McpServersService.createMcpServer(s, { name: 'bad', transport: 'sse', url: 'http://127.0.0.1:9/sse', headers: { A: 'SECRET-B-123' } }));
    // as if written by a process with another key (the v2 key id names it)
    const c = await engine.acquire();
    try {
      const foreign = `v2:0badc0de:${randomBytes(12).toString('base64url')}:${randomBytes(16).toString('base64url')}:${randomBytes(20).toString('base64url')}`;
      await c.query('UPDATE mcp_servers SET headers_encrypted = $1 WHERE id = $2', [foreign, bad.id]);
    } finally {
      engine.release(c);
    }
    const page = await run((s) => McpServersService.listMcpServers(s, {}));
    const byName = Object.fromEntries(page.data.map((d) => [d.name, d]));
    expect(byName.good?.secretError).toBeNull();
    expect(byName.bad?.secretError).toMatch(/could not be decrypted: it was encrypted with key 0badc0de/);
    expect(byName.bad?.headers).toEqual({});
    const { check, server } = await run((s) => McpServersService.checkNow(s, bad.id, { deadlineMs: 2_000 }));
    expect(check.errorKind).toBe('unknown');
    expect(check.error).toMatch(/could not be decrypted/);
    expect(server.secretError).not.toBeNull();
    expect((await run((s) => McpServersService.getMcpServer(s, good.id))).secretError).toBeNull();
  });
});
