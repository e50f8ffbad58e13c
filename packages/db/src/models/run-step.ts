import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
} from 'sequelize';
import { idAttribute } from './common-attributes.js';
import type { JsonValue } from './json.js';
import type { Row, TableDefinition } from './table.js';

/** Where one attempt of a step is. */
export type RunStepStatus = 'running' | 'succeeded' | 'failed' | 'cancelled';

/**
 * One attempt of one step of a run (table `run_steps`): the run engine's checkpoint. A step is
 * identified by its `stepKey` (the workflow node id, or e.g. `respond/model#2` for a sub-step of
 * an agent node); each retry or re-run after a crash is a new row with the next `attempt`.
 *
 * @example
 * const steps = await session.exec(select(RunStep).where({ runId }).orderBy('startedAt')).all();
 */
export class RunStepModel extends Model<InferAttributes<RunStepModel>, InferCreationAttributes<RunStepModel>> {
  declare id: CreationOptional<string>;
  declare runId: string;
  declare nodeId: string;
  declare stepKey: string;
  declare kind: string;
  declare status: RunStepStatus;
  declare attempt: number;
  declare input: CreationOptional<JsonValue | null>;
  declare output: CreationOptional<JsonValue | null>;
  declare error: CreationOptional<JsonValue | null>;
  declare tokensIn: CreationOptional<number | null>;
  declare tokensOut: CreationOptional<number | null>;
  declare finishReason: CreationOptional<string | null>;
  /** The agent whose model a `model_call` step called (usage per agent). */
  declare agentId: CreationOptional<string | null>;
  declare startedAt: CreationOptional<Date>;
  declare finishedAt: CreationOptional<Date | null>;

  static readonly definition: TableDefinition<RunStepModel> = {
    modelName: 'RunStep',
    tableName: 'run_steps',
    timestamps: false,
    versioned: false,
    attributes: {
      id: idAttribute,
      runId: { type: DataTypes.UUID, allowNull: false },
      nodeId: { type: DataTypes.TEXT, allowNull: false },
      stepKey: { type: DataTypes.TEXT, allowNull: false },
      kind: { type: DataTypes.TEXT, allowNull: false },
      status: { type: DataTypes.TEXT, allowNull: false },
      attempt: { type: DataTypes.INTEGER, allowNull: false },
      input: { type: DataTypes.JSONB, allowNull: true, defaultValue: null },
      output: { type: DataTypes.JSONB, allowNull: true, defaultValue: null },
      error: { type: DataTypes.JSONB, allowNull: true, defaultValue: null },
      tokensIn: { type: DataTypes.INTEGER, allowNull: true, defaultValue: null },
      tokensOut: { type: DataTypes.INTEGER, allowNull: true, defaultValue: null },
      finishReason: { type: DataTypes.TEXT, allowNull: true, defaultValue: null },
      agentId: { type: DataTypes.UUID, allowNull: true, defaultValue: null },
      startedAt: { type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW },
      finishedAt: { type: DataTypes.DATE, allowNull: true, defaultValue: null },
    },
  };
}

/** The `run_steps` model. */
export const RunStep = RunStepModel;
/** A run step row (one attempt). */
export type RunStep = Row<typeof RunStepModel>;
