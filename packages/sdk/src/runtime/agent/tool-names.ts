/**
 * The names a model sees for an agent's functions: Chat Completions requires
 * `^[a-zA-Z0-9_-]{1,64}$`, studio function names are free text. Each function gets a unique,
 * stable (same functions, same names) tool name.
 *
 * @module
 */
import type { StudioFunction } from '@agent-studio/db/models';

const MAX_TOOL_NAME = 64;

/**
 * Tool name → function, in the order given.
 *
 * @example
 * toolNames([{ name: 'current time', ... }]); // Map { 'current_time' => fn }
 */
export function toolNames(functions: readonly StudioFunction[]): Map<string, StudioFunction> {
  const byName = new Map<string, StudioFunction>();
  for (const fn of functions) {
    const base = fn.name.replace(/[^a-zA-Z0-9_-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, MAX_TOOL_NAME) || 'tool';
    let name = base;
    for (let n = 2; byName.has(name); n += 1) name = `${base.slice(0, MAX_TOOL_NAME - String(n).length - 1)}_${n}`;
    byName.set(name, fn);
  }
  return byName;
}
