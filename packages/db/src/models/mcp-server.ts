import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
} from 'sequelize';
import { idAttribute, timestampAttributes, versionAttribute } from './common-attributes.js';
import type { JsonObject, JsonValue } from './json.js';
import type { Row, TableDefinition } from './table.js';

/** How Agent Studio talks to an MCP server. */
export type McpTransport = 'streamable_http' | 'sse' | 'stdio';
/** The health monitor's verdict on an MCP server. */
export type McpHealthStatus = 'unknown' | 'healthy' | 'degraded' | 'unreachable';

/**
 * A registered MCP server and its latest health (table `mcp_servers`). `headers` and `env` are
 * secrets: both sessions read and write them in plaintext, the database holds them encrypted
 * (AES-256-GCM) in `headers_encrypted` / `env_encrypted`. They cannot be filtered on.
 *
 * @example
 * const due = await session.exec(select(McpServer).where({ enabled: true, nextCheckAt: { lte: new Date() } })).all();
 */
export class McpServerModel extends Model<InferAttributes<McpServerModel>, InferCreationAttributes<McpServerModel>> {
  declare id: CreationOptional<string>;
  declare name: string;
  declare description: CreationOptional<string | null>;
  declare transport: McpTransport;
  /** The endpoint without user info, query values masked (shown as is). */
  declare url: CreationOptional<string | null>;
  /** `{ url }`: the full endpoint with its credentials (a secret): AES-256-GCM in `url_secret_encrypted`. */
  declare urlSecret: CreationOptional<Record<string, string>>;
  declare command: CreationOptional<string | null>;
  /** Arguments of a stdio command; an argument marked secret holds the mask here (see `argsSecret`). */
  declare args: CreationOptional<string[]>;
  /**
   * Secret stdio arguments (secrets), `{ "<index in args>": value }`: plaintext here, AES-256-GCM
   * in column `args_secret_encrypted`. `args` holds the mask at those indexes.
   */
  declare argsSecret: CreationOptional<Record<string, string>>;
  /** Request headers (secrets): plaintext here, AES-256-GCM in column `headers_encrypted`. */
  declare headers: CreationOptional<Record<string, string>>;
  /** Environment of a stdio server (secrets): plaintext here, encrypted in `env_encrypted`. */
  declare env: CreationOptional<Record<string, string>>;
  declare enabled: CreationOptional<boolean>;
  declare status: CreationOptional<McpHealthStatus>;
  declare lastCheckedAt: CreationOptional<Date | null>;
  declare lastSuccessAt: CreationOptional<Date | null>;
  declare lastLatencyMs: CreationOptional<number | null>;
  declare lastError: CreationOptional<string | null>;
  declare toolCount: CreationOptional<number | null>;
  declare tools: CreationOptional<JsonValue[]>;
  declare serverInfo: CreationOptional<JsonObject | null>;
  declare protocolVersion: CreationOptional<string | null>;
  declare consecutiveFailures: CreationOptional<number>;
  declare checkIntervalSeconds: CreationOptional<number>;
  declare nextCheckAt: CreationOptional<Date>;
  declare version: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static readonly definition: TableDefinition<McpServerModel> = {
    modelName: 'McpServer',
    tableName: 'mcp_servers',
    timestamps: true,
    versioned: true,
    encrypted: ['headers', 'env', 'urlSecret', 'argsSecret'],
    attributes: {
      id: idAttribute,
      name: { type: DataTypes.TEXT, allowNull: false },
      description: { type: DataTypes.TEXT, allowNull: true, defaultValue: null },
      transport: { type: DataTypes.TEXT, allowNull: false },
      url: { type: DataTypes.TEXT, allowNull: true, defaultValue: null },
      command: { type: DataTypes.TEXT, allowNull: true, defaultValue: null },
      args: { type: DataTypes.JSONB, allowNull: false, defaultValue: [] },
      urlSecret: { type: DataTypes.TEXT, field: 'url_secret_encrypted', allowNull: true },
      argsSecret: { type: DataTypes.TEXT, field: 'args_secret_encrypted', allowNull: true },
      headers: { type: DataTypes.TEXT, field: 'headers_encrypted', allowNull: true },
      env: { type: DataTypes.TEXT, field: 'env_encrypted', allowNull: true },
      enabled: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      status: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'unknown' },
      lastCheckedAt: { type: DataTypes.DATE, allowNull: true, defaultValue: null },
      lastSuccessAt: { type: DataTypes.DATE, allowNull: true, defaultValue: null },
      lastLatencyMs: { type: DataTypes.INTEGER, allowNull: true, defaultValue: null },
      lastError: { type: DataTypes.TEXT, allowNull: true, defaultValue: null },
      toolCount: { type: DataTypes.INTEGER, allowNull: true, defaultValue: null },
      tools: { type: DataTypes.JSONB, allowNull: false, defaultValue: [] },
      serverInfo: { type: DataTypes.JSONB, allowNull: true, defaultValue: null },
      protocolVersion: { type: DataTypes.TEXT, allowNull: true, defaultValue: null },
      consecutiveFailures: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      checkIntervalSeconds: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 60 },
      nextCheckAt: { type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW },
      version: versionAttribute,
      ...timestampAttributes,
    },
  };
}

/** The `mcp_servers` model. */
export const McpServer = McpServerModel;
/** An MCP server row, as the exec session returns it. */
export type McpServer = Row<typeof McpServerModel>;
