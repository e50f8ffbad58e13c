/**
 * Typed filters for `select(Model).where(...)`: an object whose keys must be the model's
 * attributes (a misspelt key does not compile), compiled to parameterised SQL.
 *
 * @module
 */
import { InvalidIdError } from '../errors/invalid-id-error.js';
import { InvalidQueryError } from '../errors/invalid-query-error.js';
import { isUuid, type ColumnMeta, type TableMeta } from '../models/table-meta.js';

/**
 * Comparison operators for one attribute.
 *
 * @example
 * select(Agent).where({ createdAt: { gte: since }, name: { ilike: '%bot%' } })
 */
export interface Condition<V> {
  eq?: V | null;
  ne?: V | null;
  gt?: V;
  gte?: V;
  lt?: V;
  lte?: V;
  in?: readonly V[];
  notIn?: readonly V[];
  like?: string;
  ilike?: string;
  isNull?: boolean;
}

/**
 * A filter on a row type: each key an attribute, each value a value (equality; `null` is
 * `IS NULL`) or a {@link Condition}. Keys are ANDed.
 */
export type Where<R> = { [K in keyof R]?: NonNullable<R[K]> | null | Condition<NonNullable<R[K]>> };

/** Filters ORed together; built with {@link anyOf}. */
export interface AnyOf<R> {
  readonly anyOf: readonly Where<R>[];
}

/** What `where()` accepts. */
export type WhereInput<R> = Where<R> | AnyOf<R>;

/**
 * Matches rows that satisfy at least one of the filters.
 *
 * @example
 * select(Agent).where(anyOf({ name: { ilike: q } }, { description: { ilike: q } }))
 */
export function anyOf<R>(...filters: Where<R>[]): AnyOf<R> {
  return { anyOf: filters };
}

const OPERATORS: Record<string, string> = { eq: '=', ne: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=' };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !(value instanceof Date) && !Array.isArray(value);
}

/** Collects parameters while compiling. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

function checkValue(meta: TableMeta, col: ColumnMeta, value: unknown): unknown {
  if (col.isUuid && !isUuid(value)) throw new InvalidIdError(meta.table, col.attribute, value);
  return value;
}

function compileCondition(meta: TableMeta, col: ColumnMeta, condition: Record<string, unknown>, params: Params): string[] {
  const parts: string[] = [];
  for (const [op, value] of Object.entries(condition)) {
    if (value === undefined) continue;
    if ((op === 'eq' || op === 'ne') && value === null) {
      parts.push(`${col.quoted} IS ${op === 'eq' ? '' : 'NOT '}NULL`);
    } else if (op in OPERATORS) {
      parts.push(`${col.quoted} ${OPERATORS[op]} ${params.add(checkValue(meta, col, value))}`);
    } else if (op === 'in' || op === 'notIn') {
      if (!Array.isArray(value)) throw new InvalidQueryError(`where(): ${meta.table}.${col.attribute}.${op} must be an array`);
      if (value.length === 0) {
        parts.push(op === 'in' ? 'FALSE' : 'TRUE');
        continue;
      }
      for (const v of value) checkValue(meta, col, v);
      parts.push(op === 'in' ? `${col.quoted} = ANY(${params.add(value)})` : `${col.quoted} <> ALL(${params.add(value)})`);
    } else if (op === 'like' || op === 'ilike') {
      if (typeof value !== 'string') throw new InvalidQueryError(`where(): ${meta.table}.${col.attribute}.${op} must be a string`);
      parts.push(`${col.quoted} ${op === 'like' ? 'LIKE' : 'ILIKE'} ${params.add(value)}`);
    } else if (op === 'isNull') {
      parts.push(`${col.quoted} IS ${value ? '' : 'NOT '}NULL`);
    } else {
      throw new InvalidQueryError(`where(): unknown operator "${op}" on ${meta.table}.${col.attribute}`);
    }
  }
  return parts;
}

function compileWhere(meta: TableMeta, where: Record<string, unknown>, params: Params): string[] {
  const parts: string[] = [];
  for (const [attribute, value] of Object.entries(where)) {
    const col = meta.columns.get(attribute);
    if (!col) throw new InvalidQueryError(`where(): "${attribute}" is not an attribute of ${meta.modelName}`);
    if (col.isEncrypted) throw new InvalidQueryError(`where(): ${meta.table}.${attribute} is encrypted and cannot be filtered on`);
    if (value === undefined) {
      throw new InvalidQueryError(
        `where(): ${meta.table}.${attribute} is undefined; leave the key out to skip it, or pass null for IS NULL`,
      );
    }
    if (value === null) parts.push(`${col.quoted} IS NULL`);
    else if (isPlainObject(value) && !col.isJson) parts.push(...compileCondition(meta, col, value, params));
    else if (Array.isArray(value)) {
      throw new InvalidQueryError(`where(): ${meta.table}.${attribute} got an array; use { in: [...] }`);
    } else parts.push(`${col.quoted} = ${params.add(checkValue(meta, col, value))}`);
  }
  return parts;
}

/**
 * Compiles one `where()` argument to an SQL boolean expression (without the `WHERE`).
 * @internal
 */
export function compileWhereInput(meta: TableMeta, input: WhereInput<unknown>, params: Params): string {
  if ('anyOf' in input && Array.isArray(input.anyOf)) {
    const alternatives = (input.anyOf as readonly Record<string, unknown>[]).map((w) => {
      const parts = compileWhere(meta, w, params);
      return parts.length ? `(${parts.join(' AND ')})` : 'TRUE';
    });
    return alternatives.length ? `(${alternatives.join(' OR ')})` : 'FALSE';
  }
  const parts = compileWhere(meta, input as Record<string, unknown>, params);
  return parts.length ? parts.join(' AND ') : 'TRUE';
}
