/**
 * Statement builders for the exec session: `select(Model)` and its `count()`. Statements are
 * immutable values; every method returns a new one, so a base statement can be shared.
 *
 * @module
 */
import { InvalidQueryError } from '../errors/invalid-query-error.js';
import { tableMeta, type TableMeta } from '../models/table-meta.js';
import type { ModelClass, Row } from '../models/table.js';
import { compileWhereInput, Params, type WhereInput } from './where.js';

/** Sort direction. */
export type OrderDirection = 'asc' | 'desc';

interface SelectState {
  readonly where: readonly WhereInput<unknown>[];
  readonly orderBy: readonly (readonly [string, OrderDirection])[];
  readonly offset: number | undefined;
  readonly limit: number | undefined;
  readonly forUpdate: boolean;
}

/** A compiled statement: SQL text and its parameters. */
export interface CompiledStatement {
  readonly text: string;
  readonly values: unknown[];
}

function checkCount(name: string, n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new InvalidQueryError(`${name}() must be a non-negative integer, got ${String(n)}`);
  }
  return n;
}

/**
 * `SELECT` of whole rows of one model. Build with {@link select}; run with `session.exec()`.
 *
 * @example
 * const stmt = select(Agent).where({ status: 'active' }).orderBy('createdAt', 'desc').offset(0).limit(20);
 * const page = await session.exec(stmt).all(); // Agent[]
 */
export class Select<C extends ModelClass, R = Row<C>> {
  /** @internal */ declare readonly __row: R;
  readonly kind = 'select' as const;
  /** @internal */
  constructor(
    readonly model: C,
    /** @internal */ readonly state: SelectState,
  ) {}

  /** Adds a filter (ANDed with earlier ones). Keys must be attributes of the model. */
  where(filter: WhereInput<R>): Select<C, R> {
    return new Select(this.model, { ...this.state, where: [...this.state.where, filter] });
  }

  /** Adds a sort key (after earlier ones). */
  orderBy(attribute: keyof R & string, direction: OrderDirection = 'asc'): Select<C, R> {
    if (direction !== 'asc' && direction !== 'desc') {
      throw new InvalidQueryError(`orderBy(): direction must be "asc" or "desc", got ${String(direction)}`);
    }
    return new Select(this.model, { ...this.state, orderBy: [...this.state.orderBy, [attribute, direction]] });
  }

  /** Skips `n` rows. */
  offset(n: number): Select<C, R> {
    return new Select(this.model, { ...this.state, offset: checkCount('offset', n) });
  }

  /** Returns at most `n` rows. */
  limit(n: number): Select<C, R> {
    return new Select(this.model, { ...this.state, limit: checkCount('limit', n) });
  }

  /** Locks the selected rows (`FOR UPDATE`) until the session's transaction ends; opens it if needed. */
  forUpdate(): Select<C, R> {
    return new Select(this.model, { ...this.state, forUpdate: true });
  }

  /** A statement counting the rows this one's filters match (ignoring order, offset and limit). */
  count(): Count<C, R> {
    return new Count(this.model, this.state.where);
  }

  /** @internal compiles to SQL; `limitOverride` is what `first()`/`one()` impose. */
  compile(limitOverride?: number): CompiledStatement {
    const meta = tableMeta(this.model);
    const params = new Params();
    let text = `SELECT ${meta.selectList} FROM ${meta.quotedTable}`;
    text += whereClause(meta, this.state.where, params);
    if (this.state.orderBy.length) {
      text +=
        ' ORDER BY ' +
        this.state.orderBy
          .map(([attribute, direction]) => {
            const col = meta.columns.get(attribute);
            if (!col) throw new InvalidQueryError(`orderBy(): "${attribute}" is not an attribute of ${meta.modelName}`);
            return `${col.quoted} ${direction === 'desc' ? 'DESC' : 'ASC'}`;
          })
          .join(', ');
    }
    const limit =
      limitOverride === undefined
        ? this.state.limit
        : this.state.limit === undefined
          ? limitOverride
          : Math.min(limitOverride, this.state.limit);
    if (limit !== undefined) text += ` LIMIT ${params.add(limit)}`;
    if (this.state.offset !== undefined) text += ` OFFSET ${params.add(this.state.offset)}`;
    if (this.state.forUpdate) text += ' FOR UPDATE';
    return { text, values: params.values };
  }
}

function whereClause(meta: TableMeta, filters: readonly WhereInput<unknown>[], params: Params): string {
  if (!filters.length) return '';
  return ' WHERE ' + filters.map((f) => compileWhereInput(meta, f, params)).join(' AND ');
}

/**
 * `SELECT count(*)` over a model's filtered rows; `exec(...).one()` gives the number.
 *
 * @example
 * const total = await session.exec(select(Agent).where({ status: 'active' }).count()).one(); // number
 */
export class Count<C extends ModelClass, R = Row<C>> {
  /** @internal */ declare readonly __row: R;
  readonly kind = 'count' as const;
  /** @internal */
  constructor(
    readonly model: C,
    /** @internal */ readonly filters: readonly WhereInput<unknown>[],
  ) {}

  /** @internal */
  compile(): CompiledStatement {
    const meta = tableMeta(this.model);
    const params = new Params();
    const text = `SELECT count(*)::int AS "count" FROM ${meta.quotedTable}${whereClause(meta, this.filters, params)}`;
    return { text, values: params.values };
  }
}

/**
 * Starts a `SELECT` of whole rows of `model`.
 *
 * @example
 * const agent = await session.exec(select(Agent).where({ name: 'support' })).first(); // Agent | null
 */
export function select<C extends ModelClass>(model: C): Select<C> {
  return new Select(model, { where: [], orderBy: [], offset: undefined, limit: undefined, forUpdate: false });
}
