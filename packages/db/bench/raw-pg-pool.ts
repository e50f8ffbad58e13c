/**
 * The raw `pg` baseline's pool: a separate `pg.Pool` on the engine's own database.
 *
 * @module
 */
import pg from 'pg';
import type { Engine } from '../src/engine/engine.js';

/**
 * Opens a `pg.Pool` of `max` connections to the database `engine` uses (same host, port,
 * database and user as its Sequelize instance, same idle timeout as its pool), with `pg`'s
 * default type parsers.
 *
 * @example
 * const pool = rawPgPool(engine, 10, engine.config.idleTimeoutMs);
 * try { await pool.query('SELECT 1'); } finally { await pool.end(); }
 */
export function rawPgPool(engine: Engine, max: number, idleTimeoutMillis: number): pg.Pool {
  const { host, port, database, username, password } = engine.sequelize.config;
  return new pg.Pool({
    host,
    port: Number(port),
    database,
    user: username,
    password: password ?? undefined,
    max,
    idleTimeoutMillis,
    application_name: 'agent-studio-bench',
  });
}
