/**
 * The database a command uses, described for people: never with a password.
 *
 * @module
 */
import type { DbConfig } from '@agent-studio/db/engine';

/**
 * A `postgres://` URL with its password replaced by `***` (the user name stays: it says who
 * connects). Unparseable text is not echoed.
 *
 * @example
 * maskDatabaseUrl('postgres://app:s3cret@db:5432/studio'); // 'postgres://app:***@db:5432/studio'
 */
export function maskDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    u.search = '';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/**
 * One line naming the database: the masked server URL, or the embedded data directory.
 *
 * @example
 * describeDatabase(loadDbConfig(process.env)); // 'postgres://postgres@127.0.0.1:5432/test'
 */
export function describeDatabase(config: DbConfig): string {
  return config.target.kind === 'server'
    ? maskDatabaseUrl(config.target.url)
    : `embedded PostgreSQL (PGlite) in ${config.target.dataDir}`;
}
