import { describe, expect, it } from 'vitest';
import { createSecretScrubber } from '../../mcp/secret-scrubber.js';
import { mergeSecretMap, maskSecretMap, SECRET_MASK } from './secret-mask.js';

describe('the secret scrubber of a server', () => {
  it('masks exact secret values of at least 8 characters in error text, and nothing shorter', () => {
    const scrub = createSecretScrubber({ transport: 'sse', url: 'http://x/sse', headers: { 'X-Key': 'SECRET-HEADER-123', 'X-Mode': 'info' }, env: { T: 'SECRET-ENV-456' } });
    expect(scrub('send SECRET-HEADER-123 and SECRET-ENV-456 to get_file_info')).toBe('send *** and *** to get_file_info');
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
