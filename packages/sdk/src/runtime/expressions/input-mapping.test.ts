import { describe, expect, it } from 'vitest';
import { expressionFailure } from '../../../test/runtime-test-helpers.js';
import { applyInputMapping, compileInputMapping } from './input-mapping.js';
import { buildRunState } from './run-state.js';

const expressionError = expressionFailure;

const state = buildRunState({
  input: { orderId: 42, customer: { name: 'Ada', tier: 'gold' }, items: [1, 2, 3] },
  outputs: { lookup: { total: 12.5, status: 'paid' } },
  upstream: ['lookup'],
});

describe('input mapping', () => {
  it('replaces exact "{{ expr }}" strings by the value, of any JSON type', () => {
    const mapping = compileInputMapping({
      id: '{{ input.orderId }}',
      customer: '{{input.customer}}',
      count: '{{ size(input.items) }}',
      doubled: '{{ input.items.map(i, i * 2) }}',
      total: '{{ nodes.lookup.output.total }}',
      flag: '{{ output.status == "paid" }}',
      when: '{{ timestamp("2024-01-01T00:00:00Z") }}',
    });
    expect(applyInputMapping(mapping, state)).toEqual({
      id: 42,
      customer: { name: 'Ada', tier: 'gold' },
      count: 3,
      doubled: [2, 4, 6],
      total: 12.5,
      flag: true,
      when: '2024-01-01T00:00:00.000Z',
    });
  });

  it('interpolates embedded {{ }} as text (non-strings as JSON)', () => {
    const mapping = compileInputMapping({
      text: 'Order {{ input.orderId }} for {{ input.customer.name }}: {{ output }}',
      twice: '{{ input.orderId }}{{ input.orderId }}',
    });
    expect(applyInputMapping(mapping, state)).toEqual({
      text: 'Order 42 for Ada: {"total":12.5,"status":"paid"}',
      twice: '4242',
    });
  });

  it('keeps everything else literal, in arrays and nested objects too', () => {
    const template = { a: 1, b: [true, null, 'plain', { c: '{ not an expression }' }], d: { e: ['{{ input.orderId }}'] } };
    expect(applyInputMapping(compileInputMapping(template), state)).toEqual({
      a: 1,
      b: [true, null, 'plain', { c: '{ not an expression }' }],
      d: { e: [42] },
    });
    expect(applyInputMapping(compileInputMapping('{{ input }}'), state)).toEqual(state.input);
    expect(applyInputMapping(compileInputMapping(7), state)).toBe(7);
  });

  it('compile errors carry the JSON path of the bad string', () => {
    const error = expressionError(() => compileInputMapping({ body: { items: ['ok', '{{ )) nonsense (( }}'] } }));
    expect(error.kind).toBe('syntax');
    expect(error.path).toEqual(['body', 'items', 1]);
    expect(error.message).toMatch(/^body\.items\.1: Unexpected token/);
    expect(expressionError(() => compileInputMapping({ x: 'a {{ }} b' })).path).toEqual(['x']);
    expect(expressionError(() => compileInputMapping({ x: '{{ nope.y }}' })).kind).toBe('type');
  });

  it('evaluation errors carry the path too', () => {
    const mapping = compileInputMapping({ deep: { v: '{{ input.missing }}' } });
    const error = expressionError(() => applyInputMapping(mapping, state));
    expect(error.kind).toBe('evaluation');
    expect(error.path).toEqual(['deep', 'v']);
  });

  it('a value JSON cannot hold is an error', () => {
    expect(expressionError(() => applyInputMapping(compileInputMapping({ v: '{{ 1.0 / 0.0 }}' }), state)).kind).toBe('not_json');
  });
});
