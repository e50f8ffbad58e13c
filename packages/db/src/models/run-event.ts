import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
} from 'sequelize';
import type { JsonValue } from './json.js';
import type { Row, TableDefinition } from './table.js';

/**
 * One event in a run's append-only log (table `run_events`): `run.queued`, `step.started`,
 * `run.succeeded`, ... Ids increase (a bigint, returned as a decimal string), so an SSE client
 * resumes with `Last-Event-ID` and gets exactly what it missed.
 *
 * @example
 * const missed = await session.exec(select(RunEvent).where({ runId, id: { gt: lastEventId } }).orderBy('id')).all();
 */
export class RunEventModel extends Model<InferAttributes<RunEventModel>, InferCreationAttributes<RunEventModel>> {
  declare id: CreationOptional<string>;
  declare runId: string;
  declare type: string;
  declare stepKey: CreationOptional<string | null>;
  declare data: CreationOptional<JsonValue>;
  declare createdAt: CreationOptional<Date>;

  static readonly definition: TableDefinition<RunEventModel> = {
    modelName: 'RunEvent',
    tableName: 'run_events',
    timestamps: false,
    versioned: false,
    attributes: {
      id: { type: DataTypes.BIGINT, primaryKey: true, allowNull: false, autoIncrement: true },
      runId: { type: DataTypes.UUID, allowNull: false },
      type: { type: DataTypes.TEXT, allowNull: false },
      stepKey: { type: DataTypes.TEXT, allowNull: true, defaultValue: null },
      data: { type: DataTypes.JSONB, allowNull: false, defaultValue: {} },
      createdAt: { type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW },
    },
  };
}

/** The `run_events` model. */
export const RunEvent = RunEventModel;
/** A run event row. */
export type RunEvent = Row<typeof RunEventModel>;
