import { describe, expect, it } from 'vitest';
import { builtinFunctionConfigSchema } from '../../services/functions/functions-schemas.js';
import { BUILTIN_FUNCTION_NAMES, createBuiltinRegistry } from './builtin-registry.js';
import { isStepError } from './step-error.js';

const signal = new AbortController().signal;

describe('createBuiltinRegistry', () => {
  const registry = createBuiltinRegistry();

  it('holds the default built-ins', () => {
    expect(registry.names()).toEqual([...BUILTIN_FUNCTION_NAMES]);
    expect(registry.get('nope')).toBeUndefined();
  });

  it('current_time gives { iso, epochMs } of now', async () => {
    const before = Date.now();
    const result = (await registry.get('current_time')!({ args: null, signal })) as { iso: string; epochMs: number };
    expect(result.epochMs).toBeGreaterThanOrEqual(before);
    expect(result.epochMs).toBeLessThanOrEqual(Date.now());
    expect(Date.parse(result.iso)).toBe(result.epochMs);
  });

  it('echo returns its args, noop {}', async () => {
    expect(await registry.get('echo')!({ args: { a: [1, 'x'] }, signal })).toEqual({ a: [1, 'x'] });
    expect(await registry.get('noop')!({ args: { a: 1 }, signal })).toEqual({});
  });

  it('sleep waits and can be aborted', async () => {
    const started = performance.now();
    expect(await registry.get('sleep')!({ args: { ms: 30 }, signal })).toEqual({ sleptMs: 30 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);

    const controller = new AbortController();
    const sleeping = registry.get('sleep')!({ args: { ms: 10_000 }, signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    const error = await Promise.resolve(sleeping).catch((e: unknown) => e);
    expect(isStepError(error) && error.code).toBe('cancelled');
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('sleep rejects bad args', async () => {
    const error = await Promise.resolve(registry.get('sleep')!({ args: { ms: 'long' }, signal })).catch((e: unknown) => e);
    expect(isStepError(error) && error.code).toBe('invalid_input');
  });

  it('takes extra built-ins but never replaces a default', async () => {
    const extended = createBuiltinRegistry({ shout: ({ args }) => (typeof args === 'string' ? args.toUpperCase() : null) });
    expect(await extended.get('shout')!({ args: 'hi', signal })).toBe('HI');
    expect(() => createBuiltinRegistry({ echo: () => 'x' })).toThrow(/already exists/);
  });
});

describe('builtinFunctionConfigSchema uses the registry names', () => {
  it.each([...BUILTIN_FUNCTION_NAMES])('accepts %s', (name) => {
    expect(builtinFunctionConfigSchema.parse({ name: ` ${name} ` })).toEqual({ name });
  });

  it('rejects an unknown built-in, listing the known ones', () => {
    const result = builtinFunctionConfigSchema.safeParse({ name: 'rm_rf' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(`must be one of: ${BUILTIN_FUNCTION_NAMES.join(', ')}`);
  });
});
