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
 * A registered MCP server and its latest health (table `mcp_servers`). Header and environment
 * secrets live in the encrypted columns `headers_encrypted` / `env_encrypted`.
 *
 * @example
 * const due = await session.exec(select(McpServer).where({ enabled: true, nextCheckAt: { lte: new Date() } })).all();
 */
export class McpServerModel extends Model<InferAttributes<McpServerModel>, InferCreationAttributes<McpServerModel>> {
  declare id: CreationOptional<string>;
  declare name: string;
  declare description: CreationOptional<string | null>;
  declare transport: McpTransport;
  declare url: CreationOptional<string | null>;
  declare command: CreationOptional<string | null>;
  declare args: CreationOptional<string[]>;
  declare headersEncrypted: CreationOptional<string | null>;
  declare envEncrypted: CreationOptional<string | null>;
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
    attributes: {
      id: idAttribute,
      name: { type: DataTypes.TEXT, allowNull: false },
      description: { type: DataTypes.TEXT, allowNull: true, defaultValue: null },
      transport: { type: DataTypes.TEXT, allowNull: false },
      url: { type: DataTypes.TEXT, allowNull: true, defaultValue: null },
      command: { type: DataTypes.TEXT, allowNull: true, defaultValue: null },
      args: { type: DataTypes.JSONB, allowNull: false, defaultValue: [] },
      headersEncrypted: { type: DataTypes.TEXT, allowNull: true, defaultValue: null },
      envEncrypted: { type: DataTypes.TEXT, allowNull: true, defaultValue: null },
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
