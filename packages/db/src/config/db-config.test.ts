import { describe, expect, it } from 'vitest';
import { isConfigError } from '../errors/index.js';
import { loadDbConfig } from './db-config.js';

describe('loadDbConfig', () => {
  it('selects the server when DATABASE_URL is set', () => {
    const c = loadDbConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test', DB_POOL_MAX: '7', AGENT_STUDIO_SECRET_KEY: '0'.repeat(64) });
    expect(c.target).toEqual({ kind: 'server', url: 'postgres://postgres@127.0.0.1:5432/test' });
    expect(c.poolMax).toBe(7);
  });

  it('selects the embedded database with a pool of one when DATABASE_URL is unset or empty', () => {
    const c = loadDbConfig({ DATABASE_URL: '', AGENT_STUDIO_DATA_DIR: '/tmp/x' });
    expect(c.target).toEqual({ kind: 'embedded', dataDir: '/tmp/x' });
    expect(c.poolMax).toBe(1);
    expect(loadDbConfig({}).target.kind).toBe('embedded');
  });

  it('names every invalid variable', () => {
    let error: unknown;
    try {
      loadDbConfig({ DATABASE_URL: 'mysql://x', DB_ACQUIRE_TIMEOUT_MS: 'soon' });
    } catch (e) {
      error = e;
    }
    expect(isConfigError(error)).toBe(true);
    expect((error as Error).message).toMatch(/DATABASE_URL must be a postgres:\/\//);
    expect((error as Error).message).toMatch(/DB_ACQUIRE_TIMEOUT_MS/);
  });

  it('refuses a pool above one on the embedded database', () => {
    expect(() => loadDbConfig({ DB_POOL_MAX: '4' })).toThrowError(/DB_POOL_MAX must be 1 with the embedded database/);
  });
});
