import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
} from 'sequelize';
import { idAttribute } from './common-attributes.js';
import type { Row, TableDefinition } from './table.js';

/**
 * A function attached to an agent (table `agent_functions`, unique per pair).
 *
 * @example
 * session.add(AgentFunction, { agentId, functionId });
 */
export class AgentFunctionModel extends Model<
  InferAttributes<AgentFunctionModel>,
  InferCreationAttributes<AgentFunctionModel>
> {
  declare id: CreationOptional<string>;
  declare agentId: string;
  declare functionId: string;
  declare position: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;

  static readonly definition: TableDefinition<AgentFunctionModel> = {
    modelName: 'AgentFunction',
    tableName: 'agent_functions',
    timestamps: 'createdOnly',
    versioned: false,
    attributes: {
      id: idAttribute,
      agentId: { type: DataTypes.UUID, allowNull: false },
      functionId: { type: DataTypes.UUID, allowNull: false },
      position: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      createdAt: { type: DataTypes.DATE, allowNull: false },
    },
  };
}

/** The `agent_functions` model. */
export const AgentFunction = AgentFunctionModel;
/** An agent–function link row. */
export type AgentFunction = Row<typeof AgentFunctionModel>;
