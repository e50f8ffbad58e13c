import type { JsonValue } from '@agent-studio/db/models';
import { describe, expect, it } from 'vitest';
import { compileInputMapping } from './input-mapping.js';
import { resolveNodeInput } from './node-input.js';
import { buildRunState } from './run-state.js';

describe('buildRunState', () => {
  it('the start node sees the run input as output', () => {
    const state = buildRunState({ input: { q: 'x' } });
    expect(state).toEqual({ input: { q: 'x' }, nodes: {}, output: { q: 'x' } });
  });

  it('one upstream node: its output; several: an object keyed by node id', () => {
    const outputs = new Map<string, JsonValue>([
      ['a', { n: 1 }],
      ['b', 'text'],
    ]);
    expect(buildRunState({ input: null, outputs, upstream: ['a'] }).output).toEqual({ n: 1 });
    expect(buildRunState({ input: null, outputs, upstream: ['a', 'b'] }).output).toEqual({ a: { n: 1 }, b: 'text' });
    expect(buildRunState({ input: null, outputs: { a: 1 }, upstream: ['a', 'c'] }).output).toEqual({ a: 1, c: null });
  });

  it('lists every completed node as nodes.<id>.output, even an id like __proto__', () => {
    const state = buildRunState({ input: 1, outputs: { a: 2 }, upstream: [] });
    expect(Object.keys(state.nodes)).toContain('a');
    expect(state.nodes.a).toEqual({ output: 2 });
    const tricky = buildRunState({ input: 1, outputs: new Map([['__proto__', 3]]) });
    expect(Object.getPrototypeOf(tricky.nodes)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(tricky.nodes, '__proto__')?.value).toEqual({ output: 3 });
  });
});

describe('resolveNodeInput', () => {
  const state = buildRunState({ input: { id: 7 }, outputs: { a: { ok: true } }, upstream: ['a'] });

  it('without a mapping the input is the upstream output', () => {
    expect(resolveNodeInput(undefined, state)).toEqual({ ok: true });
  });

  it('with a mapping the input is the filled template', () => {
    expect(resolveNodeInput(compileInputMapping({ id: '{{ input.id }}', ok: '{{ output.ok }}' }), state)).toEqual({ id: 7, ok: true });
  });
});
