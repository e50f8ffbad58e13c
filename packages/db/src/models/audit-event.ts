import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
} from 'sequelize';
import { idAttribute } from './common-attributes.js';
import type { Row, TableDefinition } from './table.js';

/** Who made a change: an API key or a deployment key (by id; never the key itself). */
export type AuditActorKind = 'api_key' | 'deployment';

/**
 * One successful write through the API (table `audit_events`): which key did what to which
 * resource, when and from which address. Written in the write's own transaction.
 *
 * @example
 * const recent = await session.exec(select(AuditEvent).orderBy('createdAt', 'desc').limit(20)).all();
 */
export class AuditEventModel extends Model<InferAttributes<AuditEventModel>, InferCreationAttributes<AuditEventModel>> {
  declare id: CreationOptional<string>;
  declare createdAt: CreationOptional<Date>;
  declare actorKind: AuditActorKind;
  declare actorId: string;
  declare action: string;
  declare method: string;
  declare status: number;
  declare resourceType: string;
  declare resourceId: CreationOptional<string | null>;
  declare clientAddress: CreationOptional<string | null>;
  declare requestId: CreationOptional<string | null>;

  static readonly definition: TableDefinition<AuditEventModel> = {
    modelName: 'AuditEvent',
    tableName: 'audit_events',
    timestamps: 'createdOnly',
    versioned: false,
    attributes: {
      id: idAttribute,
      createdAt: { type: DataTypes.DATE, allowNull: false },
      actorKind: { type: DataTypes.TEXT, allowNull: false },
      actorId: { type: DataTypes.UUID, allowNull: false },
      action: { type: DataTypes.TEXT, allowNull: false },
      method: { type: DataTypes.TEXT, allowNull: false },
      status: { type: DataTypes.INTEGER, allowNull: false },
      resourceType: { type: DataTypes.TEXT, allowNull: false },
      resourceId: { type: DataTypes.TEXT, allowNull: true, defaultValue: null },
      clientAddress: { type: DataTypes.TEXT, allowNull: true, defaultValue: null },
      requestId: { type: DataTypes.TEXT, allowNull: true, defaultValue: null },
    },
  };
}

/** The `audit_events` model. */
export const AuditEvent = AuditEventModel;
/** An audit event row. */
export type AuditEvent = Row<typeof AuditEventModel>;
