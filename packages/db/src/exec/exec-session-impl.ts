/**
 * The implementation behind {@link ExecSession}. SQL goes straight to the pooled `pg` connection
 * (no per-row model instances), which is what keeps the exec session near raw `pg` speed.
 *
 * @module
 */
import { isSecretDecryptionError } from '../errors/secret-decryption-error.js';
import { markSecretError } from '../secrets/secret-errors.js';
import { randomUUID } from 'node:crypto';
import type { QueryResult } from 'pg';
import type { Engine, PooledConnection } from '../engine/engine.js';
import { isConnectionFailure, translateError } from '../engine/translate-error.js';
import { InvalidIdError } from '../errors/invalid-id-error.js';
import { InvalidQueryError } from '../errors/invalid-query-error.js';
import { MultipleResultsFound } from '../errors/multiple-results-found.js';
import { NoResultFound } from '../errors/no-result-found.js';
import { PendingRollbackError } from '../errors/pending-rollback-error.js';
import { SessionClosedError } from '../errors/session-closed-error.js';
import { StaleDataError } from '../errors/stale-data-error.js';
import { UntrackedRowError } from '../errors/untracked-row-error.js';
import { isUuid, tableMeta, type ColumnMeta, type TableMeta } from '../models/table-meta.js';
import type { ModelClass, Row } from '../models/table.js';
import type { ExecSession, NewRow, SqlResult } from './exec-session.js';
import type { ScalarResult } from './scalar-result.js';
import type { CompiledStatement, Count, Select } from './select.js';

type AnyRow = Record<string, unknown>;

interface Tracked {
  readonly meta: TableMeta;
  /** Attribute values as last read from / written to the database; undefined while pending insert. */
  snapshot: AnyRow | undefined;
  deleted: boolean;
}

type PendingOp =
  | { readonly type: 'insert'; readonly row: AnyRow; readonly tracked: Tracked }
  | { readonly type: 'update'; readonly row: AnyRow; readonly tracked: Tracked }
  | { readonly type: 'delete'; readonly row: AnyRow; readonly tracked: Tracked };

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null) {
    return JSON.stringify(a) === JSON.stringify(b);
  }
  return false;
}

function toParam(value: unknown, isJson: boolean): unknown {
  // node-pg sends JS arrays as PostgreSQL arrays; a jsonb column wants JSON text.
  return isJson && value !== null && value !== undefined ? JSON.stringify(value) : value;
}

/** The string-keyed members of ExecSession (the brand is type-only, so the class cannot name it). */
type ExecSessionMembers = Omit<ExecSession, keyof ExecSession & symbol>;

/** @internal use `openSession(engine)`; the brand is applied there. */
export class ExecSessionImpl implements ExecSessionMembers {
  readonly kind = 'ExecSession' as const;
  readonly #engine: Engine | Promise<Engine>;
  #connection: PooledConnection | undefined;
  #opening: Promise<PooledConnection> | undefined;
  #closed = false;
  #failure: unknown;
  #pending: PendingOp[] = [];
  #flushing: Promise<void> | undefined;
  readonly #tracked = new WeakMap<object, Tracked>();

  constructor(engine: Engine | Promise<Engine>) {
    this.#engine = engine;
  }

  get closed(): boolean {
    return this.#closed;
  }

  get inTransaction(): boolean {
    return this.#connection !== undefined;
  }

  #check(method: string): void {
    if (this.#closed) throw new SessionClosedError('ExecSession', method);
    if (this.#failure !== undefined) throw new PendingRollbackError(`ExecSession.${method}`, this.#failure);
  }

  async #getEngine(): Promise<Engine> {
    return this.#engine instanceof Promise ? await this.#engine : this.#engine;
  }

  /** Opens the transaction (once): borrow a connection and BEGIN. */
  #begin(): Promise<PooledConnection> {
    if (this.#connection) return Promise.resolve(this.#connection);
    this.#opening ??= (async () => {
      const engine = await this.#getEngine();
      const connection = await engine.acquire();
      try {
        await connection.query('BEGIN');
      } catch (e) {
        engine.release(connection, isConnectionFailure(e));
        throw translateError(e);
      }
      if (this.#closed) {
        // closed while we were opening: give the connection straight back
        await connection.query('ROLLBACK').catch(() => undefined);
        engine.release(connection);
        throw new SessionClosedError('ExecSession', 'flush');
      }
      this.#connection = connection;
      return connection;
    })().finally(() => {
      this.#opening = undefined;
    });
    return this.#opening;
  }

  /** Runs one statement: on the transaction's connection if open, else on a connection borrowed for it. */
  async #run<T extends AnyRow>(statement: CompiledStatement, needsTransaction = false): Promise<QueryResult<T>> {
    if (this.#opening) await this.#opening.catch(() => undefined);
    const connection = this.#connection ?? (needsTransaction ? await this.#begin() : undefined);
    if (connection) {
      try {
        return await connection.query<T>(statement.text, statement.values);
      } catch (e) {
        throw translateError(e);
      }
    }
    const engine = await this.#getEngine();
    const borrowed = await engine.acquire();
    let broken = false;
    try {
      return await borrowed.query<T>(statement.text, statement.values);
    } catch (e) {
      broken = isConnectionFailure(e);
      throw translateError(e);
    } finally {
      engine.release(borrowed, broken);
    }
  }

  #track(meta: TableMeta, row: AnyRow): AnyRow {
    this.#tracked.set(row, { meta, snapshot: { ...row }, deleted: false });
    return row;
  }

  /**
   * Decrypts a table's secret attributes in rows fresh from the database (most tables have none).
   * A value that cannot be decrypted reads as `{}` and is recorded for `secretErrorOf(row)`.
   */
  async #decrypt(meta: TableMeta, rows: AnyRow[]): Promise<void> {
    if (!meta.encrypted.length || !rows.length) return;
    const { cipher } = await this.#getEngine();
    for (const row of rows) {
      for (const col of meta.encrypted) {
        try {
          row[col.attribute] = cipher.decrypt(row[col.attribute] as string | null);
        } catch (e) {
          // one unreadable row must not fail a list: it reads as {} and reports the error
          if (!isSecretDecryptionError(e)) throw e;
          row[col.attribute] = {};
          markSecretError(row, e);
        }
      }
    }
  }

  /** The parameter for an attribute's value: secrets encrypted, JSON stringified. */
  async #param(col: ColumnMeta, value: unknown): Promise<unknown> {
    if (col.isEncrypted) return (await this.#getEngine()).cipher.encrypt(value as Record<string, string> | null);
    return toParam(value, col.isJson);
  }

  async #select<R>(statement: Select<ModelClass, R>, limit?: number): Promise<R[]> {
    if (this.#pending.length) await this.flush();
    const meta = tableMeta(statement.model);
    const result = await this.#run<AnyRow>(statement.compile(limit), statement.state.forUpdate);
    await this.#decrypt(meta, result.rows);
    for (const row of result.rows) this.#track(meta, row);
    return result.rows as R[];
  }

  exec<C extends ModelClass, R>(statement: Select<C, R>): ScalarResult<R>;
  exec<C extends ModelClass, R>(statement: Count<C, R>): ScalarResult<number>;
  exec<C extends ModelClass, R>(statement: Select<C, R> | Count<C, R>): ScalarResult<R> | ScalarResult<number> {
    this.#check('exec');
    if (statement.kind === 'count') {
      const run = async (method: string): Promise<number> => {
        this.#check(method);
        if (this.#pending.length) await this.flush();
        const result = await this.#run<{ count: number }>(statement.compile());
        return result.rows[0]?.count ?? 0;
      };
      return {
        all: async () => [await run('exec().all')],
        first: () => run('exec().first'),
        one: () => run('exec().one'),
        oneOrNone: () => run('exec().oneOrNone'),
      };
    }
    const stmt = statement as unknown as Select<ModelClass, R>;
    const table = tableMeta(stmt.model).table;
    return {
      all: async () => {
        this.#check('exec().all');
        return this.#select(stmt);
      },
      first: async () => {
        this.#check('exec().first');
        return (await this.#select(stmt, 1))[0] ?? null;
      },
      one: async () => {
        this.#check('exec().one');
        const rows = await this.#select(stmt, 2);
        if (rows.length === 0) throw new NoResultFound(table);
        if (rows.length > 1) throw new MultipleResultsFound(table);
        return rows[0]!;
      },
      oneOrNone: async () => {
        this.#check('exec().oneOrNone');
        const rows = await this.#select(stmt, 2);
        if (rows.length > 1) throw new MultipleResultsFound(table);
        return rows[0] ?? null;
      },
    };
  }

  async get<C extends ModelClass>(model: C, id: string): Promise<Row<C> | null> {
    this.#check('get');
    const meta = tableMeta(model);
    const pk = meta.primaryKey;
    if (pk.isUuid && !isUuid(id)) throw new InvalidIdError(meta.table, pk.attribute, id);
    if (this.#pending.length) await this.flush();
    const result = await this.#run<AnyRow>({
      text: `SELECT ${meta.selectList} FROM ${meta.quotedTable} WHERE ${pk.quoted} = $1`,
      values: [id],
    });
    await this.#decrypt(meta, result.rows);
    const row = result.rows[0];
    return row ? (this.#track(meta, row) as Row<C>) : null;
  }

  add<C extends ModelClass>(model: C, values: NewRow<C>): Row<C>;
  add<T extends object>(row: T): T;
  add(modelOrRow: object, values?: object): object {
    this.#check('add');
    if (values !== undefined) {
      const meta = tableMeta(modelOrRow as ModelClass);
      const row: AnyRow = {};
      for (const [attribute, value] of Object.entries(values)) {
        if (value === undefined) continue;
        const col = meta.columns.get(attribute);
        if (!col) throw new InvalidQueryError(`add(): "${attribute}" is not an attribute of ${meta.modelName}`);
        if (col.isUuid && value !== null && !isUuid(value)) throw new InvalidIdError(meta.table, attribute, value);
        row[attribute] = value;
      }
      const pk = meta.primaryKey.attribute;
      if (row[pk] === undefined && meta.primaryKey.isUuid) row[pk] = randomUUID();
      const tracked: Tracked = { meta, snapshot: undefined, deleted: false };
      this.#tracked.set(row, tracked);
      this.#pending.push({ type: 'insert', row, tracked });
      return row;
    }
    const row = modelOrRow as AnyRow;
    const tracked = this.#tracked.get(row);
    if (!tracked) throw new UntrackedRowError('ExecSession.add');
    if (tracked.deleted) throw new InvalidQueryError('add(): the row was deleted in this session');
    if (tracked.snapshot !== undefined && !this.#pending.some((op) => op.row === row && op.type === 'update')) {
      this.#pending.push({ type: 'update', row, tracked });
    }
    return row;
  }

  delete(row: object): void {
    this.#check('delete');
    const tracked = this.#tracked.get(row);
    if (!tracked) throw new UntrackedRowError('ExecSession.delete');
    if (tracked.deleted) return;
    tracked.deleted = true;
    const pendingInsert = this.#pending.findIndex((op) => op.row === row && op.type === 'insert');
    if (pendingInsert >= 0) {
      this.#pending.splice(pendingInsert, 1); // never sent: nothing to delete
      return;
    }
    this.#pending = this.#pending.filter((op) => op.row !== row);
    this.#pending.push({ type: 'delete', row: row as AnyRow, tracked });
  }

  async flush(): Promise<void> {
    this.#check('flush');
    while (this.#flushing) await this.#flushing;
    if (!this.#pending.length) return;
    this.#flushing = this.#flushPending().finally(() => {
      this.#flushing = undefined;
    });
    return this.#flushing;
  }

  async #flushPending(): Promise<void> {
    const ops = this.#pending;
    this.#pending = [];
    try {
      await this.#begin();
      for (const op of ops) await this.#apply(op);
    } catch (e) {
      // the transaction is unusable until rolled back; what was staged is lost with it
      if (this.#connection) this.#failure = e;
      throw translateError(e);
    }
  }

  async #apply(op: PendingOp): Promise<void> {
    const { meta } = op.tracked;
    const pk = meta.primaryKey;
    const row = op.row;
    if (op.type === 'insert') {
      const columns: string[] = [];
      const placeholders: string[] = [];
      const values: unknown[] = [];
      for (const [attribute, value] of Object.entries(row)) {
        const col = meta.columns.get(attribute)!;
        columns.push(col.quoted);
        values.push(await this.#param(col, value));
        placeholders.push(`$${values.length}`);
      }
      const result = await this.#run<AnyRow>(
        {
          text: `INSERT INTO ${meta.quotedTable} (${columns.join(', ')}) VALUES (${placeholders.join(', ')}) RETURNING ${meta.selectList}`,
          values,
        },
        true,
      );
      await this.#decrypt(meta, result.rows);
      Object.assign(row, result.rows[0]);
      op.tracked.snapshot = { ...row };
      return;
    }
    const snapshot = op.tracked.snapshot!;
    const values: unknown[] = [snapshot[pk.attribute]];
    let predicate = `${pk.quoted} = $1`;
    if (meta.versioned) {
      values.push(snapshot.version);
      predicate += ` AND "version" = $2`;
    }
    if (op.type === 'delete') {
      const result = await this.#run({ text: `DELETE FROM ${meta.quotedTable} WHERE ${predicate}`, values }, true);
      if (result.rowCount === 0) throw new StaleDataError(meta.table, snapshot[pk.attribute]);
      return;
    }
    const sets: string[] = [];
    for (const col of meta.columns.values()) {
      const attribute = col.attribute;
      if (attribute === pk.attribute || attribute === 'version' || attribute === 'createdAt' || attribute === 'updatedAt') {
        continue;
      }
      if (!sameValue(row[attribute], snapshot[attribute])) {
        if (row[attribute] === undefined) continue;
        if (col.isUuid && row[attribute] !== null && !isUuid(row[attribute])) {
          throw new InvalidIdError(meta.table, attribute, row[attribute]);
        }
        values.push(await this.#param(col, row[attribute]));
        sets.push(`${col.quoted} = $${values.length}`);
      }
    }
    if (!sets.length) return;
    if (meta.hasUpdatedAt) sets.push(`"updated_at" = now()`);
    if (meta.versioned) sets.push(`"version" = "version" + 1`);
    const result = await this.#run<AnyRow>(
      {
        text: `UPDATE ${meta.quotedTable} SET ${sets.join(', ')} WHERE ${predicate} RETURNING ${meta.selectList}`,
        values,
      },
      true,
    );
    if (result.rowCount === 0) throw new StaleDataError(meta.table, snapshot[pk.attribute]);
    await this.#decrypt(meta, result.rows);
    Object.assign(row, result.rows[0]);
    op.tracked.snapshot = { ...row };
  }

  async executeSql<T extends Record<string, unknown>>(text: string, values: readonly unknown[] = []): Promise<SqlResult<T>> {
    this.#check('executeSql');
    if (this.#pending.length) await this.flush();
    try {
      const result = await this.#run<T>({ text, values: [...values] }, true);
      return { rows: result.rows, rowCount: result.rowCount ?? 0 };
    } catch (e) {
      // like a failed flush: the transaction is unusable until rolled back
      if (this.#connection) this.#failure = e;
      throw e;
    }
  }

  async commit(): Promise<void> {
    this.#check('commit');
    await this.flush();
    await this.#end('COMMIT');
  }

  async rollback(): Promise<void> {
    if (this.#closed) throw new SessionClosedError('ExecSession', 'rollback');
    await this.#end('ROLLBACK');
  }

  /** Ends the transaction (if one is open) and returns its connection; always releases it. */
  async #end(command: 'COMMIT' | 'ROLLBACK'): Promise<void> {
    if (this.#opening) await this.#opening.catch(() => undefined);
    if (this.#flushing) await this.#flushing.catch(() => undefined);
    const connection = this.#connection;
    this.#pending = [];
    this.#failure = undefined;
    if (!connection) return;
    this.#connection = undefined;
    const engine = await this.#getEngine();
    let broken = false;
    try {
      await connection.query(command);
    } catch (e) {
      broken = isConnectionFailure(e);
      if (command === 'COMMIT' && !broken) await connection.query('ROLLBACK').catch(() => (broken = true));
      throw translateError(e);
    } finally {
      engine.release(connection, broken);
    }
  }

  async refresh<T extends object>(row: T): Promise<T> {
    this.#check('refresh');
    const tracked = this.#tracked.get(row);
    if (!tracked) throw new UntrackedRowError('ExecSession.refresh');
    if (this.#pending.length) await this.flush();
    const { meta } = tracked;
    const id = (row as AnyRow)[meta.primaryKey.attribute];
    const result = await this.#run<AnyRow>({
      text: `SELECT ${meta.selectList} FROM ${meta.quotedTable} WHERE ${meta.primaryKey.quoted} = $1`,
      values: [id],
    });
    await this.#decrypt(meta, result.rows);
    const fresh = result.rows[0];
    if (!fresh) throw new NoResultFound(meta.table);
    Object.assign(row, fresh);
    tracked.snapshot = { ...fresh };
    return row;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#end('ROLLBACK').catch(() => undefined);
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
