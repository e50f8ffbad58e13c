/**
 * `@agent-studio/legacy/init-db` — database initialisation: migrations, then idempotent default
 * rows, on the legacy session (the original `db/init_db.py`).
 *
 * @example
 * import { createEngine } from '@agent-studio/db/engine';
 * import { initDb } from '@agent-studio/legacy/init-db';
 * const engine = await createEngine();
 * await initDb(engine); // twice is the same as once
 *
 * @module
 */
export { initDb, type InitDbOptions, type InitDbReport } from './init-db/init-db.js';
export { DEFAULT_SEED, type SeedData } from './init-db/default-seed.js';
