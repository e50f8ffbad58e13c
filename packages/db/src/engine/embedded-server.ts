/**
 * The embedded PostgreSQL: PGlite persisted in a data directory, served to the ordinary `pg`
 * driver on a loopback port by `@electric-sql/pglite-socket`. Both are optional peer
 * dependencies, loaded only when the embedded database starts: a consumer on a PostgreSQL
 * server need not install them.
 *
 * @module
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { ConfigError } from '../errors/config-error.js';
import { DatabaseUnavailableError } from '../errors/database-unavailable-error.js';

/** The packages the embedded database needs (optional peer dependencies of `@agent-studio/db`). */
const EMBEDDED_PACKAGES = ['@electric-sql/pglite', '@electric-sql/pglite-socket'] as const;

async function loadEmbeddedPackages() {
  try {
    const [{ PGlite }, { PGLiteSocketServer }] = await Promise.all([
      import('@electric-sql/pglite'),
      import('@electric-sql/pglite-socket'),
    ]);
    return { PGlite, PGLiteSocketServer };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') throw e;
    throw new ConfigError([
      {
        variable: 'DATABASE_URL',
        message:
          `is unset, so the embedded database is used, and it needs the optional packages ${EMBEDDED_PACKAGES.join(' and ')} ` +
          `(not installed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}). ` +
          `Install them (npm install ${EMBEDDED_PACKAGES.join(' ')}) or set DATABASE_URL to a PostgreSQL server.`,
      },
    ]);
  }
}

/** A running embedded database. */
export interface EmbeddedServer {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  stop(): Promise<void>;
}

const LOCK_FILE = 'agent-studio.lock';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the data directory for this process, refusing one that a live process holds. */
function lockDataDir(dataDir: string): () => void {
  const lockPath = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      return () => rmSync(lockPath, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
      if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
        throw new DatabaseUnavailableError(
          `The embedded database in ${dataDir} is in use by process ${holder}. ` +
            'Stop that process, point AGENT_STUDIO_DATA_DIR elsewhere, or set DATABASE_URL.',
        );
      }
      rmSync(lockPath, { force: true }); // stale lock from a process that is gone
    }
  }
  throw new DatabaseUnavailableError(`Could not lock the embedded data directory ${dataDir}`);
}

/**
 * Starts PGlite on `dataDir` (running initdb on first use) and serves it on a free loopback port.
 *
 * `maxConnections` is above the engine's pool size of one so that a pool closed and reopened at
 * once does not find the slots still taken while they are being freed.
 *
 * @throws ConfigError when {@link EMBEDDED_PACKAGES} are not installed (the message names them).
 * @example
 * const server = await startEmbeddedServer('/var/lib/agent-studio');
 * // postgres://postgres@127.0.0.1:${server.port}/postgres
 * await server.stop();
 */
export async function startEmbeddedServer(dataDir: string): Promise<EmbeddedServer> {
  const { PGlite, PGLiteSocketServer } = await loadEmbeddedPackages();
  mkdirSync(dataDir, { recursive: true });
  const unlock = lockDataDir(dataDir);
  let db: PGlite | undefined;
  try {
    db = await PGlite.create({ dataDir });
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 8 });
    await server.start();
    const address = server.getServerConn();
    const port = Number.parseInt(address.slice(address.lastIndexOf(':') + 1), 10);
    const pglite = db;
    let stopped = false;
    return {
      host: '127.0.0.1',
      port,
      dataDir,
      async stop() {
        if (stopped) return;
        stopped = true;
        try {
          await server.stop();
          await pglite.close();
        } finally {
          unlock();
        }
      },
    };
  } catch (e) {
    await db?.close().catch(() => undefined);
    unlock();
    if (e instanceof DatabaseUnavailableError) throw e;
    throw new DatabaseUnavailableError(
      `Could not start the embedded database in ${dataDir}: ${e instanceof Error ? e.message : String(e)}`,
      { cause: e },
    );
  }
}
