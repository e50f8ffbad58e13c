/**
 * Turns database errors raised inside a service into the SDK's typed errors: a unique violation
 * is a `ConflictError('unique')`, a row still referenced is `ConflictError('in_use')`, a missing
 * reference is a `ValidationError`, a stale version a `ConflictError('stale_version')`.
 * @module
 */
import { isInvalidIdError, isQueryError, isStaleDataError, type ExecSession } from '@agent-studio/db/exec';
import { ConflictError } from '../errors/conflict-error.js';
import { ValidationError } from '../errors/validation-error.js';

/** How a service describes its constraints, so errors name fields rather than SQL objects. */
export interface ConstraintMessages {
  /** Unique constraint name → the field it protects and a human message. */
  readonly unique?: Record<string, { field: string; message: string }>;
  /** Foreign key constraint name → the input field that references a missing row. */
  readonly references?: Record<string, { field: string; message: string }>;
  /** Message when the row is still referenced by others (ON DELETE RESTRICT). */
  readonly inUse?: string;
}

/**
 * Maps a database error to a typed SDK error (or returns it unchanged).
 *
 * @example
 * catch (e) { throw translateDbError(e, { unique: { agents_name_key: { field: 'name', message: 'name taken' } } }); }
 */
export function translateDbError(error: unknown, messages: ConstraintMessages = {}): unknown {
  if (isStaleDataError(error)) {
    return new ConflictError('stale_version', `the ${error.table} row changed since it was read; reload it and retry`, ['version'], {
      cause: error,
    });
  }
  if (isInvalidIdError(error)) {
    return new ValidationError([{ path: [error.attribute], message: 'must be a UUID' }], { cause: error });
  }
  if (!isQueryError(error)) return error;
  const constraint = error.constraint ?? '';
  if (error.kind === 'unique_violation') {
    const known = messages.unique?.[constraint];
    return new ConflictError('unique', known?.message ?? `a row with the same unique value exists (${constraint})`, known ? [known.field] : [], {
      cause: error,
    });
  }
  if (error.kind === 'foreign_key_violation') {
    const reference = messages.references?.[constraint];
    if (reference) return new ValidationError([{ path: [reference.field], message: reference.message }], { cause: error });
    return new ConflictError('in_use', messages.inUse ?? `the row is still in use (${constraint})`, [], { cause: error });
  }
  if (error.kind === 'check_violation' || error.kind === 'invalid_input' || error.kind === 'not_null_violation') {
    return new ValidationError([{ path: [], message: error.message }], { cause: error });
  }
  return error;
}

/**
 * Flushes the session so database errors surface here, typed; the commit stays with the caller.
 *
 * @example
 * session.add(Agent, values);
 * await flushOrThrow(session, AGENT_CONSTRAINTS);
 */
export async function flushOrThrow(session: ExecSession, messages: ConstraintMessages = {}): Promise<void> {
  try {
    await session.flush();
  } catch (e) {
    throw translateDbError(e, messages);
  }
}
