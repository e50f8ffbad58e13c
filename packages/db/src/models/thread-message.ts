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

/**
 * One message of a thread (table `thread_messages`), a Chat Completions message as JSON, at its
 * `position` (0, 1, ...). Appended by the transaction that ends a succeeded turn.
 *
 * @example
 * const history = await session.exec(select(ThreadMessage).where({ threadId }).orderBy('position')).all();
 */
export class ThreadMessageModel extends Model<InferAttributes<ThreadMessageModel>, InferCreationAttributes<ThreadMessageModel>> {
  declare id: CreationOptional<string>;
  declare threadId: string;
  declare position: number;
  declare message: JsonValue;
  declare runId: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;

  static readonly definition: TableDefinition<ThreadMessageModel> = {
    modelName: 'ThreadMessage',
    tableName: 'thread_messages',
    timestamps: 'createdOnly',
    versioned: false,
    attributes: {
      id: idAttribute,
      threadId: { type: DataTypes.UUID, allowNull: false },
      position: { type: DataTypes.INTEGER, allowNull: false },
      message: { type: DataTypes.JSONB, allowNull: false },
      runId: { type: DataTypes.UUID, allowNull: true, defaultValue: null },
      createdAt: { type: DataTypes.DATE, allowNull: false },
    },
  };
}

/** The `thread_messages` model. */
export const ThreadMessage = ThreadMessageModel;
/** A thread message row. */
export type ThreadMessage = Row<typeof ThreadMessageModel>;
