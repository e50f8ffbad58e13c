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

/** What runs when an agent calls the function. */
export type FunctionKind = 'http' | 'mcp_tool' | 'builtin';

/**
 * A function (tool) an agent can call (table `functions`). `parameters` is a JSON Schema;
 * `mcp_tool` functions name a tool on a registered MCP server.
 *
 * Named `StudioFunction` so it never shadows the global `Function`.
 *
 * @example
 * const tools = await session.exec(select(StudioFunction).where({ kind: 'mcp_tool' })).all();
 */
export class StudioFunctionModel extends Model<
  InferAttributes<StudioFunctionModel>,
  InferCreationAttributes<StudioFunctionModel>
> {
  declare id: CreationOptional<string>;
  declare name: string;
  declare description: CreationOptional<string | null>;
  declare kind: FunctionKind;
  declare parameters: CreationOptional<JsonObject>;
  declare config: CreationOptional<JsonObject>;
  /** An http function's request headers (secrets): plaintext here, AES-256-GCM in `headers_encrypted`. */
  declare headers: CreationOptional<Record<string, string>>;
  declare mcpServerId: CreationOptional<string | null>;
  declare mcpToolName: CreationOptional<string | null>;
  declare version: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static readonly definition: TableDefinition<StudioFunctionModel> = {
    modelName: 'StudioFunction',
    tableName: 'functions',
    timestamps: true,
    versioned: true,
    encrypted: ['headers'],
    attributes: {
      id: idAttribute,
      name: { type: DataTypes.TEXT, allowNull: false },
      description: { type: DataTypes.TEXT, allowNull: true, defaultValue: null },
      kind: { type: DataTypes.TEXT, allowNull: false },
      parameters: { type: DataTypes.JSONB, allowNull: false, defaultValue: {} },
      config: { type: DataTypes.JSONB, allowNull: false, defaultValue: {} },
      headers: { type: DataTypes.TEXT, field: 'headers_encrypted', allowNull: true },
      mcpServerId: { type: DataTypes.UUID, allowNull: true, defaultValue: null },
      mcpToolName: { type: DataTypes.TEXT, allowNull: true, defaultValue: null },
      version: versionAttribute,
      ...timestampAttributes,
    },
  };
}

/** The `functions` model. */
export const StudioFunction = StudioFunctionModel;
/** A function row, as the exec session returns it. */
export type StudioFunction = Row<typeof StudioFunctionModel>;
