import { describe, expect, it } from 'vitest';
import { brandedError } from './branded-error.js';
import { InvalidIdError, isDbError, isInvalidIdError, isPoolTimeoutError } from './index.js';

// two calls with one key stand for two copies of a package (ESM and CJS builds, duplicated installs)
const copyA = brandedError('@agent-studio/test/error');
const copyB = brandedError('@agent-studio/test/error');
const other = brandedError('@agent-studio/test/other-error');

class NotFound extends copyA.ErrorBase {
  readonly code = 'NOT_FOUND' as const;
}

describe('brandedError', () => {
  it('recognises an instance of either copy by its brand, not by instanceof', () => {
    const error = new NotFound('gone', { cause: 'x' });
    expect(error).not.toBeInstanceOf(copyB.ErrorBase);
    expect(copyB.isBranded(error)).toBe(true);
    expect(copyB.guardFor<NotFound>('NOT_FOUND')(error)).toBe(true);
    expect(error).toMatchObject({ name: 'NotFound', message: 'gone', cause: 'x' });
  });

  it('refuses another brand, another code, plain errors and look-alikes', () => {
    const error = new NotFound('gone');
    expect(other.isBranded(error)).toBe(false);
    expect(copyB.guardFor<Error & { readonly code: 'OTHER' }>('OTHER')(error)).toBe(false);
    expect(copyA.isBranded(Object.assign(new Error('plain'), { code: 'NOT_FOUND' }))).toBe(false);
    expect(copyA.isBranded({ name: 'NotFound', message: 'gone' })).toBe(false);
  });

  it('is the pattern of the db errors', () => {
    const error = new InvalidIdError('agents', 'id', 'nope');
    expect(isDbError(error) && isInvalidIdError(error) && !isPoolTimeoutError(error)).toBe(true);
    expect(error.name).toBe('InvalidIdError');
  });
});
