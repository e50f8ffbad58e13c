import { withSession } from '@agent-studio/db/exec';
import { createTestEngine, type TestEngine } from '@agent-studio/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isNotFoundError, isValidationError } from '../../errors/index.js';
import { ApiKeysService } from './api-keys-service.js';

let engine: TestEngine;

beforeAll(async () => {
  engine = await createTestEngine();
});
afterAll(async () => {
  await engine.close();
});

describe('ApiKeysService', () => {
  it('creates a key shown once, stores only its hash, verifies and revokes it', async () => {
    const created = await withSession(engine, (s) => ApiKeysService.createApiKey(s, { name: 'ci' }));
    expect(created.key).toMatch(/^as_[A-Za-z0-9_-]{43}$/);
    expect(created.key.startsWith(created.apiKey.prefix)).toBe(true);
    const listed = await withSession(engine, (s) => ApiKeysService.listApiKeys(s));
    expect(JSON.stringify(listed)).not.toContain(created.key);
    const c = await engine.acquire();
    try {
      const stored = await c.query<{ key_hash: string }>('SELECT key_hash FROM api_keys');
      expect(stored.rows.map((r) => r.key_hash).join()).not.toContain(created.key);
    } finally {
      engine.release(c);
    }
    expect((await withSession(engine, (s) => ApiKeysService.verifyApiKey(s, created.key)))?.id).toBe(created.apiKey.id);
    expect(await withSession(engine, (s) => ApiKeysService.verifyApiKey(s, `${created.key.slice(0, -1)}x`))).toBeNull();
    expect(await withSession(engine, (s) => ApiKeysService.verifyApiKey(s, 'garbage'))).toBeNull();
    expect(await withSession(engine, (s) => ApiKeysService.countActiveApiKeys(s))).toBe(1);
    const revoked = await withSession(engine, (s) => ApiKeysService.revokeApiKey(s, created.apiKey.id));
    expect(revoked.revokedAt).not.toBeNull();
    expect(await withSession(engine, (s) => ApiKeysService.verifyApiKey(s, created.key))).toBeNull();
    expect(await withSession(engine, (s) => ApiKeysService.countActiveApiKeys(s))).toBe(0);
  });

  it('rejects bad input with field paths and unknown ids as not found', async () => {
    const invalid = await withSession(engine, (s) => ApiKeysService.createApiKey(s, { name: '' })).catch((e: unknown) => e);
    expect(isValidationError(invalid) && invalid.issues[0]?.path).toEqual(['name']);
    const badId = await withSession(engine, (s) => ApiKeysService.revokeApiKey(s, 'nope')).catch((e: unknown) => e);
    expect(isValidationError(badId) && badId.issues[0]?.path).toEqual(['id']);
    const missing = await withSession(engine, (s) => ApiKeysService.revokeApiKey(s, crypto.randomUUID())).catch((e: unknown) => e);
    expect(isNotFoundError(missing)).toBe(true);
  });
});

describe('ApiKeysService.registerApiKey', () => {
  it('registers a configured key by hash, idempotently', async () => {
    const key = 'configured-key-0123456789-abcdef';
    const first = await withSession(engine, (s) => ApiKeysService.registerApiKey(s, { name: 'configured', key }));
    const again = await withSession(engine, (s) => ApiKeysService.registerApiKey(s, { name: 'configured', key }));
    expect(again.id).toBe(first.id);
    expect((await withSession(engine, (s) => ApiKeysService.verifyApiKey(s, key)))?.id).toBe(first.id);
    const short = await withSession(engine, (s) => ApiKeysService.registerApiKey(s, { name: 'x', key: 'short' })).catch((e: unknown) => e);
    expect(isValidationError(short) && short.issues[0]?.path).toEqual(['key']);
  });
});

describe('ApiKeysService scopes and callers', () => {
  it('creates read keys unless asked otherwise; authenticateKey names the caller', async () => {
    const reader = await withSession(engine, (s) => ApiKeysService.createApiKey(s, { name: 'reader' }));
    const admin = await withSession(engine, (s) => ApiKeysService.createApiKey(s, { name: 'admin', scope: 'admin' }));
    expect(reader.apiKey.scope).toBe('read');
    expect(admin.apiKey.scope).toBe('admin');
    expect(await withSession(engine, (s) => ApiKeysService.authenticateKey(s, reader.key))).toEqual({ kind: 'api_key', keyId: reader.apiKey.id, scope: 'read' });
    expect(await withSession(engine, (s) => ApiKeysService.authenticateKey(s, admin.key))).toEqual({ kind: 'api_key', keyId: admin.apiKey.id, scope: 'admin' });
    expect(await withSession(engine, (s) => ApiKeysService.authenticateKey(s, `as_${'x'.repeat(43)}`))).toBeNull();
    expect(await withSession(engine, (s) => ApiKeysService.authenticateKey(s, 'short'))).toBeNull();
    const bad = await withSession(engine, (s) => ApiKeysService.createApiKey(s, { name: 'x', scope: 'root' as 'admin' })).catch((e: unknown) => e);
    expect(isValidationError(bad) && bad.issues[0]?.path).toEqual(['scope']);
  });

  it('a configured key is admin', async () => {
    const dto = await withSession(engine, (s) => ApiKeysService.registerApiKey(s, { name: 'cfg', key: 'configured-admin-key-0123456789' }));
    expect(dto.scope).toBe('admin');
  });
});
