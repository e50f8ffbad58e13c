/**
 * Applies and reverts migrations with umzug, atomically: one connection, one transaction, and a
 * transaction-scoped advisory lock so two processes never migrate at once. A failing migration
 * leaves the schema exactly as it was.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { Umzug, type MigrateDownOptions, type MigrateUpOptions, type UmzugStorage } from 'umzug';
import type { Engine, PooledConnection } from '../engine/engine.js';
import { isConnectionFailure, translateError } from '../engine/translate-error.js';
import { allMigrations } from './all-migrations.js';
import type { MigrationContext } from './migration.js';

/** Which migrations have run and which are pending. */
export interface MigrationStatus {
  readonly executed: readonly string[];
  readonly pending: readonly string[];
}

/** Options of {@link migrateUp} / {@link migrateDown}. */
export interface MigrateOptions {
  /** Called after each migration with its name. */
  readonly onMigrated?: (name: string, direction: 'up' | 'down') => void;
}

const MIGRATION_LOCK_KEY = 0x61_67_73_6d; // "agsm"
const STORAGE_TABLE = 'schema_migrations';

const storage: UmzugStorage<MigrationContext> = {
  async logMigration({ name, context }) {
    await context.query(`INSERT INTO ${STORAGE_TABLE} (name) VALUES ('${name.replaceAll("'", "''")}')`);
  },
  async unlogMigration({ name, context }) {
    await context.query(`DELETE FROM ${STORAGE_TABLE} WHERE name = '${name.replaceAll("'", "''")}'`);
  },
  async executed({ context }) {
    const result = (await context.query(`SELECT name FROM ${STORAGE_TABLE} ORDER BY name`)) as {
      rows: Array<{ name: string }>;
    };
    return result.rows.map((r) => r.name);
  },
};

function umzugOn(context: MigrationContext): Umzug<MigrationContext> {
  return new Umzug<MigrationContext>({
    migrations: allMigrations.map((m) => ({
      name: m.name,
      up: ({ context: c }) => m.up(c),
      down: ({ context: c }) => m.down(c),
    })),
    context,
    storage,
    logger: undefined,
  });
}

async function inMigrationTransaction<T>(engine: Engine, fn: (umzug: Umzug<MigrationContext>) => Promise<T>): Promise<T> {
  let connection: PooledConnection | undefined = await engine.acquire();
  let broken = false;
  const context: MigrationContext = { query: (sql) => connection!.query(sql) };
  try {
    await connection.query('BEGIN');
    await connection.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`);
    await connection.query(
      `CREATE TABLE IF NOT EXISTS ${STORAGE_TABLE} (name text PRIMARY KEY, executed_at timestamptz NOT NULL DEFAULT now())`,
    );
    const result = await fn(umzugOn(context));
    await connection.query('COMMIT');
    return result;
  } catch (e) {
    broken = isConnectionFailure(e);
    if (!broken) await connection.query('ROLLBACK').catch(() => (broken = true));
    const cause = (e as { cause?: unknown }).cause ?? e; // umzug wraps the migration's error
    throw translateError(cause);
  } finally {
    engine.release(connection, broken);
    connection = undefined;
  }
}

/**
 * Applies pending migrations (all, or up to `to`) and returns the names applied.
 *
 * @example
 * const applied = await migrateUp(engine);
 */
export async function migrateUp(engine: Engine, options: MigrateOptions & MigrateUpOptions = {}): Promise<string[]> {
  const { onMigrated, ...upOptions } = options;
  return inMigrationTransaction(engine, async (umzug) => {
    if (onMigrated) umzug.on('migrated', ({ name }) => onMigrated(name, 'up'));
    const done = await umzug.up(upOptions);
    return done.map((m) => m.name);
  });
}

/**
 * Reverts migrations (the last one by default; `{ to: 0 }` reverts all) and returns their names.
 *
 * @example
 * await migrateDown(engine, { step: 1 });
 */
export async function migrateDown(engine: Engine, options: MigrateOptions & MigrateDownOptions = {}): Promise<string[]> {
  const { onMigrated, ...downOptions } = options;
  return inMigrationTransaction(engine, async (umzug) => {
    if (onMigrated) umzug.on('reverted', ({ name }) => onMigrated(name, 'down'));
    const done = await umzug.down(downOptions);
    return done.map((m) => m.name);
  });
}

/**
 * Lists executed and pending migrations.
 *
 * @example
 * const { pending } = await migrationStatus(engine);
 * if (pending.length) console.warn('run pnpm studio db migrate up');
 */
export async function migrationStatus(engine: Engine): Promise<MigrationStatus> {
  const connection = await engine.acquire();
  let broken = false;
  try {
    const exists = await connection.query<{ t: string | null }>(`SELECT to_regclass('${STORAGE_TABLE}')::text AS t`);
    const executed = exists.rows[0]?.t
      ? (await connection.query<{ name: string }>(`SELECT name FROM ${STORAGE_TABLE} ORDER BY name`)).rows.map((r) => r.name)
      : [];
    const done = new Set(executed);
    return { executed, pending: allMigrations.map((m) => m.name).filter((n) => !done.has(n)) };
  } catch (e) {
    broken = isConnectionFailure(e);
    throw translateError(e);
  } finally {
    engine.release(connection, broken);
  }
}

/**
 * A fingerprint of the migration set (names and SQL), used to name migrated test templates.
 *
 * @example
 * const tpl = `agent_studio_tpl_${migrationsFingerprint()}`;
 */
export function migrationsFingerprint(): string {
  const hash = createHash('sha256');
  for (const m of allMigrations) hash.update(m.name).update(m.source);
  return hash.digest('hex').slice(0, 12);
}
