/**
 * The engine: one Sequelize instance and one `pg` pool, shared by both session kinds.
 *
 * @module
 */
import { ConfigError } from '../errors/config-error.js';
import type { ClientBase } from 'pg';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { Sequelize } from 'sequelize';
import { loadDbConfig, type DbConfig } from '../config/db-config.js';
import { DatabaseUnavailableError } from '../errors/database-unavailable-error.js';
import { PoolTimeoutError } from '../errors/pool-timeout-error.js';
import { bindModels, type BoundModels } from '../models/bind-models.js';
import { loadOrCreateKeyFile } from '../secrets/load-secret-key.js';
import { createSecretCipher, type SecretCipher } from '../secrets/secret-cipher.js';
import { startEmbeddedServer, type EmbeddedServer } from './embedded-server.js';
import { EngineObservers, instrumentConnection, type EngineObserver } from './engine-observer.js';
import { isConnectionFailure, translateError } from './translate-error.js';

/** A pooled `pg` connection, as handed out by {@link Engine.acquire}. */
export type PooledConnection = ClientBase;

/** How many connections the pool holds and lends right now. */
export interface PoolStats {
  /** Connections lent to sessions and not yet returned. */
  readonly borrowed: number;
  /** Connections open in the pool (lent or idle). */
  readonly size: number;
  /** Connections open and not lent (`size - borrowed`). */
  readonly idle: number;
  /** Callers waiting for a connection. */
  readonly waiting: number;
  readonly max: number;
}

/**
 * One database engine. Create it once per process with {@link createEngine} and close it on
 * shutdown; sessions of both kinds borrow connections from its single pool.
 *
 * @example
 * const engine = await createEngine();
 * try { ... } finally { await engine.close(); }
 */
export interface Engine {
  /** `server` for a PostgreSQL server from `DATABASE_URL`, `embedded` for PGlite. */
  readonly kind: 'server' | 'embedded';
  readonly config: DbConfig;
  /** Where the engine connects, without credentials, for logs and status output. */
  readonly description: string;
  /** The engine's Sequelize instance (the legacy session's ORM). */
  readonly sequelize: Sequelize;
  /** The models bound to this engine's Sequelize instance. */
  readonly models: BoundModels;
  /** Encrypts and decrypts secret attributes (MCP server headers and env) at rest. */
  readonly cipher: SecretCipher;
  /** True after {@link Engine.close}. */
  readonly closed: boolean;
  /**
   * Borrows a connection from the pool. Low-level: sessions call this; every borrow must be
   * paired with {@link Engine.release}.
   * @throws {PoolTimeoutError} when none frees up within the acquire timeout.
   */
  acquire(): Promise<PooledConnection>;
  /** Returns a borrowed connection; `broken` destroys it instead of pooling it again. */
  release(connection: PooledConnection, broken?: boolean): void;
  /** The pool's current counts (for leak checks, `/ready` and metrics). */
  stats(): PoolStats;
  /**
   * Tells `observer` about every acquire (its wait), acquire timeout and failed statement on
   * the pool — both session kinds and Sequelize go through it. Returns what stops it.
   *
   * @example
   * const stop = engine.observe({ onStatementError: (cls) => errors.inc({ class: cls }) });
   */
  observe(observer: EngineObserver): () => void;
  /**
   * Closes the pool and, for the embedded database, stops PGlite. Idempotent. Sessions still
   * open get a grace period (the acquire timeout, at most 5 s); connections still lent out after
   * it are ended, which rolls their transactions back.
   */
  close(): Promise<void>;
}

interface SequelizePool {
  /** sequelize-pool internals: what is lent out (used only to force-close leaked connections). */
  readonly _inUseObjects?: ReadonlyArray<{ resource: PooledConnection }>;
  acquire: () => Promise<PooledConnection>;
  release(connection: PooledConnection): void;
  destroy(connection: PooledConnection): Promise<void>;
  readonly size: number;
  readonly available: number;
  readonly using: number;
  readonly waiting: number;
}

interface ConnectionManagerInternals {
  pool: SequelizePool;
}

function describeUrl(url: string): string {
  const u = new URL(url);
  return `PostgreSQL at ${u.hostname}:${u.port || '5432'}${u.pathname}`;
}

/** Options for {@link createEngine}. */
export interface EngineOptions {
  /** Validated settings; default: {@link loadDbConfig} of `process.env`. */
  readonly config?: DbConfig;
}

/**
 * Creates and connects an engine: starts the embedded database when `DATABASE_URL` is unset,
 * opens the pool and checks that the database answers.
 *
 * @throws {DatabaseUnavailableError} when the database cannot be reached.
 * @example
 * const engine = await createEngine({ config: loadDbConfig(process.env) });
 */
export async function createEngine(options: EngineOptions = {}): Promise<Engine> {
  const config = options.config ?? loadDbConfig();
  const key = config.secretKey ?? (config.secretKeyFile === undefined ? undefined : loadOrCreateKeyFile(config.secretKeyFile));
  if (key === undefined) {
    throw new ConfigError([{ variable: 'AGENT_STUDIO_SECRET_KEY', message: 'is required with DATABASE_URL (make one with `openssl rand -base64 32`)' }]);
  }
  const cipher = createSecretCipher(key, config.oldSecretKeys ?? []);
  let embedded: EmbeddedServer | undefined;
  let url: string;
  let description: string;
  if (config.target.kind === 'embedded') {
    embedded = await startEmbeddedServer(config.target.dataDir);
    url = `postgres://postgres@${embedded.host}:${embedded.port}/postgres`;
    description = `embedded PostgreSQL (PGlite) in ${config.target.dataDir}`;
  } else {
    url = config.target.url;
    description = describeUrl(url);
  }

  const sequelize = new Sequelize(url, {
    dialect: 'postgres',
    dialectModule: pg,
    logging: false,
    benchmark: false,
    pool: {
      max: config.poolMax,
      min: 0,
      idle: config.idleTimeoutMs,
      acquire: config.acquireTimeoutMs,
      evict: Math.min(config.idleTimeoutMs, 1_000),
    },
    dialectOptions: {
      application_name: 'agent-studio',
      connectionTimeoutMillis: Math.max(config.acquireTimeoutMs, 2_000),
      ...(config.statementTimeoutMs > 0 ? { statement_timeout: config.statementTimeoutMs } : {}),
      ...(config.queryTimeoutMs > 0 ? { query_timeout: config.queryTimeoutMs } : {}),
    },
    define: { underscored: true },
  });

  try {
    // Also settles Sequelize's one-time server version probe, so the fast path below can use the pool directly.
    await sequelize.authenticate({ logging: false });
  } catch (e) {
    await sequelize.close().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    const translated = translateError(e);
    throw translated instanceof DatabaseUnavailableError
      ? translated
      : new DatabaseUnavailableError(`Could not connect to ${description}: ${translated.message}`, { cause: e });
  }

  const pool = (sequelize.connectionManager as unknown as ConnectionManagerInternals).pool;
  const observers = new EngineObservers();
  // the one stats hook: Sequelize's own borrows (legacy sessions) call this too
  const poolAcquire = pool.acquire.bind(pool);
  pool.acquire = async () => {
    const start = observers.active ? performance.now() : 0;
    try {
      const connection = await poolAcquire();
      instrumentConnection(connection, observers);
      if (observers.active) observers.emit('onAcquire', performance.now() - start);
      return connection;
    } catch (e) {
      if (observers.active && ((e as Error).name === 'TimeoutError' || (e as Error).constructor?.name === 'TimeoutError')) {
        observers.emit('onAcquireTimeout');
      }
      throw e;
    }
  };
  const models = bindModels(sequelize, cipher);
  let closed = false;
  let closing: Promise<void> | undefined;

  const engine: Engine = {
    kind: config.target.kind,
    config,
    description,
    sequelize,
    models,
    cipher,
    get closed() {
      return closed;
    },
    async acquire() {
      if (closed) throw new DatabaseUnavailableError('The engine is closed');
      try {
        return await pool.acquire();
      } catch (e) {
        if ((e as Error).name === 'TimeoutError' || (e as Error).constructor?.name === 'TimeoutError') {
          throw new PoolTimeoutError(config.acquireTimeoutMs, config.poolMax, { cause: e });
        }
        if (isConnectionFailure(e) || (e as Error).name?.startsWith('SequelizeConnection')) {
          throw new DatabaseUnavailableError(`Could not connect to ${description}: ${(e as Error).message}`, {
            cause: e,
          });
        }
        throw translateError(e);
      }
    },
    release(connection, broken = false) {
      if (broken) {
        pool.destroy(connection).catch(() => undefined);
      } else {
        pool.release(connection);
      }
    },
    stats() {
      return { borrowed: pool.using, size: pool.size, idle: pool.available, waiting: pool.waiting, max: config.poolMax };
    },
    observe(observer) {
      return observers.add(observer);
    },
    close() {
      closing ??= (async () => {
        closed = true;
        try {
          // Give open sessions a grace period to finish, then end what is still lent out
          // (the server rolls it back) so that close never hangs on a leaked session.
          const deadline = Date.now() + Math.min(config.acquireTimeoutMs, 5_000);
          while (pool.using > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
          for (const { resource } of [...(pool._inUseObjects ?? [])]) await pool.destroy(resource).catch(() => undefined);
          await sequelize.close();
        } finally {
          await embedded?.stop();
        }
      })();
      return closing;
    },
  };
  return engine;
}
