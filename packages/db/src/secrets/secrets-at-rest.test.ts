import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isInvalidQueryError, isSecretDecryptionError } from '../errors/index.js';
import { openSession, withSession } from '../exec/open-session.js';
import { select } from '../exec/select.js';
import { SessionLocal } from '../legacy/session-local.js';
import { McpServer } from '../models/mcp-server.js';
import { createTestEngine, type TestEngine } from '../testing/test-engine.js';
import { createSecretCipher } from './secret-cipher.js';

let engine: TestEngine;
const HEADER = 'Bearer SECRET-HEADER-123';
const ENV = 'SECRET-ENV-456';

beforeAll(async () => {
  engine = await createTestEngine();
});
afterAll(async () => {
  await engine.close();
});

async function storedColumns(name: string): Promise<{ headers_encrypted: string | null; env_encrypted: string | null }> {
  const c = await engine.acquire();
  try {
    const r = await c.query<{ headers_encrypted: string | null; env_encrypted: string | null }>(
      'SELECT headers_encrypted, env_encrypted FROM mcp_servers WHERE name = $1',
      [name],
    );
    return r.rows[0]!;
  } finally {
    engine.release(c);
  }
}

describe('MCP server secrets are encrypted at rest', () => {
  it('the exec session writes ciphertext and reads plaintext', async () => {
    const created = await withSession(engine, async (s) =>
      s.add(McpServer, { name: 'exec', transport: 'stdio', command: 'node', headers: { Authorization: HEADER }, env: { TOKEN: ENV } }),
    );
    expect(created.headers).toEqual({ Authorization: HEADER });
    const raw = await storedColumns('exec');
    expect(raw.headers_encrypted).toMatch(/^v2:[0-9a-f]{8}:/);
    expect(JSON.stringify(raw)).not.toContain('SECRET');
    await using s = openSession(engine);
    const row = (await s.exec(select(McpServer).where({ name: 'exec' })).one());
    expect(row.env).toEqual({ TOKEN: ENV });
    row.env = { TOKEN: 'rotated' };
    s.add(row);
    await s.commit();
    expect((await s.get(McpServer, row.id))?.env).toEqual({ TOKEN: 'rotated' });
    expect(() => select(McpServer).where({ headers: {} } as never).compile()).toThrowError(/encrypted and cannot be filtered/);
  });

  it('the legacy session reads and writes the same plaintext through the same storage', async () => {
    await using db = SessionLocal(engine);
    db.add(McpServer, { name: 'legacy', transport: 'sse', url: 'http://127.0.0.1:1/sse', headers: { 'X-Key': HEADER } });
    await db.commit();
    const raw = await storedColumns('legacy');
    expect(raw.headers_encrypted).toMatch(/^v2:[0-9a-f]{8}:/);
    expect(raw.env_encrypted).toBeNull();
    const fromExec = await withSession(engine, (s) => s.exec(select(McpServer).where({ name: 'legacy' })).one());
    expect(fromExec.headers).toEqual({ 'X-Key': HEADER });
    expect(fromExec.env).toEqual({});
    const instance = (await db.query(McpServer).filterBy({ name: 'exec' }).one());
    expect(instance.env).toEqual({ TOKEN: 'rotated' });
    expect(await db.query(McpServer).filterBy({ name: 'legacy' }).update({ env: { A: ENV } })).toBe(1);
    await db.commit();
    expect((await storedColumns('legacy')).env_encrypted).toMatch(/^v2:/);
    const again = await withSession(engine, (s) => s.exec(select(McpServer).where({ name: 'legacy' })).one());
    expect(again.env).toEqual({ A: ENV });
    expect(isInvalidQueryError((() => { try { db.query(McpServer).filterBy({ env: {} }); } catch (e) { return e; } })())).toBe(true);
  });

  it('a wrong key is a clear SecretDecryptionError', () => {
    const stored = createSecretCipher(randomBytes(32)).encrypt({ token: 'SECRET-789' });
    let error: unknown;
    try {
      createSecretCipher(randomBytes(32)).decrypt(stored);
    } catch (e) {
      error = e;
    }
    expect(isSecretDecryptionError(error)).toBe(true);
    expect((error as Error).message).not.toContain('SECRET-789');
  });
});
