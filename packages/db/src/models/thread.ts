import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
} from 'sequelize';
import { idAttribute, timestampAttributes } from './common-attributes.js';
import type { Row, TableDefinition } from './table.js';

/**
 * A conversation with a deployed agent (table `threads`): the client names it (`key`, the
 * `threadId` of an invoke), per deployment. Its turns (runs) run one at a time, in order; the one
 * in progress is `activeRunId`.
 *
 * @example
 * const thread = await session.exec(select(Thread).where({ deploymentId, key: 'chat-42' })).first();
 */
export class ThreadModel extends Model<InferAttributes<ThreadModel>, InferCreationAttributes<ThreadModel>> {
  declare id: CreationOptional<string>;
  declare deploymentId: string;
  declare key: string;
  declare turnCount: CreationOptional<number>;
  declare activeRunId: CreationOptional<string | null>;
  declare messageCount: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static readonly definition: TableDefinition<ThreadModel> = {
    modelName: 'Thread',
    tableName: 'threads',
    timestamps: true,
    versioned: false,
    attributes: {
      id: idAttribute,
      deploymentId: { type: DataTypes.UUID, allowNull: false },
      key: { type: DataTypes.TEXT, allowNull: false },
      turnCount: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      activeRunId: { type: DataTypes.UUID, allowNull: true, defaultValue: null },
      messageCount: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      ...timestampAttributes,
    },
  };
}

/** The `threads` model. */
export const Thread = ThreadModel;
/** A thread row. */
export type Thread = Row<typeof ThreadModel>;
