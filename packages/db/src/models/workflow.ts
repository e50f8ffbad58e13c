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

/**
 * A hybrid workflow (table `workflows`): a DAG of agent, function and condition nodes kept in
 * `definition`. The editable draft has `publishedFromId = null`; each publish freezes an
 * immutable row with `publishedFromId` = the draft and a `versionNumber` (1, 2, ...).
 *
 * @example
 * const versions = await session.exec(select(Workflow).where({ publishedFromId: draft.id }).orderBy('versionNumber', 'desc')).all();
 */
export class WorkflowModel extends Model<InferAttributes<WorkflowModel>, InferCreationAttributes<WorkflowModel>> {
  declare id: CreationOptional<string>;
  declare name: string;
  declare description: CreationOptional<string | null>;
  declare definition: JsonObject;
  declare publishedFromId: CreationOptional<string | null>;
  declare versionNumber: CreationOptional<number | null>;
  declare publishedAt: CreationOptional<Date | null>;
  declare version: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static readonly definition: TableDefinition<WorkflowModel> = {
    modelName: 'Workflow',
    tableName: 'workflows',
    timestamps: true,
    versioned: true,
    attributes: {
      id: idAttribute,
      name: { type: DataTypes.TEXT, allowNull: false },
      description: { type: DataTypes.TEXT, allowNull: true, defaultValue: null },
      definition: { type: DataTypes.JSONB, allowNull: false },
      publishedFromId: { type: DataTypes.UUID, allowNull: true, defaultValue: null },
      versionNumber: { type: DataTypes.INTEGER, allowNull: true, defaultValue: null },
      publishedAt: { type: DataTypes.DATE, allowNull: true, defaultValue: null },
      version: versionAttribute,
      ...timestampAttributes,
    },
  };
}

/** The `workflows` model. */
export const Workflow = WorkflowModel;
/** A workflow row (draft or published version). */
export type Workflow = Row<typeof WorkflowModel>;
