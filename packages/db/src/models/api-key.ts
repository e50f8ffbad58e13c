import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
} from 'sequelize';
import { idAttribute } from './common-attributes.js';
import type { Row, TableDefinition } from './table.js';

/** What a key may do: `admin` everything, `read` only GET/HEAD requests. */
export type ApiKeyScope = 'admin' | 'read';

/**
 * An API key of the studio's HTTP API (table `api_keys`). Only a hash of the key is stored.
 *
 * @example
 * const key = await session.exec(select(ApiKey).where({ keyHash, revokedAt: null })).first();
 */
export class ApiKeyModel extends Model<InferAttributes<ApiKeyModel>, InferCreationAttributes<ApiKeyModel>> {
  declare id: CreationOptional<string>;
  declare name: string;
  declare keyHash: string;
  declare keyPrefix: string;
  declare scope: CreationOptional<ApiKeyScope>;
  declare createdAt: CreationOptional<Date>;
  declare lastUsedAt: CreationOptional<Date | null>;
  declare revokedAt: CreationOptional<Date | null>;

  static readonly definition: TableDefinition<ApiKeyModel> = {
    modelName: 'ApiKey',
    tableName: 'api_keys',
    timestamps: 'createdOnly',
    versioned: false,
    attributes: {
      id: idAttribute,
      name: { type: DataTypes.TEXT, allowNull: false },
      keyHash: { type: DataTypes.TEXT, allowNull: false },
      keyPrefix: { type: DataTypes.TEXT, allowNull: false },
      scope: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'admin' },
      createdAt: { type: DataTypes.DATE, allowNull: false },
      lastUsedAt: { type: DataTypes.DATE, allowNull: true, defaultValue: null },
      revokedAt: { type: DataTypes.DATE, allowNull: true, defaultValue: null },
    },
  };
}

/** The `api_keys` model. */
export const ApiKey = ApiKeyModel;
/** An API key row. */
export type ApiKey = Row<typeof ApiKeyModel>;
