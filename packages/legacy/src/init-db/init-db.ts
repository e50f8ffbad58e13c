/**
 * `initDb`: migrations plus idempotent default data — the original `db/init_db.py`.
 *
 * @module
 */
import { migrateUp, type Engine } from '@agent-studio/db/engine';
import { SessionLocal } from '@agent-studio/db/legacy';
import { Agent, StudioFunction } from '@agent-studio/db/models';
import { findOrCreateByName } from '../crud/find-or-create-by-name.js';
import { DEFAULT_SEED, type SeedData } from './default-seed.js';

/**
 * Options of {@link initDb}.
 *
 * @example
 * await initDb(engine, { seed: false }); // migrations only
 */
export interface InitDbOptions {
  /** The rows to find-or-create by name: `true` / omitted = {@link DEFAULT_SEED}, `false` = none. */
  readonly seed?: boolean | SeedData;
}

/**
 * What {@link initDb} did.
 *
 * @example
 * const report = await initDb(engine);
 * console.log(report.migrated, report.created);
 */
export interface InitDbReport {
  /** Migrations applied by this call (empty when the schema was up to date). */
  readonly migrated: readonly string[];
  /** `"<table>:<name>"` of each row this call created (empty on a second run). */
  readonly created: readonly string[];
}

/**
 * Applies pending migrations (`migrateUp`: one transaction under an advisory lock) and then
 * seeds the default rows with one short legacy session, find-or-create by unique name: an
 * existing row is left exactly as it is. Running it twice changes nothing the second time.
 *
 * @example
 * const engine = await createEngine();
 * try {
 *   await initDb(engine);
 * } finally {
 *   await engine.close();
 * }
 */
export async function initDb(engine: Engine, options: InitDbOptions = {}): Promise<InitDbReport> {
  const migrated = await migrateUp(engine);

  const seed = options.seed === false ? undefined : options.seed === true || options.seed === undefined ? DEFAULT_SEED : options.seed;
  const created: string[] = [];
  if (seed) {
    const db = SessionLocal(engine);
    try {
      for (const values of seed.agents) {
        if ((await findOrCreateByName(db, Agent, values)).created) created.push(`agents:${values.name}`);
      }
      for (const values of seed.functions) {
        if ((await findOrCreateByName(db, StudioFunction, values)).created) created.push(`functions:${values.name}`);
      }
      await db.commit();
    } finally {
      await db.close();
    }
  }
  return { migrated, created };
}
