import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
} from 'sequelize';
import { idAttribute, timestampAttributes, versionAttribute } from './common-attributes.js';
import type { Row, TableDefinition } from './table.js';

/** The wire protocol of a model provider. */
export type ModelProviderKind = 'openai_compatible';

/** The secret credentials of a model provider (a secret map, encrypted at rest). */
export type ModelProviderCredentials = Record<string, string> & {
  /** Sent as `Authorization: Bearer <apiKey>`; absent for a local server that needs none. */
  apiKey?: string;
};

/**
 * A model provider: where an agent's model is called (table `model_providers`). An agent's
 * `model` is `<provider name>/<model id>` (`"local/qwen2.5"`). `credentials` (the API key) and
 * `headers` are secrets: both sessions read and write them in plaintext, the database holds them
 * encrypted (AES-256-GCM, the same cipher as MCP server headers) in `credentials_encrypted` /
 * `headers_encrypted`. They cannot be filtered on.
 *
 * @example
 * const provider = await session.exec(select(ModelProvider).where({ name: 'local' })).first();
 * provider?.credentials.apiKey; // plaintext, for the model client only
 */
export class ModelProviderModel extends Model<
  InferAttributes<ModelProviderModel>,
  InferCreationAttributes<ModelProviderModel>
> {
  declare id: CreationOptional<string>;
  declare name: string;
  declare description: CreationOptional<string | null>;
  declare kind: CreationOptional<ModelProviderKind>;
  declare baseUrl: string;
  /** Secret credentials (`{ apiKey }`): plaintext here, AES-256-GCM in `credentials_encrypted`. */
  declare credentials: CreationOptional<ModelProviderCredentials>;
  /** Extra request headers (secrets): plaintext here, encrypted in `headers_encrypted`. */
  declare headers: CreationOptional<Record<string, string>>;
  declare requestTimeoutMs: CreationOptional<number>;
  declare version: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static readonly definition: TableDefinition<ModelProviderModel> = {
    modelName: 'ModelProvider',
    tableName: 'model_providers',
    timestamps: true,
    versioned: true,
    encrypted: ['credentials', 'headers'],
    attributes: {
      id: idAttribute,
      name: { type: DataTypes.TEXT, allowNull: false },
      description: { type: DataTypes.TEXT, allowNull: true, defaultValue: null },
      kind: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'openai_compatible' },
      baseUrl: { type: DataTypes.TEXT, allowNull: false },
      credentials: { type: DataTypes.TEXT, field: 'credentials_encrypted', allowNull: true },
      headers: { type: DataTypes.TEXT, field: 'headers_encrypted', allowNull: true },
      requestTimeoutMs: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 60_000 },
      version: versionAttribute,
      ...timestampAttributes,
    },
  };
}

/** The `model_providers` model. */
export const ModelProvider = ModelProviderModel;
/** A model provider row, as the exec session returns it. */
export type ModelProvider = Row<typeof ModelProviderModel>;
