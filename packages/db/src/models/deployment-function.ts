import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
} from 'sequelize';
import { idAttribute } from './common-attributes.js';
import type { JsonObject } from './json.js';
import type { Row, TableDefinition } from './table.js';

/**
 * A function made available to a deployment (table `deployment_functions`, unique per pair).
 *
 * @example
 * session.add(DeploymentFunction, { deploymentId, functionId });
 */
export class DeploymentFunctionModel extends Model<
  InferAttributes<DeploymentFunctionModel>,
  InferCreationAttributes<DeploymentFunctionModel>
> {
  declare id: CreationOptional<string>;
  declare deploymentId: string;
  declare functionId: string;
  declare config: CreationOptional<JsonObject>;
  declare createdAt: CreationOptional<Date>;

  static readonly definition: TableDefinition<DeploymentFunctionModel> = {
    modelName: 'DeploymentFunction',
    tableName: 'deployment_functions',
    timestamps: 'createdOnly',
    versioned: false,
    attributes: {
      id: idAttribute,
      deploymentId: { type: DataTypes.UUID, allowNull: false },
      functionId: { type: DataTypes.UUID, allowNull: false },
      config: { type: DataTypes.JSONB, allowNull: false, defaultValue: {} },
      createdAt: { type: DataTypes.DATE, allowNull: false },
    },
  };
}

/** The `deployment_functions` model. */
export const DeploymentFunction = DeploymentFunctionModel;
/** A deployment–function link row. */
export type DeploymentFunction = Row<typeof DeploymentFunctionModel>;
