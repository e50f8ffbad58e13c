/**
 * Database configuration: read from the environment once, validated with zod.
 *
 * This is the only module that reads database settings from `process.env`.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../errors/config-error.js';
import { decodeSecretKey } from '../secrets/load-secret-key.js';

const intFromEnv = (min: number, max: number) =>
  z.coerce.number().int().min(min).max(max);

/** The zod schema for the database settings read from the environment. */
export const dbEnvSchema = z.object({
  // set but empty is an error, not the embedded database: a `DATABASE_URL=` left in a script or
  // .env would otherwise silently run against a different database than the operator meant
  DATABASE_URL: z
    .string()
    .trim()
    .optional()
    .refine((v) => v !== '', { message: 'is empty: set it to a postgres:// URL, or unset it to use the embedded database' })
    .refine((v) => v === undefined || v === '' || /^postgres(ql)?:\/\//.test(v), {
      message: 'must be a postgres:// or postgresql:// URL (unset it to use the embedded database)',
    }),
  AGENT_STUDIO_DATA_DIR: z.string().trim().min(1).optional(),
  AGENT_STUDIO_SECRET_KEY: z.string().trim().min(1).optional(),
  DB_POOL_MAX: intFromEnv(1, 200).optional(),
  DB_ACQUIRE_TIMEOUT_MS: intFromEnv(100, 600_000).default(5_000),
  DB_STATEMENT_TIMEOUT_MS: intFromEnv(0, 3_600_000).default(30_000),
  DB_IDLE_TIMEOUT_MS: intFromEnv(1_000, 3_600_000).default(10_000),
});

/** Where the engine's data lives: a PostgreSQL server, or an embedded PGlite data directory. */
export type DbTarget =
  | { readonly kind: 'server'; readonly url: string }
  | { readonly kind: 'embedded'; readonly dataDir: string };

/**
 * Validated database settings.
 *
 * @example
 * const config = loadDbConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' });
 * config.target.kind; // 'server'
 */
export interface DbConfig {
  readonly target: DbTarget;
  /** Pool size. Always 1 for the embedded database (one backend serves every connection). */
  readonly poolMax: number;
  /** How long a session waits for a pooled connection before `PoolTimeoutError`. */
  readonly acquireTimeoutMs: number;
  /** Server-side statement timeout; 0 disables it. */
  readonly statementTimeoutMs: number;
  /** How long an idle pooled connection is kept. */
  readonly idleTimeoutMs: number;
  /** The 32-byte key that encrypts secrets at rest, when configured (`AGENT_STUDIO_SECRET_KEY`). */
  readonly secretKey: Buffer | undefined;
  /** Where the key is kept (created on first start) when `AGENT_STUDIO_SECRET_KEY` is unset. */
  readonly secretKeyFile: string;
}

/**
 * Finds the workspace root (the nearest directory holding `pnpm-workspace.yaml`) above `from`,
 * or `from` itself when there is none (an installed package outside the workspace).
 */
export function findWorkspaceRoot(from: string = process.cwd()): string {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(from);
    dir = parent;
  }
}

/** The default embedded data directory: `.data/` at the workspace root. */
export function defaultDataDir(): string {
  return join(findWorkspaceRoot(), '.data');
}

/**
 * Reads and validates the database settings.
 *
 * `DATABASE_URL` set selects that server; unset selects the embedded PGlite database in
 * `AGENT_STUDIO_DATA_DIR` (default `.data/` at the workspace root). Set but empty (or blank) is
 * a {@link ConfigError}, never the embedded database.
 *
 * @throws {ConfigError} naming every invalid variable.
 * @example
 * const config = loadDbConfig(process.env);
 */
export function loadDbConfig(env: Record<string, string | undefined> = process.env): DbConfig {
  const parsed = dbEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => ({ variable: i.path.join('.'), message: i.message })),
    );
  }
  const e = parsed.data;
  const dataDir = resolve(e.AGENT_STUDIO_DATA_DIR ?? defaultDataDir());
  const secrets = {
    secretKey: e.AGENT_STUDIO_SECRET_KEY === undefined ? undefined : decodeSecretKey(e.AGENT_STUDIO_SECRET_KEY),
    secretKeyFile: join(dataDir, 'secret.key'),
  };
  if (e.DATABASE_URL === undefined) {
    if (e.DB_POOL_MAX !== undefined && e.DB_POOL_MAX !== 1) {
      throw new ConfigError([
        {
          variable: 'DB_POOL_MAX',
          message:
            'must be 1 with the embedded database (PGlite runs every connection on one backend; set DATABASE_URL for a larger pool)',
        },
      ]);
    }
    return {
      target: { kind: 'embedded', dataDir },
      poolMax: 1,
      acquireTimeoutMs: e.DB_ACQUIRE_TIMEOUT_MS,
      statementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS,
      idleTimeoutMs: e.DB_IDLE_TIMEOUT_MS,
      ...secrets,
    };
  }
  return {
    target: { kind: 'server', url: e.DATABASE_URL },
    poolMax: e.DB_POOL_MAX ?? 10,
    acquireTimeoutMs: e.DB_ACQUIRE_TIMEOUT_MS,
    statementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS,
    idleTimeoutMs: e.DB_IDLE_TIMEOUT_MS,
    ...secrets,
  };
}
