/**
 * Isolated databases for tests — the one place shared test set-up lives.
 *
 * Against a server (`DATABASE_URL` set): a template database migrated once per migration set
 * (`agent_studio_tpl_<fingerprint>`), and a fresh `CREATE DATABASE ... TEMPLATE` per test file.
 * Embedded (unset): a migrated PGlite data directory made once, copied per test file.
 *
 * @module
 */
import { cp, mkdir, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { loadDbConfig, type DbConfig } from '../config/db-config.js';
import { createEngine, type Engine } from '../engine/engine.js';
import { migrateUp, migrationsFingerprint } from '../migrations/migrator.js';

/** An engine on a database of its own, dropped by `close()`. */
export interface TestEngine extends Engine {
  /** The database name (server) or data directory (embedded) this engine owns. */
  readonly isolatedIn: string;
}

/** Settings a test may override (e.g. a tiny pool to test exhaustion). */
export type TestEngineOverrides = Partial<Pick<DbConfig, 'poolMax' | 'acquireTimeoutMs' | 'statementTimeoutMs' | 'queryTimeoutMs'>>;

const TEMPLATE_LOCK = 0x61_67_74_70; // "agtp"

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function ensureServerTemplate(config: DbConfig, url: string): Promise<string> {
  const template = `agent_studio_tpl_${migrationsFingerprint()}`;
  await admin(url, async (client) => {
    await client.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    try {
      const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
      if (exists.rowCount) return;
      await client.query(`CREATE DATABASE "${template}"`);
      try {
        const engine = await createEngine({
          config: { ...config, poolMax: 2, target: { kind: 'server', url: withDatabase(url, template) } },
        });
        try {
          await migrateUp(engine);
        } finally {
          await engine.close();
        }
      } catch (e) {
        await client.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
        throw e;
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK]);
    }
  });
  return template;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function ensureEmbeddedTemplate(config: DbConfig): Promise<string> {
  const template = join(tmpdir(), `agent-studio-test-tpl-${migrationsFingerprint()}`);
  if (await exists(template)) return template;
  const building = `${template}.building-${process.pid}-${randomBytes(4).toString('hex')}`;
  const engine = await createEngine({ config: { ...config, target: { kind: 'embedded', dataDir: building } } });
  try {
    await migrateUp(engine);
  } finally {
    await engine.close();
  }
  try {
    await rename(building, template);
  } catch {
    await rm(building, { recursive: true, force: true }); // another worker finished first
  }
  return template;
}

/**
 * An engine on a freshly migrated database of its own. Call in `beforeAll`, close in `afterAll`.
 *
 * @example
 * let engine: TestEngine;
 * beforeAll(async () => { engine = await createTestEngine(); });
 * afterAll(() => engine.close());
 */
export async function createTestEngine(overrides: TestEngineOverrides = {}): Promise<TestEngine> {
  const base = loadDbConfig(process.env);
  // a key of its own: tests never create key files in the data directory
  const config: DbConfig = { ...base, secretKey: randomBytes(32), ...overrides };
  const suffix = `${process.pid}_${randomBytes(4).toString('hex')}`;

  if (base.target.kind === 'server') {
    const url = base.target.url;
    const template = await ensureServerTemplate(config, url);
    const database = `agent_studio_t_${suffix}`;
    await admin(url, (c) => c.query(`CREATE DATABASE "${database}" TEMPLATE "${template}"`));
    const engine = await createEngine({ config: { ...config, target: { kind: 'server', url: withDatabase(url, database) } } });
    return isolated(engine, database, () =>
      admin(url, (c) => c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)).then(() => undefined),
    );
  }

  const template = await ensureEmbeddedTemplate(config);
  const dataDir = join(tmpdir(), `agent-studio-test-${suffix}`);
  await mkdir(dataDir, { recursive: true });
  await cp(template, dataDir, { recursive: true });
  const engine = await createEngine({ config: { ...config, poolMax: 1, target: { kind: 'embedded', dataDir } } });
  return isolated(engine, dataDir, () => rm(dataDir, { recursive: true, force: true }));
}

function isolated(engine: Engine, isolatedIn: string, drop: () => Promise<void>): TestEngine {
  let closing: Promise<void> | undefined;
  return Object.assign(Object.create(engine) as Engine, {
    isolatedIn,
    close() {
      closing ??= engine.close().then(drop);
      return closing;
    },
  });
}
