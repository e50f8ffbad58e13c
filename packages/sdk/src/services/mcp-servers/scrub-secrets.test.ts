import { describe, expect, it } from 'vitest';
import { scrubberFor, scrubDeep } from './scrub-secrets.js';
import { mergeSecretMap, maskSecretMap, SECRET_MASK } from './secret-mask.js';

describe('scrubDeep', () => {
  it('removes configured secrets from every string, keys included', () => {
    const scrub = scrubberFor({ transport: 'sse', url: 'http://x/sse', headers: { 'X-Key': 'SECRET-HEADER-123' }, env: { T: 'SECRET-ENV-456' } });
    const out = scrubDeep(
      { description: 'send SECRET-HEADER-123', nested: [{ 'SECRET-ENV-456': 1, ok: true, n: null }] },
      scrub,
    );
    expect(JSON.stringify(out)).not.toMatch(/SECRET-(HEADER|ENV)/);
    expect(out.nested[0]).toMatchObject({ ok: true, n: null });
  });
});

describe('secret maps', () => {
  it('masks every value and keeps the keys', () => {
    expect(maskSecretMap({ b: 'x', a: 'y' })).toEqual({ a: SECRET_MASK, b: SECRET_MASK });
    expect(maskSecretMap(null)).toEqual({});
  });

  it('merges an update: omitted keeps, masked keeps that key, null clears', () => {
    const current = { A: '1', B: '2' };
    expect(mergeSecretMap(current, undefined, 'headers')).toEqual({ map: current, issues: [] });
    expect(mergeSecretMap(current, null, 'headers')).toEqual({ map: {}, issues: [] });
    expect(mergeSecretMap(current, { A: SECRET_MASK, C: '3' }, 'headers')).toEqual({ map: { A: '1', C: '3' }, issues: [] });
    expect(mergeSecretMap(current, { Z: SECRET_MASK }, 'env').issues.map((i) => i.path)).toEqual([['env', 'Z']]);
  });
});
