/**
 * The exec-capable session (modelled on SQLModel's `Session`): `exec(select(...))`, typed rows,
 * unit of work with `add` / `delete` / `flush` / `commit` / `rollback`.
 *
 * @module
 */
import type { CreationAttributes } from 'sequelize';
import type { ModelClass, Row } from '../models/table.js';
import type { ScalarResult } from './scalar-result.js';
import type { Count, Select } from './select.js';

declare const execSessionBrand: unique symbol;

/** What {@link ExecSession.executeSql} returns: the rows and the affected row count. */
export interface SqlResult<T> {
  readonly rows: T[];
  readonly rowCount: number;
}

/** The values `add(Model, values)` accepts: the model's creation attributes. */
export type NewRow<C extends ModelClass> = CreationAttributes<C['prototype']>;

/**
 * A unit of work on one engine, for SDK services and API handlers.
 *
 * - **Autobegin**: the session is live from first use; the database transaction opens with the
 *   first write (`flush`, or a `forUpdate()` read) and holds one pooled connection until
 *   `commit()`, `rollback()` or `close()`. Reads before that run as single statements at READ
 *   COMMITTED, which is what they would see inside the transaction too, so read-only work never
 *   holds a connection.
 * - Nothing is written until `commit()`; `close()` rolls back what was not committed.
 * - Rows are plain objects typed from the model; rows belong to the session that loaded them.
 *
 * It has `exec` and no `query`, and is branded so a `LegacySession` is never assignable to it.
 *
 * @example
 * await using session = openSession(engine);
 * const agent = await session.exec(select(Agent).where({ name: 'support' })).first();
 * if (agent) { agent.description = 'Answers tickets'; session.add(agent); }
 * await session.commit();
 */
export interface ExecSession {
  /** Brand: only `openSession()` / `getDb()` make an `ExecSession`. */
  readonly [execSessionBrand]: 'ExecSession';
  /** `'ExecSession'`, for logs and errors. */
  readonly kind: 'ExecSession';
  /** True once `close()` was called. */
  readonly closed: boolean;
  /** True while a database transaction is open on this session. */
  readonly inTransaction: boolean;

  /** Runs a `select(Model)` statement; rows are typed `Row<Model>`. */
  exec<C extends ModelClass, R>(statement: Select<C, R>): ScalarResult<R>;
  /** Runs a `select(Model).count()` statement. */
  exec<C extends ModelClass, R>(statement: Count<C, R>): ScalarResult<number>;

  /** The row with this primary key, or `null`. A malformed UUID throws `InvalidIdError`. */
  get<C extends ModelClass>(model: C, id: string): Promise<Row<C> | null>;

  /** Stages an INSERT and returns the new row; database defaults are filled in at flush. */
  add<C extends ModelClass>(model: C, values: NewRow<C>): Row<C>;
  /** Stages an UPDATE of the attributes changed on a row this session loaded or created. */
  add<T extends object>(row: T): T;

  /** Stages a DELETE of a row this session loaded or created. */
  delete(row: object): void;

  /**
   * Runs one SQL statement with bound parameters **inside the session's transaction** (staged
   * changes are flushed first; the transaction opens if it is not open yet), so what it writes
   * commits or rolls back with everything else. The escape hatch for the queue library (pg-boss
   * takes it as its `db`) and for compound statements the typed API cannot say; prefer
   * `exec(select(...))` and `add()` everywhere else.
   *
   * @example
   * session.add(Run, { deploymentId, input });
   * await session.executeSql('SELECT pg_notify($1, $2)', ['agent_studio_runs', '']);
   * await session.commit(); // the run, its job and the notification, together
   */
  executeSql<T extends Record<string, unknown> = Record<string, unknown>>(
    text: string,
    values?: readonly unknown[],
  ): Promise<SqlResult<T>>;

  /** Sends staged changes inside the session's transaction (opening it if needed). */
  flush(): Promise<void>;
  /** Flushes, then commits the transaction and returns its connection to the pool. */
  commit(): Promise<void>;
  /** Rolls back the transaction (if any), discards staged changes, returns the connection. */
  rollback(): Promise<void>;
  /** Reloads a row's attributes from the database, in place; returns it. */
  refresh<T extends object>(row: T): Promise<T>;
  /** Rolls back what was not committed and releases the connection. Idempotent. */
  close(): Promise<void>;
  /** `await using session = openSession(engine)` closes it at the end of the block. */
  [Symbol.asyncDispose](): Promise<void>;
}
