import { describe, expect, it } from 'vitest';
import { isConfigError } from '../errors/index.js';
import { loadDbConfig } from './db-config.js';

describe('loadDbConfig', () => {
  it('selects the server when DATABASE_URL is set', () => {
    const c = loadDbConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test', DB_POOL_MAX: '7', AGENT_STUDIO_SECRET_KEY: '0'.repeat(64) });
    expect(c.target).toEqual({ kind: 'server', url: 'postgres://postgres@127.0.0.1:5432/test' });
    expect(c.poolMax).toBe(7);
  });

  it('selects the embedded database with a pool of one when DATABASE_URL is unset', () => {
    const c = loadDbConfig({ AGENT_STUDIO_DATA_DIR: '/tmp/x' });
    expect(c.target).toEqual({ kind: 'embedded', dataDir: '/tmp/x' });
    expect(c.poolMax).toBe(1);
    expect(loadDbConfig({}).target.kind).toBe('embedded');
  });

  it('refuses an empty DATABASE_URL instead of falling back to the embedded database', () => {
    for (const empty of ['', '   ']) {
      let error: unknown;
      try {
        loadDbConfig({ DATABASE_URL: empty, AGENT_STUDIO_DATA_DIR: '/tmp/x' });
      } catch (e) {
        error = e;
      }
      expect(isConfigError(error)).toBe(true);
      expect((error as Error).message).toMatch(/DATABASE_URL is empty: set it to a postgres:\/\/ URL, or unset it/);
      expect((error as Error).message).not.toMatch(/must be a postgres/);
    }
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
