import type { JsonValue } from '@agent-studio/db/models';
import { describe, expectTypeOf, it } from 'vitest';
import type { CompiledExpression } from './compile-expression.js';
import type { CompiledCondition, evaluateCondition } from './condition.js';
import type { ExpressionError, ExpressionErrorKind } from './expression-error.js';
import type { applyInputMapping, CompiledInputMapping } from './input-mapping.js';
import type { RunState } from './run-state.js';

describe('compiled programs', () => {
  it('only compileCondition makes a CompiledCondition', () => {
    expectTypeOf<CompiledExpression>().not.toExtend<CompiledCondition>();
    expectTypeOf<CompiledCondition>().toExtend<CompiledExpression>();
    expectTypeOf<Parameters<typeof evaluateCondition>[0]>().toEqualTypeOf<CompiledCondition>();
    expectTypeOf<typeof evaluateCondition>().returns.toEqualTypeOf<boolean>();
  });

  it('only compileInputMapping makes a CompiledInputMapping', () => {
    expectTypeOf<{ root: unknown }>().not.toExtend<CompiledInputMapping>();
    expectTypeOf<typeof applyInputMapping>().returns.toEqualTypeOf<JsonValue>();
  });
});

describe('RunState', () => {
  it('is read-only JSON', () => {
    expectTypeOf<RunState['input']>().toEqualTypeOf<JsonValue>();
    expectTypeOf<RunState['nodes'][string]['output']>().toEqualTypeOf<JsonValue>();
    const state: RunState = { input: null, nodes: {}, output: null };
    // @ts-expect-error read-only
    state.output = 1;
  });
});

describe('ExpressionError', () => {
  it('has a closed set of kinds and a JSON path', () => {
    expectTypeOf<ExpressionError['kind']>().toEqualTypeOf<ExpressionErrorKind>();
    expectTypeOf<ExpressionError['path']>().toEqualTypeOf<readonly (string | number)[]>();
  });
});
