/**
 * `@agent-studio/db/engine` — configuration, the engine (PostgreSQL server or embedded PGlite),
 * migrations, and the engine primitives of background work: an advisory try-lock and lease claims
 * (`FOR UPDATE SKIP LOCKED`).
 *
 * @example
 * import { createEngine, migrateUp } from '@agent-studio/db/engine';
 * const engine = await createEngine();
 * await migrateUp(engine);
 *
 * @module
 */
export { loadDbConfig, dbEnvSchema, defaultDataDir, findWorkspaceRoot, type DbConfig, type DbTarget } from './config/db-config.js';
export { createEngine, type Engine, type EngineOptions, type PoolStats, type PooledConnection } from './engine/engine.js';
export { sqlstateClassOf, type EngineObserver } from './engine/engine-observer.js';
export { getEngine, closeDefaultEngine } from './engine/default-engine.js';
export {
  createNotificationListener,
  type NotificationListener,
  type NotificationListenerOptions,
  type NotificationHandler,
} from './engine/notification-listener.js';
export { createRuntimeDatabase, type EngineRuntimeDatabase, type ExecuteSqlOptions } from './engine/runtime-database.js';
export {
  migrateUp,
  migrateDown,
  migrationStatus,
  migrationsFingerprint,
  type MigrationStatus,
  type MigrateOptions,
} from './migrations/migrator.js';
export { tryAdvisoryLock, type AdvisoryLock } from './engine/advisory-lock.js';
export {
  claimDue,
  releaseClaims,
  type ClaimDueOptions,
  type DateAttribute,
  type LeaseBatch,
  type LeaseClaim,
} from './engine/lease-claims.js';
export { rotateSecrets, type SecretRotation } from './secrets/rotate-secrets.js';
export * from './errors/index.js';
