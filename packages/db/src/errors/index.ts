/**
 * Every typed error of `@agent-studio/db`, each with its type guard.
 * @module
 */
export { brandedError, type BrandedError } from './branded-error.js';
export { DbError, isDbError, type DbErrorCode } from './db-error.js';
export { ConfigError, isConfigError, type ConfigIssue } from './config-error.js';
export { SessionClosedError, isSessionClosedError } from './session-closed-error.js';
export { NoResultFound, isNoResultFound } from './no-result-found.js';
export { MultipleResultsFound, isMultipleResultsFound } from './multiple-results-found.js';
export { InvalidIdError, isInvalidIdError } from './invalid-id-error.js';
export { InvalidQueryError, isInvalidQueryError } from './invalid-query-error.js';
export { PoolTimeoutError, isPoolTimeoutError } from './pool-timeout-error.js';
export { DatabaseUnavailableError, isDatabaseUnavailableError } from './database-unavailable-error.js';
export { QueryError, isQueryError, type QueryErrorKind } from './query-error.js';
export { StaleDataError, isStaleDataError } from './stale-data-error.js';
export { PendingRollbackError, isPendingRollbackError } from './pending-rollback-error.js';
export { UntrackedRowError, isUntrackedRowError } from './untracked-row-error.js';
export { SecretDecryptionError, isSecretDecryptionError } from './secret-decryption-error.js';
