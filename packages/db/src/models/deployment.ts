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

/** Lifecycle of a deployment: draft → deployed → stopped (→ deployed). */
export type DeploymentStatus = 'draft' | 'deployed' | 'stopped';

/**
 * A deployment of exactly one agent or one workflow (table `deployments`; a CHECK enforces the
 * "exactly one"). Only a hash of its API key is stored.
 *
 * @example
 * const live = await session.exec(select(Deployment).where({ agentId, status: 'deployed' })).first();
 */
export class DeploymentModel extends Model<InferAttributes<DeploymentModel>, InferCreationAttributes<DeploymentModel>> {
  declare id: CreationOptional<string>;
  declare name: string;
  declare description: CreationOptional<string | null>;
  declare agentId: CreationOptional<string | null>;
  declare workflowId: CreationOptional<string | null>;
  declare status: CreationOptional<DeploymentStatus>;
  declare config: CreationOptional<JsonObject>;
  declare apiKeyHash: CreationOptional<string | null>;
  declare apiKeyPrefix: CreationOptional<string | null>;
  declare apiKeyRotatedAt: CreationOptional<Date | null>;
  declare deployedAt: CreationOptional<Date | null>;
  declare stoppedAt: CreationOptional<Date | null>;
  declare version: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static readonly definition: TableDefinition<DeploymentModel> = {
    modelName: 'Deployment',
    tableName: 'deployments',
    timestamps: true,
    versioned: true,
    attributes: {
      id: idAttribute,
      name: { type: DataTypes.TEXT, allowNull: false },
      description: { type: DataTypes.TEXT, allowNull: true, defaultValue: null },
      agentId: { type: DataTypes.UUID, allowNull: true, defaultValue: null },
      workflowId: { type: DataTypes.UUID, allowNull: true, defaultValue: null },
      status: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'draft' },
      config: { type: DataTypes.JSONB, allowNull: false, defaultValue: {} },
      apiKeyHash: { type: DataTypes.TEXT, allowNull: true, defaultValue: null },
      apiKeyPrefix: { type: DataTypes.TEXT, allowNull: true, defaultValue: null },
      apiKeyRotatedAt: { type: DataTypes.DATE, allowNull: true, defaultValue: null },
      deployedAt: { type: DataTypes.DATE, allowNull: true, defaultValue: null },
      stoppedAt: { type: DataTypes.DATE, allowNull: true, defaultValue: null },
      version: versionAttribute,
      ...timestampAttributes,
    },
  };
}

/** The `deployments` model. */
export const Deployment = DeploymentModel;
/** A deployment row. */
export type Deployment = Row<typeof DeploymentModel>;
