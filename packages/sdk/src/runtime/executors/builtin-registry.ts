/**
 * Built-in functions: a small registry of in-process handlers a `builtin` function runs by
 * name. Session-free; nothing here reads or writes the database.
 *
 * @module
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { JsonValue } from '@agent-studio/db/models';
import { StepError } from './step-error.js';

/**
 * The built-ins every deployment has, in the order the docs list them. A `builtin` function's
 * `config.name` must be one of these (`builtinFunctionConfigSchema` validates against this list).
 *
 * @example
 * BUILTIN_FUNCTION_NAMES.includes('echo'); // true
 */
export const BUILTIN_FUNCTION_NAMES = ['current_time', 'echo', 'noop', 'sleep'] as const;

/** The name of a default built-in. */
export type BuiltinFunctionName = (typeof BUILTIN_FUNCTION_NAMES)[number];

/** The longest `sleep` (ms); longer asks are capped (the step timeout still applies). */
export const MAX_BUILTIN_SLEEP_MS = 10 * 60_000;

/**
 * What a built-in is handed: the call's arguments and the step's abort signal.
 *
 * @example
 * const context: BuiltinContext = { args: { ms: 10 }, signal: AbortSignal.timeout(1_000) };
 */
export interface BuiltinContext {
  readonly args: JsonValue;
  readonly signal: AbortSignal;
}

/**
 * One built-in: JSON in, JSON out; throws a `StepError` on failure and stops when `signal`
 * aborts.
 *
 * @example
 * const upper: BuiltinHandler = ({ args }) => (typeof args === 'string' ? args.toUpperCase() : null);
 */
export type BuiltinHandler = (context: BuiltinContext) => JsonValue | Promise<JsonValue>;

/**
 * The built-ins an executor can run.
 *
 * @example
 * const registry: BuiltinRegistry = createBuiltinRegistry();
 * registry.get('echo')?.({ args: { a: 1 }, signal }); // { a: 1 }
 */
export interface BuiltinRegistry {
  /** The handler named `name`, if any. */
  get(name: string): BuiltinHandler | undefined;
  /** Every registered name. */
  names(): readonly string[];
}

/**
 * Creates a registry holding the default built-ins (see below) plus `extra` handlers (which
 * may not replace a default):
 * - `current_time` → `{ iso, epochMs }` (UTC);
 * - `echo` → its arguments, unchanged;
 * - `noop` → `{}`;
 * - `sleep` `{ ms }` → `{ sleptMs }` after `ms` milliseconds (abortable; for tests and benches).
 *
 * @example
 * const registry = createBuiltinRegistry({ shout: ({ args }) => (typeof args === 'string' ? args.toUpperCase() : null) });
 * registry.names(); // ['current_time', 'echo', 'noop', 'sleep', 'shout']
 */
export function createBuiltinRegistry(extra: Readonly<Record<string, BuiltinHandler>> = {}): BuiltinRegistry {
  const handlers = new Map<string, BuiltinHandler>(Object.entries(DEFAULT_BUILTINS));
  for (const [name, handler] of Object.entries(extra)) {
    if (handlers.has(name)) throw new Error(`built-in ${JSON.stringify(name)} already exists`);
    handlers.set(name, handler);
  }
  return {
    get: (name) => handlers.get(name),
    names: () => [...handlers.keys()],
  };
}

const DEFAULT_BUILTINS: Readonly<Record<BuiltinFunctionName, BuiltinHandler>> = {
  current_time: () => {
    const now = new Date();
    return { iso: now.toISOString(), epochMs: now.getTime() };
  },
  echo: ({ args }) => args,
  noop: () => ({}),
  sleep: async ({ args, signal }) => {
    const ms = (args !== null && typeof args === 'object' && !Array.isArray(args) ? args.ms : undefined) ?? 0;
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
      throw new StepError('invalid_input', 'sleep needs { ms: a non-negative number }');
    }
    const sleptMs = Math.min(Math.floor(ms), MAX_BUILTIN_SLEEP_MS);
    await delay(sleptMs, undefined, { signal }).catch(() => {
      throw new StepError('cancelled', 'the step was cancelled');
    });
    return { sleptMs };
  },
};

