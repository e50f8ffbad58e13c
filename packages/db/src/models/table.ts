/**
 * What every model class carries so that both sessions can work with it without binding it to
 * an engine: its table, its attributes, and whether it has timestamps and a `version` column.
 *
 * @module
 */
import type { InferAttributes, Model, ModelAttributes } from 'sequelize';

/** The static description of a model's table. */
export interface TableDefinition<M extends Model = Model> {
  readonly modelName: string;
  readonly tableName: string;
  readonly attributes: ModelAttributes<M, InferAttributes<M>>;
  /** `created_at` / `updated_at` maintained by the sessions. */
  readonly timestamps: boolean | 'createdOnly';
  /** A `version` integer bumped on every update (optimistic concurrency). */
  readonly versioned: boolean;
  /** Attributes holding a secret map, encrypted at rest by the engine's cipher. */
  readonly encrypted?: readonly string[];
}

/**
 * A model class usable in `select(Model)`, `session.get(Model, id)` and `session.query(Model)`.
 *
 * @example
 * function tableOf(model: ModelClass) { return model.definition.tableName; }
 */
export interface ModelClass<M extends Model = Model> {
  readonly definition: TableDefinition<M>;
  prototype: M;
}

/**
 * The plain row of a model: its attributes and nothing else. Exec sessions return rows; legacy
 * sessions return Sequelize instances.
 *
 * @example
 * type AgentRow = Row<typeof Agent>; // { id: string; name: string; ... }
 */
export type Row<C extends ModelClass> = C extends ModelClass<infer M> ? InferAttributes<M> : never;

/** The Sequelize instance type of a model class (what the legacy session returns). */
export type Instance<C extends ModelClass> = C['prototype'];
