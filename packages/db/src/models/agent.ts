import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
} from 'sequelize';
import { idAttribute, timestampAttributes, versionAttribute } from './common-attributes.js';
import type { JsonObject } from './json.js';
import type { Row, TableDefinition } from './table.js';

/** Lifecycle of an agent. */
export type AgentStatus = 'active' | 'archived';

/**
 * An agent: a model, instructions and the functions it may call (table `agents`).
 *
 * @example
 * const agent = await session.exec(select(Agent).where({ name: 'support' })).first();
 */
export class AgentModel extends Model<InferAttributes<AgentModel>, InferCreationAttributes<AgentModel>> {
  declare id: CreationOptional<string>;
  declare name: string;
  declare description: CreationOptional<string | null>;
  declare model: string;
  declare instructions: CreationOptional<string>;
  declare temperature: CreationOptional<number>;
  declare config: CreationOptional<JsonObject>;
  declare status: CreationOptional<AgentStatus>;
  declare version: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static readonly definition: TableDefinition<AgentModel> = {
    modelName: 'Agent',
    tableName: 'agents',
    timestamps: true,
    versioned: true,
    attributes: {
      id: idAttribute,
      name: { type: DataTypes.TEXT, allowNull: false },
      description: { type: DataTypes.TEXT, allowNull: true, defaultValue: null },
      model: { type: DataTypes.TEXT, allowNull: false },
      instructions: { type: DataTypes.TEXT, allowNull: false, defaultValue: '' },
      temperature: { type: DataTypes.DOUBLE, allowNull: false, defaultValue: 0.7 },
      config: { type: DataTypes.JSONB, allowNull: false, defaultValue: {} },
      status: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'active' },
      version: versionAttribute,
      ...timestampAttributes,
    },
  };
}

/** The `agents` model: pass it to `select`, `get` and `query`. */
export const Agent = AgentModel;
/** An agent row, as the exec session returns it. */
export type Agent = Row<typeof AgentModel>;
