import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
} from 'sequelize';
import { idAttribute } from './common-attributes.js';
import type { McpHealthStatus } from './mcp-server.js';
import type { Row, TableDefinition } from './table.js';

/**
 * One health check of an MCP server (table `mcp_health_checks`), written by the monitor.
 * The error text never holds a secret.
 *
 * @example
 * const history = await session.exec(select(McpHealthCheck).where({ mcpServerId }).orderBy('checkedAt', 'desc').limit(20)).all();
 */
export class McpHealthCheckModel extends Model<
  InferAttributes<McpHealthCheckModel>,
  InferCreationAttributes<McpHealthCheckModel>
> {
  declare id: CreationOptional<string>;
  declare mcpServerId: string;
  declare checkedAt: CreationOptional<Date>;
  declare status: Exclude<McpHealthStatus, 'unknown'>;
  declare latencyMs: CreationOptional<number | null>;
  declare toolCount: CreationOptional<number | null>;
  declare errorKind: CreationOptional<string | null>;
  declare error: CreationOptional<string | null>;

  static readonly definition: TableDefinition<McpHealthCheckModel> = {
    modelName: 'McpHealthCheck',
    tableName: 'mcp_health_checks',
    timestamps: false,
    versioned: false,
    attributes: {
      id: idAttribute,
      mcpServerId: { type: DataTypes.UUID, allowNull: false },
      checkedAt: { type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW },
      status: { type: DataTypes.TEXT, allowNull: false },
      latencyMs: { type: DataTypes.INTEGER, allowNull: true, defaultValue: null },
      toolCount: { type: DataTypes.INTEGER, allowNull: true, defaultValue: null },
      errorKind: { type: DataTypes.TEXT, allowNull: true, defaultValue: null },
      error: { type: DataTypes.TEXT, allowNull: true, defaultValue: null },
    },
  };
}

/** The `mcp_health_checks` model. */
export const McpHealthCheck = McpHealthCheckModel;
/** A health check row. */
export type McpHealthCheck = Row<typeof McpHealthCheckModel>;
