import { DbError, guardFor } from './db-error.js';

/** What kind of failure the server reported, from its SQLSTATE. */
export type QueryErrorKind =
  | 'unique_violation'
  | 'foreign_key_violation'
  | 'check_violation'
  | 'not_null_violation'
  | 'invalid_input'
  | 'statement_timeout'
  | 'serialization_failure'
  | 'other';

const KIND_BY_SQLSTATE: Record<string, QueryErrorKind> = {
  '23505': 'unique_violation',
  '23503': 'foreign_key_violation',
  '23001': 'foreign_key_violation', // restrict_violation: PostgreSQL 18 reports ON DELETE RESTRICT with it
  '23514': 'check_violation',
  '23502': 'not_null_violation',
  '22P02': 'invalid_input',
  '22021': 'invalid_input', // character_not_in_repertoire (e.g. a NUL in text)
  '22P05': 'invalid_input', // untranslatable_character
  '22007': 'invalid_input',
  '22008': 'invalid_input',
  '22003': 'invalid_input',
  '57014': 'statement_timeout',
  '40001': 'serialization_failure',
  '40P01': 'serialization_failure',
};

/**
 * The server rejected a statement. `kind` and `constraint` let callers turn it into a domain
 * error (a unique name taken, a row still referenced) without parsing messages.
 *
 * @example
 * if (isQueryError(e) && e.kind === 'unique_violation') throw new ConflictError('name taken');
 */
export class QueryError extends DbError {
  readonly code = 'QUERY_FAILED' as const;
  readonly kind: QueryErrorKind;
  constructor(
    message: string,
    readonly sqlState: string | undefined,
    readonly constraint: string | undefined,
    readonly table: string | undefined,
    readonly detail: string | undefined,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.kind = (sqlState && KIND_BY_SQLSTATE[sqlState]) || 'other';
  }
}

/** Type guard for {@link QueryError}. */
export const isQueryError = guardFor<QueryError>('QUERY_FAILED');
