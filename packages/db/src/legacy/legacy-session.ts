/**
 * The legacy query session (modelled on SQLAlchemy's `sessionmaker(autocommit=False,
 * autoflush=False)`): `query(Model).filter(...).offset(skip).limit(n).all()`, Sequelize model
 * instances, explicit `commit()`.
 *
 * @module
 */
import type { Model, WhereOptions } from 'sequelize';
import type { Instance, ModelClass, Row } from '../models/table.js';

declare const legacySessionBrand: unique symbol;

/** Sort key for `orderBy`: an attribute, or an attribute and a direction. */
export type LegacyOrder<R> = (keyof R & string) | readonly [keyof R & string, 'ASC' | 'DESC' | 'asc' | 'desc'];

/**
 * A query on one model, built step by step and run by `all`, `first`, `one`, `count`, `get`,
 * or changed in bulk with `update` / `delete`.
 *
 * @example
 * const servers = await db.query(McpServer).filterBy({ enabled: true }).orderBy('name').offset(skip).limit(limit).all();
 */
export interface LegacyQuery<C extends ModelClass> {
  /** Adds a Sequelize where clause (operators allowed), ANDed with earlier filters. */
  filter(where: WhereOptions<Row<C>>): LegacyQuery<C>;
  /** Adds equality filters, ANDed with earlier filters. */
  filterBy(values: Partial<Row<C>>): LegacyQuery<C>;
  /** Adds sort keys. */
  orderBy(...order: LegacyOrder<Row<C>>[]): LegacyQuery<C>;
  /** Skips `n` rows. */
  offset(n: number): LegacyQuery<C>;
  /** Returns at most `n` rows. */
  limit(n: number): LegacyQuery<C>;
  /**
   * Locks the rows it reads (`SELECT … FOR UPDATE`) until the session's transaction ends —
   * SQLAlchemy's `with_for_update()`. Applies to `all`, `first`, `one`, `oneOrNone` and `get`.
   */
  forUpdate(): LegacyQuery<C>;
  /** Every matching instance. */
  all(): Promise<Instance<C>[]>;
  /** The first matching instance or `null` (`LIMIT 1`). */
  first(): Promise<Instance<C> | null>;
  /** Exactly one instance; throws `NoResultFound` / `MultipleResultsFound`. */
  one(): Promise<Instance<C>>;
  /** One instance or `null`; throws `MultipleResultsFound`. */
  oneOrNone(): Promise<Instance<C> | null>;
  /** How many rows match (ignoring order, offset and limit). */
  count(): Promise<number>;
  /** The instance with this primary key, or `null`. */
  get(id: string): Promise<Instance<C> | null>;
  /** Bulk UPDATE of the matching rows; returns how many changed. */
  update(values: Partial<Row<C>>): Promise<number>;
  /** Bulk DELETE of the matching rows; returns how many went. */
  delete(): Promise<number>;
}

/**
 * A legacy unit of work. Everything it does runs in one transaction that starts at first use
 * (autobegin) and ends at `commit()` / `rollback()`; `close()` rolls back what was not committed.
 * It has `query` and no `exec`, and is branded so it is never assignable to `ExecSession`.
 *
 * @deprecated Phase 1 of the session migration: new code uses the exec session
 * (`openSession` / `getDb` from `@agent-studio/db/exec`). `pnpm studio sessions report` lists
 * what still uses this one.
 * @example
 * const db = SessionLocal();
 * try {
 *   const servers = await db.query(McpServer).offset(0).limit(1000).all();
 * } finally {
 *   await db.close();
 * }
 */
export interface LegacySession {
  /** Brand: only `SessionLocal()` makes a `LegacySession`. */
  readonly [legacySessionBrand]: 'LegacySession';
  /** `'LegacySession'`, for logs and errors. */
  readonly kind: 'LegacySession';
  /** True once `close()` was called. */
  readonly closed: boolean;
  /** True while this session's transaction is open. */
  readonly inTransaction: boolean;
  /** Starts a query on `model`. */
  query<C extends ModelClass>(model: C): LegacyQuery<C>;
  /** Builds a new instance and stages its INSERT for `commit()`. */
  add<C extends ModelClass>(model: C, values: Partial<Row<C>>): Instance<C>;
  /** Stages a save (INSERT or UPDATE) of an instance for `commit()`. */
  add<M extends Model>(instance: M): M;
  /** Stages a DELETE of an instance for `commit()`. */
  delete(instance: Model): void;
  /** Saves what was staged, then commits. */
  commit(): Promise<void>;
  /** Rolls back and discards what was staged. */
  rollback(): Promise<void>;
  /** Reloads an instance from the database. */
  refresh<M extends Model>(instance: M): Promise<M>;
  /** Rolls back what was not committed and releases the connection. Idempotent. */
  close(): Promise<void>;
  /** `await using db = SessionLocal()` closes it at the end of the block. */
  [Symbol.asyncDispose](): Promise<void>;
}
