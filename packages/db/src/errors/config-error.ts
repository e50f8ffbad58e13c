import { DbError, guardFor } from './db-error.js';

/** One invalid configuration variable. */
export interface ConfigIssue {
  readonly variable: string;
  readonly message: string;
}

/**
 * The configuration in the environment is invalid; `issues` names every bad variable.
 *
 * @example
 * try { loadDbConfig({ DB_POOL_MAX: 'lots' }); } catch (e) { if (isConfigError(e)) console.error(e.message); }
 */
export class ConfigError extends DbError {
  readonly code = 'CONFIG_INVALID' as const;
  constructor(readonly issues: readonly ConfigIssue[]) {
    super(`Invalid configuration: ${issues.map((i) => `${i.variable} ${i.message}`).join('; ')}`);
  }
}

/** Type guard for {@link ConfigError}. */
export const isConfigError = guardFor<ConfigError>('CONFIG_INVALID');
