/**
 * Derived, cached facts about a model's table that the exec session's SQL compiler needs:
 * column names, which attributes are UUIDs, the SELECT list that returns attribute-keyed rows.
 *
 * @module
 */
import { DataTypes } from 'sequelize';
import type { ModelClass } from './table.js';

/** One attribute's column. */
export interface ColumnMeta {
  readonly attribute: string;
  readonly column: string;
  readonly quoted: string;
  readonly isUuid: boolean;
  readonly isJson: boolean;
  readonly isDate: boolean;
  /** A secret map stored encrypted: decrypted on read, encrypted on write, never filtered on. */
  readonly isEncrypted: boolean;
}

/** A table as the SQL compiler sees it. */
export interface TableMeta {
  readonly modelName: string;
  readonly table: string;
  readonly quotedTable: string;
  readonly columns: ReadonlyMap<string, ColumnMeta>;
  readonly primaryKey: ColumnMeta;
  /** `"id", "created_at" AS "createdAt", ...` */
  readonly selectList: string;
  readonly versioned: boolean;
  readonly hasCreatedAt: boolean;
  readonly hasUpdatedAt: boolean;
  /** The encrypted columns (empty for most tables). */
  readonly encrypted: readonly ColumnMeta[];
}

/** Double-quotes an SQL identifier. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** `lastLatencyMs` → `last_latency_ms`, as Sequelize's `underscored` option does. */
export function toColumnName(attribute: string): string {
  return attribute.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a syntactically valid UUID string. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value);
}

function typeKey(type: unknown): string {
  const t = type as { key?: string; constructor?: { key?: string } } | undefined;
  return t?.key ?? t?.constructor?.key ?? '';
}

const cache = new WeakMap<object, TableMeta>();

/**
 * The cached table metadata of a model class.
 *
 * @example
 * tableMeta(Agent).columns.get('createdAt')!.column; // 'created_at'
 */
export function tableMeta(model: ModelClass): TableMeta {
  const cached = cache.get(model);
  if (cached) return cached;
  const { definition } = model;
  const columns = new Map<string, ColumnMeta>();
  let primaryKey: ColumnMeta | undefined;
  for (const [attribute, raw] of Object.entries(definition.attributes)) {
    const spec = raw as { type: unknown; primaryKey?: boolean; field?: string };
    const column = spec.field ?? toColumnName(attribute);
    const key = typeKey(spec.type);
    const meta: ColumnMeta = {
      attribute,
      column,
      quoted: quoteIdentifier(column),
      isUuid: key === DataTypes.UUID.key,
      isJson: key === DataTypes.JSONB.key || key === DataTypes.JSON.key,
      isDate: key === DataTypes.DATE.key,
      isEncrypted: definition.encrypted?.includes(attribute) ?? false,
    };
    columns.set(attribute, meta);
    if (spec.primaryKey) primaryKey = meta;
  }
  if (!primaryKey) throw new Error(`Model ${definition.modelName} has no primary key`);
  const selectList = [...columns.values()]
    .map((c) => (c.column === c.attribute ? c.quoted : `${c.quoted} AS ${quoteIdentifier(c.attribute)}`))
    .join(', ');
  const meta: TableMeta = {
    modelName: definition.modelName,
    table: definition.tableName,
    quotedTable: quoteIdentifier(definition.tableName),
    columns,
    primaryKey,
    selectList,
    versioned: definition.versioned,
    hasCreatedAt: definition.timestamps !== false && columns.has('createdAt'),
    hasUpdatedAt: definition.timestamps === true && columns.has('updatedAt'),
    encrypted: [...columns.values()].filter((c) => c.isEncrypted),
  };
  cache.set(model, meta);
  return meta;
}
