import type { JsonObject, JsonValue, StudioFunction } from '@agent-studio/db/models';
import { describe, expect, it } from 'vitest';
import { callFunction, functionRow, stepFailure, type CallOptions } from '../../../test/runtime-test-helpers.js';
import { createBuiltinRegistry } from './builtin-registry.js';

function run(
  config: JsonObject,
  args: JsonValue,
  options: CallOptions & { kind?: StudioFunction['kind'] } = {},
): Promise<JsonValue> {
  return callFunction(functionRow(options.kind ?? 'builtin', config), args, { timeoutMs: 2_000, ...options });
}

const failure = stepFailure;

describe('executeFunction: builtin', () => {
  it('runs the built-in named by config.name (and config.builtin of older seeded rows)', async () => {
    expect(await run({ name: 'echo' }, { text: 'hi' })).toEqual({ text: 'hi' });
    expect(await run({ builtin: 'echo' }, { text: 'seeded' })).toEqual({ text: 'seeded' });
    expect(await run({ name: 'noop' }, { x: 1 })).toEqual({});
    expect(await run({ name: 'current_time' }, null)).toMatchObject({ iso: expect.any(String) as string, epochMs: expect.any(Number) as number });
  });

  it('an unknown built-in is not_supported', async () => {
    const error = await failure(run({ name: 'rm_rf' }, {}));
    expect(error.code).toBe('not_supported');
    expect(error.retryable).toBe(false);
  });

  it('uses the registry it is given', async () => {
    const builtins = createBuiltinRegistry({ add: ({ args }) => (args as number[]).reduce((a, b) => a + b, 0) });
    expect(await run({ name: 'add' }, [1, 2, 3], { deps: { builtins } })).toBe(6);
  });

  it('enforces the timeout even when the work ignores the signal', async () => {
    const builtins = createBuiltinRegistry({ stuck: () => new Promise<JsonValue>(() => undefined) });
    const started = performance.now();
    const error = await failure(run({ name: 'stuck' }, {}, { deps: { builtins }, timeoutMs: 100 }));
    expect(error.code).toBe('timeout');
    expect(error.message).toBe('no answer within the 100 ms step timeout');
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('a cancel is cancelled; an abort whose reason is a TimeoutError (run deadline) is timeout', async () => {
    const controller = new AbortController();
    const pending = failure(run({ name: 'sleep' }, { ms: 5_000 }, { signal: controller.signal }));
    setTimeout(() => controller.abort(), 20);
    expect((await pending).code).toBe('cancelled');
    const deadline = AbortSignal.timeout(20);
    expect((await failure(run({ name: 'sleep' }, { ms: 5_000 }, { signal: deadline }))).code).toBe('timeout');
  });

  it('classifies a handler that throws something other than a StepError as internal', async () => {
    const builtins = createBuiltinRegistry({
      broken: () => {
        throw new Error('token=abc123');
      },
    });
    const error = await failure(run({ name: 'broken' }, {}, { deps: { builtins } }));
    expect(error.code).toBe('internal');
    expect(error.message).not.toContain('abc123');
  });
});

describe('executeFunction: kinds', () => {
  it('refuses a kind it does not know', async () => {
    const error = await failure(run({}, {}, { kind: 'script' as StudioFunction['kind'] }));
    expect(error.code).toBe('not_supported');
  });
});
