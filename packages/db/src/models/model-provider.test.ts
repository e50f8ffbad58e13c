import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isQueryError } from '../errors/index.js';
import { openSession, withSession } from '../exec/open-session.js';
import { select } from '../exec/select.js';
import { SessionLocal } from '../legacy/session-local.js';
import { createTestEngine, type TestEngine } from '../testing/test-engine.js';
import { ModelProvider } from './model-provider.js';

let engine: TestEngine;
const API_KEY = 'sk-SECRET-PROVIDER-KEY-1';
const HEADER = 'SECRET-PROVIDER-HEADER-2';

beforeAll(async () => {
  engine = await createTestEngine();
});
afterAll(async () => {
  await engine.close();
});

async function storedRow(name: string): Promise<Record<string, unknown>> {
  const c = await engine.acquire();
  try {
    const r = await c.query<Record<string, unknown>>('SELECT * FROM model_providers WHERE name = $1', [name]);
    return r.rows[0]!;
  } finally {
    engine.release(c);
  }
}

describe('ModelProvider', () => {
  it('stores the API key and headers encrypted, reads them in plaintext (both sessions)', async () => {
    const created = await withSession(engine, async (s) =>
      s.add(ModelProvider, {
        name: 'local',
        baseUrl: 'http://127.0.0.1:11434/v1',
        credentials: { apiKey: API_KEY },
        headers: { 'X-Org': HEADER },
      }),
    );
    expect(created).toMatchObject({ kind: 'openai_compatible', requestTimeoutMs: 60_000, version: 1 });
    const raw = await storedRow('local');
    expect(raw.credentials_encrypted).toMatch(/^v2:[0-9a-f]{8}:/);
    expect(raw.headers_encrypted).toMatch(/^v2:[0-9a-f]{8}:/);
    expect(JSON.stringify(raw)).not.toContain('SECRET');

    await using s = openSession(engine);
    const row = await s.exec(select(ModelProvider).where({ name: 'local' })).one();
    expect(row.credentials).toEqual({ apiKey: API_KEY });
    expect(row.headers).toEqual({ 'X-Org': HEADER });

    await using db = SessionLocal(engine);
    const instance = await db.query(ModelProvider).filterBy({ name: 'local' }).one();
    expect(instance.credentials.apiKey).toBe(API_KEY);
  });

  it('refuses a name that cannot be a model prefix, and a duplicate name', async () => {
    for (const [name, constraint] of [
      ['has/slash', 'model_providers_name_check'],
      ['local', 'model_providers_name_key'],
    ] as const) {
      const error = await withSession(engine, async (s) => {
        s.add(ModelProvider, { name, baseUrl: 'http://127.0.0.1:1/v1' });
      }).catch((e: unknown) => e);
      expect(isQueryError(error) && error.constraint).toBe(constraint);
    }
  });

  it('a provider without a key stores no ciphertext and reads an empty map', async () => {
    await withSession(engine, async (s) => s.add(ModelProvider, { name: 'keyless', baseUrl: 'http://127.0.0.1:1/v1' }));
    expect((await storedRow('keyless')).credentials_encrypted).toBeNull();
    const row = await withSession(engine, (s) => s.exec(select(ModelProvider).where({ name: 'keyless' })).one());
    expect(row.credentials).toEqual({});
  });
});
