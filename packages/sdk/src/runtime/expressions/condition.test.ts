import { describe, expect, it } from 'vitest';
import { compileCondition, evaluateCondition } from './condition.js';
import { expressionFailure } from '../../../test/runtime-test-helpers.js';
import { buildRunState } from './run-state.js';

const expressionError = expressionFailure;

describe('compileCondition', () => {
  it('reports syntax errors with their position', () => {
    const error = expressionError(() => compileCondition(')) nonsense (('));
    expect(error.kind).toBe('syntax');
    expect(error.position).toEqual({ start: 0, end: 1 });
    expect(error.message).toBe('Unexpected token: RPAREN at character 1');
    expect(error.message).not.toContain('\n');
    expect(expressionError(() => compileCondition('1 +')).position?.start).toBe(3);
    expect(expressionError(() => compileCondition('   ')).kind).toBe('syntax');
  });

  it('rejects unknown variables and impossible overloads at compile time', () => {
    const unknown = expressionError(() => compileCondition('outptu.priority == "high"'));
    expect(unknown.kind).toBe('type');
    expect(unknown.message).toMatch(/Unknown variable: outptu/);
    expect(expressionError(() => compileCondition('"a" + 1 == "a1"')).kind).toBe('type');
  });

  it('rejects an expression whose type is known not to be bool', () => {
    const error = expressionError(() => compileCondition('size(input.items) + 1'));
    expect(error.kind).toBe('not_boolean');
    expect(error.message).toMatch(/this expression is int/);
  });

  it('rejects an expression that is too long', () => {
    expect(expressionError(() => compileCondition(`${'true && '.repeat(600)}true`)).kind).toBe('too_long');
  });
});

describe('evaluateCondition', () => {
  const state = buildRunState({
    input: { count: 5, tags: ['a', 'b'], ratio: 0.5 },
    outputs: { triage: { priority: 'high', score: 7 } },
    upstream: ['triage'],
  });

  it.each([
    ['output.priority == "high"', true],
    ['output.priority == "low"', false],
    ['nodes.triage.output.score > 5 && input.count + 1 == 6', true],
    ['"b" in input.tags', true],
    ['input.tags.exists(t, t == "z")', false],
    ['input.ratio * 2.0 == 1.0', true],
    ['has(output.missing) && output.missing', false],
    ['size(input.tags) == 2 ? true : false', true],
  ])('%s → %s', (text, expected) => {
    expect(evaluateCondition(compileCondition(text), state)).toBe(expected);
  });

  it('a dyn expression that gives something other than a boolean is an error', () => {
    const error = expressionError(() => evaluateCondition(compileCondition('output.priority'), state));
    expect(error.kind).toBe('not_boolean');
    expect(error.message).toMatch(/gave a string/);
  });

  it('a missing key is an evaluation error naming the key', () => {
    const error = expressionError(() => evaluateCondition(compileCondition('output.nope == 1'), state));
    expect(error.kind).toBe('evaluation');
    expect(error.message).toMatch(/No such key: nope/);
  });

  it('cannot reach JavaScript prototypes', () => {
    expect(evaluateCondition(compileCondition('has(input.constructor)'), state)).toBe(false);
    expect(expressionError(() => evaluateCondition(compileCondition('input.constructor == null'), state)).kind).toBe('evaluation');
  });

  it('evaluates the same program over different states', () => {
    const urgent = compileCondition('output.priority == "high"');
    expect(evaluateCondition(urgent, buildRunState({ input: { priority: 'high' } }))).toBe(true);
    expect(evaluateCondition(urgent, buildRunState({ input: { priority: 'low' } }))).toBe(false);
  });
});
