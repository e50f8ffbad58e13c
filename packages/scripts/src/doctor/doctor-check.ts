/**
 * What one `studio doctor` check reports.
 *
 * @module
 */
import type { Engine } from '@agent-studio/db/engine';

/** `ok`: fine; `warn`: works, but look at it; `fail`: broken (doctor exits 1). */
export type CheckStatus = 'ok' | 'warn' | 'fail';

/** One line of the doctor's report. */
export interface DoctorResult {
  /** What was checked: `database`, `migrations`, `secret key`, ... */
  readonly check: string;
  readonly status: CheckStatus;
  /** One line for people, never a secret or a password. */
  readonly message: string;
}

/** What a check after the connection gets: the open engine and whether the schema is complete. */
export interface DoctorContext {
  readonly engine: Engine;
  /** No migration pending: the tables the check reads exist. */
  readonly migrated: boolean;
}

/**
 * A check that needs the database. Add one by appending it to `DATABASE_CHECKS`.
 *
 * @example
 * const monitorCheck: DatabaseCheck = async ({ engine }) => ({ check: 'monitor', status: 'ok', message: '...' });
 */
export type DatabaseCheck = (context: DoctorContext) => Promise<DoctorResult>;
