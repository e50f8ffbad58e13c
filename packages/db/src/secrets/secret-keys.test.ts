import { createCipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDbConfig } from '../config/db-config.js';
import { isConfigError, isSecretDecryptionError } from '../errors/index.js';
import { withSession } from '../exec/open-session.js';
import { select } from '../exec/select.js';
import { SessionLocal } from '../legacy/session-local.js';
import { McpServer } from '../models/mcp-server.js';
import { createTestEngine, type TestEngine } from '../testing/test-engine.js';
import { createSecretCipher, secretKeyId } from './secret-cipher.js';
import { secretErrorOf } from './secret-errors.js';

const dir = mkdtempSync(join(tmpdir(), 'agent-studio-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function configError(env: Record<string, string>): Error {
  try {
    loadDbConfig(env);
  } catch (e) {
    expect(isConfigError(e)).toBe(true);
    return e as Error;
  }
  throw new Error('expected a ConfigError');
}

describe('the secret key with DATABASE_URL', () => {
  const url = 'postgres://postgres@127.0.0.1:5432/test';

  it('must be configured: no key file follows the working directory', () => {
    const error = configError({ DATABASE_URL: url });
    expect(error.message).toContain('AGENT_STUDIO_SECRET_KEY');
    expect(error.message).toContain('openssl rand -base64 32');
    expect(error.message).toContain('AGENT_STUDIO_SECRET_KEY_FILE');
  });

  it('comes from AGENT_STUDIO_SECRET_KEY or an absolute AGENT_STUDIO_SECRET_KEY_FILE', () => {
    const key = randomBytes(32);
    expect(loadDbConfig({ DATABASE_URL: url, AGENT_STUDIO_SECRET_KEY: key.toString('base64') }).secretKey).toEqual(key);
    const file = join(dir, 'secret.key');
    writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600 });
    const config = loadDbConfig({ DATABASE_URL: url, AGENT_STUDIO_SECRET_KEY_FILE: file });
    expect(config.secretKey).toEqual(key);
    expect(config.secretKeyFile).toBeUndefined();
    expect(configError({ DATABASE_URL: url, AGENT_STUDIO_SECRET_KEY_FILE: 'secret.key' }).message).toMatch(/AGENT_STUDIO_SECRET_KEY_FILE must be an absolute path/);
    expect(configError({ DATABASE_URL: url, AGENT_STUDIO_SECRET_KEY_FILE: join(dir, 'missing.key') }).message).toMatch(/cannot be read \(ENOENT\)/);
    expect(configError({ DATABASE_URL: url, AGENT_STUDIO_SECRET_KEY: 'short' }).message).toMatch(/32 bytes/);
  });

  it('only the embedded database keeps a key file, in its own data directory', () => {
    expect(loadDbConfig({ AGENT_STUDIO_DATA_DIR: join(dir, 'data') }).secretKeyFile).toBe(join(dir, 'data', 'secret.key'));
  });

  it('reads old keys for rotation from AGENT_STUDIO_SECRET_KEYS_OLD', () => {
    const [a, b] = [randomBytes(32), randomBytes(32)];
    const config = loadDbConfig({ DATABASE_URL: url, AGENT_STUDIO_SECRET_KEY: randomBytes(32).toString('base64'), AGENT_STUDIO_SECRET_KEYS_OLD: `${a.toString('base64')}, ${b.toString('hex')}` });
    expect(config.oldSecretKeys).toEqual([a, b]);
    expect(configError({ DATABASE_URL: url, AGENT_STUDIO_SECRET_KEY: a.toString('base64'), AGENT_STUDIO_SECRET_KEYS_OLD: 'nope' }).message).toContain('AGENT_STUDIO_SECRET_KEYS_OLD[0]');
  });
});

describe('ciphertexts carry a key id', () => {
  it('writes v2:<kid>:… and reads it back with the current or an old key', () => {
    const [oldKey, newKey] = [randomBytes(32), randomBytes(32)];
    const stored = createSecretCipher(oldKey).encrypt({ TOKEN: 'SECRET-1' })!;
    expect(stored.startsWith(`v2:${secretKeyId(oldKey)}:`)).toBe(true);
    const rotated = createSecretCipher(newKey, [oldKey]);
    expect(rotated.decrypt(stored)).toEqual({ TOKEN: 'SECRET-1' });
    expect(rotated.isCurrent(stored)).toBe(false);
    expect(rotated.isCurrent(rotated.encrypt({ TOKEN: 'x' }))).toBe(true);
    let error: unknown;
    try {
      createSecretCipher(newKey).decrypt(stored);
    } catch (e) {
      error = e;
    }
    expect(isSecretDecryptionError(error)).toBe(true);
    expect((error as Error).message).toContain(secretKeyId(oldKey));
  });

  it('still reads v1 values (no key id), trying every key', () => {
    const key = randomBytes(32);
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', key, iv);
    const body = Buffer.concat([c.update(JSON.stringify({ A: 'b' }), 'utf8'), c.final()]);
    const v1 = ['v1', iv.toString('base64url'), c.getAuthTag().toString('base64url'), body.toString('base64url')].join(':');
    expect(createSecretCipher(randomBytes(32), [key]).decrypt(v1)).toEqual({ A: 'b' });
    expect(createSecretCipher(key).isCurrent(v1)).toBe(false);
  });
});

describe('an undecryptable value fails only its own row', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await createTestEngine();
  });
  afterAll(async () => {
    await engine.close();
  });

  it('lists every row; the unreadable one reads as {} and reports its error, in both sessions', async () => {
    await withSession(engine, async (s) => {
      s.add(McpServer, { name: 'good', transport: 'sse', url: 'http://127.0.0.1:1/sse', headers: { A: 'SECRET-GOOD-1' } });
      s.add(McpServer, { name: 'bad', transport: 'sse', url: 'http://127.0.0.1:1/sse', headers: { A: 'x' } });
    });
    const foreign = createSecretCipher(randomBytes(32)).encrypt({ A: 'SECRET-OTHER-KEY' });
    const c = await engine.acquire();
    try {
      await c.query('UPDATE mcp_servers SET headers_encrypted = $1 WHERE name = $2', [foreign, 'bad']);
    } finally {
      engine.release(c);
    }
    const rows = await withSession(engine, (s) => s.exec(select(McpServer).orderBy('name')).all());
    expect(rows.map((r) => [r.name, r.headers])).toEqual([['bad', {}], ['good', { A: 'SECRET-GOOD-1' }]]);
    expect(secretErrorOf(rows[0]!)?.message).toMatch(/could not be decrypted/);
    expect(secretErrorOf(rows[1]!)).toBeUndefined();

    await using db = SessionLocal(engine);
    const instances = await db.query(McpServer).orderBy('name').all();
    expect(instances.map((i) => i.headers)).toEqual([{}, { A: 'SECRET-GOOD-1' }]);
    expect(secretErrorOf(instances[0]!)).toBeDefined();
  });
});
