/**
 * Claiming due rows with a lease (`FOR UPDATE SKIP LOCKED`), so that several workers share the
 * due rows of a table instead of taking the same ones, and handing unfinished claims back.
 *
 * @module
 */
import { compileWhereInput, Params, type Where } from '../exec/where.js';
import { InvalidQueryError } from '../errors/invalid-query-error.js';
import { tableMeta, type ColumnMeta, type TableMeta } from '../models/table-meta.js';
import type { ModelClass, Row } from '../models/table.js';
import type { Engine } from './engine.js';
import { isConnectionFailure, translateError } from './translate-error.js';

/** The attributes of a row type that hold a date. */
export type DateAttribute<R> = { [K in keyof R]-?: NonNullable<R[K]> extends Date ? K : never }[keyof R] & string;

/** One claimed row. */
export interface LeaseClaim {
  readonly id: string;
  /** The due column's value before the claim (text, full precision), restored on release. */
  readonly previous: string;
}

/** The rows one call claimed and the lease they carry. */
export interface LeaseBatch {
  readonly claims: readonly LeaseClaim[];
  /** The value the due column of every claimed row holds until the claim is finished or released. */
  readonly leaseUntil: Date;
}

/** What {@link claimDue} claims: rows of `model` whose `due` date is at or before `now`. */
export interface ClaimDueOptions<C extends ModelClass> {
  /** The date attribute that says when a row is due (`nextCheckAt`). */
  readonly due: DateAttribute<Row<C>>;
  /** Further conditions (`{ enabled: true }`), as in `select(Model).where(...)`. */
  readonly where?: Where<Row<C>>;
  readonly now: Date;
  /** Most rows claimed. */
  readonly limit: number;
  /** How long a claimed row stays not-due if its worker never finishes or releases it. */
  readonly leaseMs: number;
}

function dueColumn(meta: TableMeta, attribute: string): ColumnMeta {
  const col = meta.columns.get(attribute);
  if (!col?.isDate) throw new InvalidQueryError(`claimDue(): "${attribute}" is not a date attribute of ${meta.modelName}`);
  return col;
}

async function onPooledConnection<T>(engine: Engine, text: string, values: unknown[], fn: (rows: Record<string, unknown>[], rowCount: number) => T): Promise<T> {
  const connection = await engine.acquire();
  let broken = false;
  try {
    const result = await connection.query<Record<string, unknown>>(text, values);
    return fn(result.rows, result.rowCount ?? 0);
  } catch (e) {
    broken = isConnectionFailure(e);
    throw translateError(e);
  } finally {
    engine.release(connection, broken);
  }
}

/**
 * Claims up to `limit` due rows, longest-overdue first, in one autocommitted statement on one
 * pooled connection:
 *
 * ```sql
 * UPDATE <table> AS t SET <due> = <lease> FROM (
 *   SELECT id, <due> FROM <table> WHERE <where> AND <due> <= $now
 *   ORDER BY <due>, id LIMIT $limit FOR UPDATE SKIP LOCKED) AS d
 * WHERE t.id = d.id RETURNING t.id, d.<due>::text AS previous
 * ```
 *
 * A row claimed (or locked) by another worker is skipped, and once claimed it is not due again
 * until the lease runs out, so a worker that dies only delays its rows by the lease. Finishing a
 * row means writing its real next due date; {@link releaseClaims} hands back the rest.
 *
 * @example
 * const batch = await claimDue(engine, McpServer, { due: 'nextCheckAt', where: { enabled: true }, now: new Date(), limit: 20, leaseMs: 60_000 });
 */
export async function claimDue<C extends ModelClass>(engine: Engine, model: C, options: ClaimDueOptions<C>): Promise<LeaseBatch> {
  const meta = tableMeta(model);
  const due = dueColumn(meta, options.due);
  const pk = meta.primaryKey.quoted;
  if (!Number.isSafeInteger(options.limit) || options.limit < 0) throw new InvalidQueryError(`claimDue(): limit must be a non-negative integer`);
  const leaseUntil = new Date(options.now.getTime() + options.leaseMs);
  const params = new Params();
  const where = options.where ? compileWhereInput(meta, options.where, params) : 'TRUE';
  const text = `UPDATE ${meta.quotedTable} AS t SET ${due.quoted} = ${params.add(leaseUntil)}
      FROM (SELECT ${pk}, ${due.quoted} FROM ${meta.quotedTable}
             WHERE ${where} AND ${due.quoted} <= ${params.add(options.now)}
             ORDER BY ${due.quoted}, ${pk}
             LIMIT ${params.add(options.limit)}
             FOR UPDATE SKIP LOCKED) AS d
     WHERE t.${pk} = d.${pk}
     RETURNING t.${pk}::text AS id, d.${due.quoted}::text AS previous, d.${due.quoted} AS previous_at`;
  return onPooledConnection(engine, text, params.values, (rows) => {
    // RETURNING has no order: put the batch back in claim order
    const ordered = (rows as { id: string; previous: string; previous_at: Date }[]).sort(
      (a, b) => a.previous_at.getTime() - b.previous_at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
    return { claims: ordered.map(({ id, previous }) => ({ id, previous })), leaseUntil };
  });
}

/**
 * Hands claims back: each row whose due column still holds the batch's lease gets its previous
 * value again (a row already finished, or claimed again after the lease ran out, is left alone).
 * Returns how many were restored.
 *
 * @example
 * await releaseClaims(engine, McpServer, 'nextCheckAt', batch, notStarted);
 */
export async function releaseClaims<C extends ModelClass>(
  engine: Engine,
  model: C,
  due: DateAttribute<Row<C>>,
  batch: LeaseBatch,
  claims: readonly LeaseClaim[] = batch.claims,
): Promise<number> {
  if (claims.length === 0) return 0;
  const meta = tableMeta(model);
  const col = dueColumn(meta, due);
  const pk = meta.primaryKey;
  const text = `UPDATE ${meta.quotedTable} AS t SET ${col.quoted} = r.previous::timestamptz
      FROM unnest($1::${pk.isUuid ? 'uuid' : 'text'}[], $2::text[]) AS r(id, previous)
     WHERE t.${pk.quoted} = r.id AND t.${col.quoted} = $3`;
  return onPooledConnection(engine, text, [claims.map((c) => c.id), claims.map((c) => c.previous), batch.leaseUntil], (_rows, n) => n);
}
