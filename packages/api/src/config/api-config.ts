/**
 * API configuration: read from the environment once, validated with zod. Database settings are
 * read by `@agent-studio/db/engine`'s `loadDbConfig`; this module adds the HTTP ones.
 *
 * @module
 */
import { z } from 'zod';

/** The zod schema of the API's environment variables. */
export const apiEnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  CORS_ORIGINS: z
    .string()
    .trim()
    .default('')
    .transform((v) => v.split(',').map((o) => o.trim()).filter(Boolean))
    .pipe(z.array(z.union([z.literal('*'), z.url({ message: 'must be an origin like https://studio.example.com' })]))),
  BODY_LIMIT: z.string().trim().regex(/^\d+(b|kb|mb)$/i, 'must look like 100kb or 1mb').default('1mb'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  AGENT_STUDIO_API_KEY: z.string().trim().min(24, 'must be at least 24 characters').optional(),
  API_KEY_CACHE_TTL_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  RUN_WORKERS: z.coerce.number().int().min(0).max(1_000).optional(),
  TRUST_PROXY: z
    .string()
    .trim()
    .default('')
    .transform((v): boolean | number | string => (v === '' || v === 'false' ? false : v === 'true' ? true : /^\d+$/.test(v) ? Number(v) : v)),
  AUTH_FAILURE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(20),
  AUTH_FAILURE_WINDOW_S: z.coerce.number().int().min(1).max(86_400).default(60),
  JSON_MAX_DEPTH: z.coerce.number().int().min(2).max(1_000).default(64),
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(90),
  HEADERS_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).default(20_000),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(60_000),
  READY_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(2_000),
  MAX_CONCURRENT_PROBES: z.coerce.number().int().min(1).max(1_000).default(8),
  METRICS: z.enum(['loopback', 'admin', 'open', 'off']).default('loopback'),
});

/** Who may read `GET /metrics`: loopback clients, admin keys, anyone, or nobody (nothing measured). */
export type MetricsAccess = z.infer<typeof apiEnvSchema>['METRICS'];

/** Worker slots the API starts when `RUN_WORKERS` is unset and the database is the embedded one. */
export const DEFAULT_EMBEDDED_RUN_WORKERS = 4;

/**
 * Validated API settings.
 *
 * @example
 * const config = loadApiConfig(process.env);
 * app.listen(config.port, config.host);
 */
export interface ApiConfig {
  readonly port: number;
  readonly host: string;
  /** Allowed CORS origins; empty = CORS off, `['*']` = any origin. */
  readonly corsOrigins: readonly string[];
  readonly bodyLimit: string;
  readonly logLevel: z.infer<typeof apiEnvSchema>['LOG_LEVEL'];
  /** An admin key to accept (hashed on start); unset = one is created on first start and printed once. */
  readonly bootstrapApiKey: string | undefined;
  readonly apiKeyCacheTtlMs: number;
  readonly shutdownGraceMs: number;
  /**
   * `RUN_WORKERS`: run-worker slots started inside the API process (`0` = none; runs then need a
   * `studio worker`). Unset: {@link runWorkerSlots} decides by the database.
   */
  readonly runWorkers: number | undefined;
  /** Express's `trust proxy` (false: the client address is the socket's, X-Forwarded-For ignored). */
  readonly trustProxy: boolean | number | string;
  /** Failed authentications allowed per client address within {@link ApiConfig.authFailureWindowS}. */
  readonly authFailureLimit: number;
  /** The failure window, and how long an address that exhausted it is refused (429). */
  readonly authFailureWindowS: number;
  /** Deepest nesting of arrays/objects accepted in a JSON body (checked before parsing; 422 beyond). */
  readonly jsonMaxDepth: number;
  /** Audit events older than this are deleted (at start and hourly). */
  readonly auditRetentionDays: number;
  /** `server.headersTimeout`: time allowed to send the request headers. */
  readonly headersTimeoutMs: number;
  /** `server.requestTimeout`: time allowed to send the whole request (headers and body). */
  readonly requestTimeoutMs: number;
  /** `/ready` answers 503 when the database has not answered within this. */
  readonly readyTimeoutMs: number;
  /** MCP probes (test-connection, check, refresh) in flight per process before 503. */
  readonly maxConcurrentProbes: number;
  /** `METRICS`: who may read `GET /metrics` (`off`: nothing measured). */
  readonly metrics: MetricsAccess;
}

/**
 * How many run-worker slots the API process starts: `RUN_WORKERS` when set; otherwise
 * {@link DEFAULT_EMBEDDED_RUN_WORKERS} on the embedded database (one process owns it, so `pnpm
 * start` runs workflows with nothing else started) and none on a server (run `studio worker`s).
 *
 * @example
 * runWorkerSlots(loadApiConfig({}), 'embedded'); // 4
 * runWorkerSlots(loadApiConfig({}), 'server');   // 0
 * runWorkerSlots(loadApiConfig({ RUN_WORKERS: '2' }), 'server'); // 2
 */
export function runWorkerSlots(config: ApiConfig, database: 'server' | 'embedded'): number {
  return config.runWorkers ?? (database === 'embedded' ? DEFAULT_EMBEDDED_RUN_WORKERS : 0);
}

/** An invalid API setting. */
export class ApiConfigError extends Error {
  readonly code = 'API_CONFIG_INVALID';
  constructor(readonly issues: readonly { variable: string; message: string }[]) {
    super(`Invalid configuration: ${issues.map((i) => `${i.variable} ${i.message}`).join('; ')}`);
    this.name = 'ApiConfigError';
  }
}

/** Type guard for {@link ApiConfigError}. */
export function isApiConfigError(value: unknown): value is ApiConfigError {
  return value instanceof Error && (value as { code?: unknown }).code === 'API_CONFIG_INVALID';
}

/**
 * Reads and validates the API settings.
 *
 * @throws {ApiConfigError} naming every invalid variable.
 * @example
 * const config = loadApiConfig({ PORT: '8080' });
 */
export function loadApiConfig(env: Record<string, string | undefined> = process.env): ApiConfig {
  const parsed = apiEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ApiConfigError(parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? ''), message: i.message })));
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    corsOrigins: e.CORS_ORIGINS,
    bodyLimit: e.BODY_LIMIT,
    logLevel: e.LOG_LEVEL,
    bootstrapApiKey: e.AGENT_STUDIO_API_KEY,
    apiKeyCacheTtlMs: e.API_KEY_CACHE_TTL_MS,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    runWorkers: e.RUN_WORKERS,
    trustProxy: e.TRUST_PROXY,
    authFailureLimit: e.AUTH_FAILURE_LIMIT,
    authFailureWindowS: e.AUTH_FAILURE_WINDOW_S,
    jsonMaxDepth: e.JSON_MAX_DEPTH,
    auditRetentionDays: e.AUDIT_RETENTION_DAYS,
    headersTimeoutMs: e.HEADERS_TIMEOUT_MS,
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    readyTimeoutMs: e.READY_TIMEOUT_MS,
    maxConcurrentProbes: e.MAX_CONCURRENT_PROBES,
    metrics: e.METRICS,
  };
}
