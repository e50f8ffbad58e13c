import { describe, expect, it } from 'vitest';
import { scopeCovers } from './caller.js';

describe('scopeCovers', () => {
  it('admin covers read and admin; read covers only read', () => {
    expect(scopeCovers('admin', 'admin')).toBe(true);
    expect(scopeCovers('admin', 'read')).toBe(true);
    expect(scopeCovers('read', 'read')).toBe(true);
    expect(scopeCovers('read', 'admin')).toBe(false);
  });
});
