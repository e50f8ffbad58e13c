/**
 * A database of its own for each test file, reachable by a CLI child process.
 *
 * - Server (`DATABASE_URL` set): `createTestEngine()` makes an isolated, migrated database; the
 *   child gets `DATABASE_URL` = the server URL with the database name replaced by
 *   `engine.isolatedIn`, and the test engine's secret key.
 * - Embedded (unset): the child gets a fresh, empty `AGENT_STUDIO_DATA_DIR` (the data directory
 *   is locked to one process, so the test opens its own engine on it only between child runs).
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, loadDbConfig, type Engine } from '@agent-studio/db/engine';
import { createTestEngine, type TestEngine } from '@agent-studio/db/testing';
import { runCli } from './run-cli.js';

/** The domain tables (and the API's keys) compared by snapshots. */
export const TABLES = [
  'agents',
  'functions',
  'agent_functions',
  'mcp_servers',
  'mcp_health_checks',
  'workflows',
  'deployments',
  'deployment_functions',
  'runs',
  'api_keys',
] as const;

/** A database for CLI children. */
export interface CliDatabase {
  readonly kind: 'server' | 'embedded';
  /** Environment for the child (`DATABASE_URL` or `AGENT_STUDIO_DATA_DIR`, and the secret key). */
  readonly env: Record<string, string>;
  /** True when the database starts migrated (server: from the template); embedded starts empty. */
  readonly migrated: boolean;
  /** Runs `fn` with an engine on the same database (never while a child is running, embedded). */
  inspect<T>(fn: (engine: Engine) => Promise<T>): Promise<T>;
  /** Drops the database / removes the data directory. */
  close(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Options of {@link createCliDatabase}. */
export interface CliDatabaseOptions {
  /** Hand it over migrated: an embedded one (which starts empty) gets `studio db migrate up`. */
  readonly migrate?: boolean;
}

/**
 * Creates the database for one test file. Call in `beforeAll`, close in `afterAll`.
 *
 * @example
 * let db: CliDatabase;
 * beforeAll(async () => { db = await createCliDatabase({ migrate: true }); });
 * afterAll(() => db.close());
 */
export async function createCliDatabase(options: CliDatabaseOptions = {}): Promise<CliDatabase> {
  const db = await openCliDatabase();
  if (!options.migrate || db.migrated) return db;
  const up = await runCli(['db', 'migrate', 'up'], db.env);
  if (up.code !== 0) {
    await db.close();
    throw new Error(up.stderr);
  }
  return { ...db, migrated: true };
}

async function openCliDatabase(): Promise<CliDatabase> {
  const dataDir = await mkdtemp(join(tmpdir(), 'studio-cli-'));
  const serverUrl = process.env.DATABASE_URL?.trim();
  if (serverUrl) {
    const engine: TestEngine = await createTestEngine();
    const secretKey = engine.config.secretKey ?? randomBytes(32);
    return {
      kind: 'server',
      migrated: true,
      env: {
        DATABASE_URL: withDatabase(serverUrl, engine.isolatedIn),
        AGENT_STUDIO_SECRET_KEY: secretKey.toString('base64'),
        AGENT_STUDIO_DATA_DIR: dataDir, // nothing is written there; keeps the workspace's .data/ untouched
      },
      inspect: (fn) => fn(engine),
      async close() {
        await engine.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  }
  const key = randomBytes(32).toString('base64');
  const env = { AGENT_STUDIO_DATA_DIR: dataDir, AGENT_STUDIO_SECRET_KEY: key };
  return {
    kind: 'embedded',
    migrated: false,
    env,
    async inspect(fn) {
      const engine = await createEngine({ config: loadDbConfig(env) });
      try {
        return await fn(engine);
      } finally {
        await engine.close();
      }
    },
    close: () => rm(dataDir, { recursive: true, force: true }),
  };
}

/** Runs one query on a borrowed connection. */
export async function sql<R extends object = Record<string, unknown>>(engine: Engine, text: string): Promise<R[]> {
  const connection = await engine.acquire();
  try {
    return (await connection.query<R>(text)).rows;
  } finally {
    engine.release(connection);
  }
}

/**
 * Every row of every table (as JSON text, sorted), and the row counts: equal snapshots mean
 * nothing was inserted, updated or deleted in between.
 *
 * @example
 * const before = await db.inspect(snapshot);
 */
export async function snapshot(engine: Engine): Promise<{ counts: Record<string, number>; rows: Record<string, string[]> }> {
  const counts: Record<string, number> = {};
  const rows: Record<string, string[]> = {};
  for (const table of TABLES) {
    const result = await sql<{ r: string }>(engine, `SELECT row_to_json(t)::text AS r FROM ${table} AS t ORDER BY 1`);
    rows[table] = result.map((x) => x.r);
    counts[table] = result.length;
  }
  return { counts, rows };
}
