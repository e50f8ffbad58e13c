import type { JsonValue, McpServer, StudioFunction } from '@agent-studio/db/models';
import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { builtinFunctionConfigSchema } from '../../services/functions/functions-schemas.js';
import type { BuiltinFunctionName, BuiltinHandler } from './builtin-registry.js';
import type { executeFunction, ExecutorDeps, FunctionCall } from './function-call.js';
import type { RetryPolicy, retryDelayMs } from './retry-policy.js';
import type { StepError, StepErrorCode, StepErrorJson } from './step-error.js';
import { isStepError } from './step-error.js';

declare const fn: StudioFunction;
declare const signal: AbortSignal;

describe('FunctionCall', () => {
  it('takes a function row, JSON args, a signal, a timeout and an idempotency key', () => {
    expectTypeOf({ fn, args: { a: 1 }, signal, timeoutMs: 1, idempotencyKey: 'k' }).toExtend<FunctionCall>();
    expectTypeOf<FunctionCall['mcpServer']>().toEqualTypeOf<McpServer | null | undefined>();
    // @ts-expect-error args must be JSON (no undefined, functions or dates)
    expectTypeOf({ fn, args: { when: new Date() }, signal, timeoutMs: 1, idempotencyKey: 'k' }).toExtend<FunctionCall>();
    // @ts-expect-error the signal is required: every outbound call must be cancellable
    expectTypeOf({ fn, args: null, timeoutMs: 1, idempotencyKey: 'k' }).toExtend<FunctionCall>();
  });

  it('returns JSON, throws StepErrors', () => {
    expectTypeOf<typeof executeFunction>().returns.toEqualTypeOf<Promise<JsonValue>>();
    expectTypeOf<ExecutorDeps['fetch']>().toEqualTypeOf<typeof fetch | undefined>();
    expectTypeOf<ExecutorDeps['stdioCommands']>().toEqualTypeOf<readonly string[] | undefined>();
  });
});

describe('StepError', () => {
  it('has a closed set of codes and a JSON form', () => {
    expectTypeOf<StepError['code']>().toEqualTypeOf<StepErrorCode>();
    expectTypeOf<'timeout'>().toExtend<StepErrorCode>();
    expectTypeOf<'oops'>().not.toExtend<StepErrorCode>();
    expectTypeOf<ReturnType<StepError['toJSON']>>().toEqualTypeOf<StepErrorJson>();
    expectTypeOf<StepErrorJson['retryAfterMs']>().toEqualTypeOf<number | undefined>();
    // storable as a JSON column without a cast
    expectTypeOf<StepErrorJson>().toExtend<JsonValue>();
  });

  it('isStepError narrows', () => {
    const value: unknown = null;
    if (isStepError(value)) expectTypeOf(value).toEqualTypeOf<StepError>();
  });
});

describe('built-ins and retries', () => {
  it('the builtin config schema accepts exactly the registry names', () => {
    expectTypeOf<z.output<typeof builtinFunctionConfigSchema>['name']>().toEqualTypeOf<BuiltinFunctionName>();
    expectTypeOf<BuiltinFunctionName>().toEqualTypeOf<'current_time' | 'echo' | 'noop' | 'sleep'>();
    expectTypeOf<BuiltinHandler>().returns.toEqualTypeOf<JsonValue | Promise<JsonValue>>();
  });

  it('a retry policy is read-only and the delay a number', () => {
    const policy: RetryPolicy = { count: 1, baseMs: 1, maxMs: 1 };
    // @ts-expect-error read-only
    policy.count = 2;
    expectTypeOf<typeof retryDelayMs>().returns.toEqualTypeOf<number>();
  });
});
