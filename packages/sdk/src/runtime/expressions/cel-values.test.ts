import { describe, expect, it } from 'vitest';
import { fromCelValue, NotJsonError, toCelValue } from './cel-values.js';

describe('toCelValue / fromCelValue', () => {
  it('JSON integers become CEL ints and come back as numbers', () => {
    const cel = toCelValue({ n: 2, f: 0.5, list: [1, 'x', null], big: 2 ** 60 });
    expect(cel).toEqual({ n: 2n, f: 0.5, list: [1n, 'x', null], big: 2 ** 60 });
    expect(fromCelValue(cel)).toEqual({ n: 2, f: 0.5, list: [1, 'x', null], big: 2 ** 60 });
  });

  it('converts typed CEL values to JSON', () => {
    expect(fromCelValue(new Date(0))).toBe('1970-01-01T00:00:00.000Z');
    expect(fromCelValue(new Uint8Array([104, 105]))).toBe('aGk=');
    expect(fromCelValue(new Map([[1n, 'x']]))).toEqual({ 1: 'x' });
    expect(fromCelValue(undefined)).toBeNull();
  });

  it('refuses values JSON cannot hold', () => {
    expect(() => fromCelValue(Number.NaN)).toThrow(NotJsonError);
    expect(() => fromCelValue(2n ** 64n)).toThrow(NotJsonError);
  });

  it('converts one object once', () => {
    const input = { a: [1] };
    expect(toCelValue(input)).toBe(toCelValue(input));
  });
});
