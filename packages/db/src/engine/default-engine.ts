/**
 * The process's default engine, created on first use from the environment — the counterpart of
 * the original system's module-level `engine`. Explicit engines (`createEngine`) are preferred;
 * this exists for `getDb()` and `SessionLocal()`.
 *
 * @module
 */
import { createEngine, type Engine } from './engine.js';

const DEFAULT_ENGINE = Symbol.for('@agent-studio/db/default-engine');
type Holder = { [DEFAULT_ENGINE]?: Promise<Engine> };

/**
 * The default engine (created once per process from `process.env`).
 *
 * @example
 * const engine = await getEngine();
 */
export function getEngine(): Promise<Engine> {
  // kept on globalThis so the ESM and CJS builds share one default engine
  const holder = globalThis as Holder;
  const existing = holder[DEFAULT_ENGINE];
  if (existing) return existing;
  const created = createEngine();
  holder[DEFAULT_ENGINE] = created;
  created.catch(() => {
    if (holder[DEFAULT_ENGINE] === created) delete holder[DEFAULT_ENGINE];
  });
  return created;
}

/**
 * Closes the default engine if it was created; the next `getEngine()` creates a new one.
 *
 * @example
 * process.on('SIGTERM', () => void closeDefaultEngine());
 */
export async function closeDefaultEngine(): Promise<void> {
  const holder = globalThis as Holder;
  const existing = holder[DEFAULT_ENGINE];
  delete holder[DEFAULT_ENGINE];
  if (existing) await (await existing.catch(() => undefined))?.close();
}
