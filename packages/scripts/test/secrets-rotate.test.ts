/**
 * `secrets rotate`: a round trip from one key to another, old values still read meanwhile.
 */
import { randomBytes } from 'node:crypto';
import { createEngine, loadDbConfig } from '@agent-studio/db/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliDatabase, sql, type CliDatabase } from './cli-database.js';
import { lines, runCli } from './run-cli.js';

let db: CliDatabase;
beforeAll(async () => {
  db = await createCliDatabase({ migrate: true });
});
afterAll(() => db?.close());

/** The MCP servers' secrets as an engine with only `env`'s key reads them. */
async function secretsWith(env: Record<string, string>): Promise<unknown[]> {
  const { withSession, select } = await import('@agent-studio/db/exec');
  const { McpServer } = await import('@agent-studio/db/models');
  const engine = await createEngine({ config: loadDbConfig(env) });
  try {
    const servers = await withSession(engine, (s) => s.exec(select(McpServer).orderBy('name')).all());
    return servers.map((server) => [server.headers, server.env]);
  } finally {
    await engine.close();
  }
}

describe('studio secrets rotate', () => {
  it('re-encrypts every secret under the new key; the old key is then no longer needed', async () => {
    const oldKey = db.env.AGENT_STUDIO_SECRET_KEY!;
    const newKey = randomBytes(32).toString('base64');
    await db.inspect(async (engine) => {
      const { withSession } = await import('@agent-studio/db/exec');
      const { McpServer } = await import('@agent-studio/db/models');
      await withSession(engine, async (s) => {
        s.add(McpServer, { name: 'a', transport: 'sse', url: 'http://127.0.0.1:9/sse', headers: { Authorization: 'Bearer SECRET-ROTATE-1' } });
        s.add(McpServer, { name: 'b', transport: 'stdio', command: 'node', env: { TOKEN: 'SECRET-ROTATE-2' } });
      });
    });
    const before = await db.inspect((engine) => sql(engine, 'SELECT headers_encrypted, env_encrypted FROM mcp_servers ORDER BY name'));

    // the new key alone cannot read them: a wrong key is reported, not fatal
    const withoutOld = await runCli(['secrets', 'rotate'], { ...db.env, AGENT_STUDIO_SECRET_KEY: newKey });
    expect(withoutOld.code).toBe(1);
    expect(withoutOld.stderr).toMatch(/could not be decrypted with the configured keys/);

    const rotated = await runCli(['secrets', 'rotate'], { ...db.env, AGENT_STUDIO_SECRET_KEY: newKey, AGENT_STUDIO_SECRET_KEYS_OLD: oldKey });
    expect(rotated.code, rotated.stderr).toBe(0);
    const report = lines(rotated.stdout);
    expect(report).toContain('mcp_servers.headers_encrypted: 1 re-encrypted, 0 already current, 0 unreadable');
    expect(report).toContain('mcp_servers.env_encrypted: 1 re-encrypted, 0 already current, 0 unreadable');
    expect(report).toContain('functions.headers_encrypted: 0 re-encrypted, 0 already current, 0 unreadable');
    const after = await db.inspect((engine) => sql(engine, 'SELECT headers_encrypted, env_encrypted FROM mcp_servers ORDER BY name'));
    expect(after).not.toEqual(before);
    expect(JSON.stringify(after)).not.toContain('SECRET-ROTATE');

    const again = await runCli(['secrets', 'rotate'], { ...db.env, AGENT_STUDIO_SECRET_KEY: newKey });
    expect(again.code, again.stderr).toBe(0);
    expect(lines(again.stdout)).toContain('mcp_servers.headers_encrypted: 0 re-encrypted, 1 already current, 0 unreadable');

    expect(await secretsWith({ ...db.env, AGENT_STUDIO_SECRET_KEY: newKey })).toEqual([
      [{ Authorization: 'Bearer SECRET-ROTATE-1' }, {}],
      [{}, { TOKEN: 'SECRET-ROTATE-2' }],
    ]);
  });
});
