import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
} from 'sequelize';
import { idAttribute, timestampAttributes } from './common-attributes.js';
import type { JsonValue } from './json.js';
import type { Row, TableDefinition } from './table.js';

/** Where a run is in its life. */
export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'timed_out';

/**
 * One execution of a deployment, agent or workflow (table `runs`). Runs outlive what they ran:
 * their references are set to null when it is deleted.
 *
 * @example
 * const recent = await session.exec(select(Run).where({ deploymentId }).orderBy('createdAt', 'desc').limit(20)).all();
 */
export class RunModel extends Model<InferAttributes<RunModel>, InferCreationAttributes<RunModel>> {
  declare id: CreationOptional<string>;
  declare deploymentId: CreationOptional<string | null>;
  declare agentId: CreationOptional<string | null>;
  declare workflowId: CreationOptional<string | null>;
  declare status: CreationOptional<RunStatus>;
  declare input: CreationOptional<JsonValue>;
  declare output: CreationOptional<JsonValue | null>;
  declare error: CreationOptional<string | null>;
  declare startedAt: CreationOptional<Date | null>;
  declare finishedAt: CreationOptional<Date | null>;
  declare reason: CreationOptional<string | null>;
  declare idempotencyKey: CreationOptional<string | null>;
  declare deadlineAt: CreationOptional<Date | null>;
  declare cancelRequestedAt: CreationOptional<Date | null>;
  declare jobId: CreationOptional<string | null>;
  declare workerId: CreationOptional<string | null>;
  declare leaseExpiresAt: CreationOptional<Date | null>;
  declare attempt: CreationOptional<number>;
  /** The thread this run is a turn of (a deployed agent invoked with a `threadId`). */
  declare threadId: CreationOptional<string | null>;
  /** Its turn number in the thread (turns run one at a time, in this order). */
  declare threadTurn: CreationOptional<number | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static readonly definition: TableDefinition<RunModel> = {
    modelName: 'Run',
    tableName: 'runs',
    timestamps: true,
    versioned: false,
    attributes: {
      id: idAttribute,
      deploymentId: { type: DataTypes.UUID, allowNull: true, defaultValue: null },
      agentId: { type: DataTypes.UUID, allowNull: true, defaultValue: null },
      workflowId: { type: DataTypes.UUID, allowNull: true, defaultValue: null },
      status: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'queued' },
      input: { type: DataTypes.JSONB, allowNull: false, defaultValue: {} },
      output: { type: DataTypes.JSONB, allowNull: true, defaultValue: null },
      error: { type: DataTypes.TEXT, allowNull: true, defaultValue: null },
      startedAt: { type: DataTypes.DATE, allowNull: true, defaultValue: null },
      finishedAt: { type: DataTypes.DATE, allowNull: true, defaultValue: null },
      reason: { type: DataTypes.TEXT, allowNull: true, defaultValue: null },
      idempotencyKey: { type: DataTypes.TEXT, allowNull: true, defaultValue: null },
      deadlineAt: { type: DataTypes.DATE, allowNull: true, defaultValue: null },
      cancelRequestedAt: { type: DataTypes.DATE, allowNull: true, defaultValue: null },
      jobId: { type: DataTypes.UUID, allowNull: true, defaultValue: null },
      workerId: { type: DataTypes.TEXT, allowNull: true, defaultValue: null },
      leaseExpiresAt: { type: DataTypes.DATE, allowNull: true, defaultValue: null },
      attempt: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      threadId: { type: DataTypes.UUID, allowNull: true, defaultValue: null },
      threadTurn: { type: DataTypes.INTEGER, allowNull: true, defaultValue: null },
      ...timestampAttributes,
    },
  };
}

/** The `runs` model. */
export const Run = RunModel;
/** A run row. */
export type Run = Row<typeof RunModel>;
