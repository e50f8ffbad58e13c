/**
 * Database configuration: read from the environment once, validated with zod.
 *
 * This is the only module that reads database settings from `process.env`.
 *
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
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
  AGENT_STUDIO_SECRET_KEY_FILE: z
    .string()
    .trim()
    .min(1)
    .optional()
    .refine((v) => v === undefined || isAbsolute(v), { message: 'must be an absolute path (a relative one would follow the working directory)' }),
  AGENT_STUDIO_SECRET_KEYS_OLD: z
    .string()
    .optional()
    .transform((v) => (v ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0)),
  DB_POOL_MAX: intFromEnv(1, 200).optional(),
  DB_ACQUIRE_TIMEOUT_MS: intFromEnv(100, 600_000).default(5_000),
  DB_STATEMENT_TIMEOUT_MS: intFromEnv(0, 3_600_000).default(30_000),
  DB_IDLE_TIMEOUT_MS: intFromEnv(1_000, 3_600_000).default(10_000),
  DB_QUERY_TIMEOUT_MS: intFromEnv(0, 3_600_000).optional(),
});

/** Where the engine's data lives: a PostgreSQL server, or an embedded PGlite data directory. */
export type DbTarget =
  | { readonly kind: 'server'; readonly url: string }
  | { readonly kind: 'embedded'; readonly dataDir: string };

/**
 * Validated database settings.
 *
 * @example
 * const config = loadDbConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test', AGENT_STUDIO_SECRET_KEY: process.env.KEY });
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
  /**
   * Client-side limit on every query (pg's `query_timeout`): a database that stops answering
   * (frozen, not down) fails the query instead of holding the request. 0 disables it.
   */
  readonly queryTimeoutMs: number;
  /**
   * The 32-byte key that encrypts secrets at rest, when configured (`AGENT_STUDIO_SECRET_KEY`, or
   * read from `AGENT_STUDIO_SECRET_KEY_FILE`). Always set with `DATABASE_URL`.
   */
  readonly secretKey: Buffer | undefined;
  /**
   * The embedded database's own key file (`<data dir>/secret.key`, created on first start), used
   * when no key is configured. Only the embedded database has one: with `DATABASE_URL` every
   * process must be given the same key.
   */
  readonly secretKeyFile: string | undefined;
  /** Earlier keys, still accepted for decryption (`AGENT_STUDIO_SECRET_KEYS_OLD`, for rotation). */
  readonly oldSecretKeys: readonly Buffer[];
}

/** Default client-side query timeout: the statement timeout plus 5 s (60 s when that is off). */
function queryTimeout(e: { DB_QUERY_TIMEOUT_MS?: number | undefined; DB_STATEMENT_TIMEOUT_MS: number }): number {
  return e.DB_QUERY_TIMEOUT_MS ?? (e.DB_STATEMENT_TIMEOUT_MS > 0 ? e.DB_STATEMENT_TIMEOUT_MS + 5_000 : 60_000);
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

/** Why a server deployment without a key is refused, and how to make one. */
const MISSING_KEY_MESSAGE =
  'is required with DATABASE_URL (every process must encrypt MCP secrets with the same key): make one with ' +
  '`openssl rand -base64 32` and set AGENT_STUDIO_SECRET_KEY to it, or write it to a file and set ' +
  'AGENT_STUDIO_SECRET_KEY_FILE to that absolute path';

/** The configured key: the variable, else the key file's content (which must exist). */
function configuredSecretKey(key: string | undefined, file: string | undefined): Buffer | undefined {
  if (key !== undefined) return decodeSecretKey(key);
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError([
      { variable: 'AGENT_STUDIO_SECRET_KEY_FILE', message: `cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}); create it with \`openssl rand -base64 32 > ${file}\`` },
    ]);
  }
  return decodeSecretKey(text, 'AGENT_STUDIO_SECRET_KEY_FILE');
}

/**
 * Reads and validates the database settings.
 *
 * `DATABASE_URL` set selects that server, and then a secret key must be configured
 * (`AGENT_STUDIO_SECRET_KEY`, or `AGENT_STUDIO_SECRET_KEY_FILE` naming an absolute path); unset
 * selects the embedded PGlite database in `AGENT_STUDIO_DATA_DIR` (default `.data/` at the
 * workspace root), which keeps its own key file there when no key is configured. Set but empty (or blank)
 * is a {@link ConfigError}, never the embedded database.
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
  const configuredKey = configuredSecretKey(e.AGENT_STUDIO_SECRET_KEY, e.AGENT_STUDIO_SECRET_KEY_FILE);
  if (e.DATABASE_URL !== undefined && configuredKey === undefined) {
    throw new ConfigError([{ variable: 'AGENT_STUDIO_SECRET_KEY', message: MISSING_KEY_MESSAGE }]);
  }
  const secrets = {
    secretKey: configuredKey,
    secretKeyFile: e.DATABASE_URL === undefined ? join(dataDir, 'secret.key') : undefined,
    oldSecretKeys: e.AGENT_STUDIO_SECRET_KEYS_OLD.map((k, i) => decodeSecretKey(k, `AGENT_STUDIO_SECRET_KEYS_OLD[${i}]`)),
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
      queryTimeoutMs: queryTimeout(e),
      ...secrets,
    };
  }
  return {
    target: { kind: 'server', url: e.DATABASE_URL },
    poolMax: e.DB_POOL_MAX ?? 10,
    acquireTimeoutMs: e.DB_ACQUIRE_TIMEOUT_MS,
    statementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS,
    idleTimeoutMs: e.DB_IDLE_TIMEOUT_MS,
    queryTimeoutMs: queryTimeout(e),
    ...secrets,
  };
}
