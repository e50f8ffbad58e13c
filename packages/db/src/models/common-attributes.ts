/**
 * Attribute definitions every table shares: the UUID key, timestamps and the version counter.
 * @module
 */
import { DataTypes } from 'sequelize';

/** `id uuid primary key default gen_random_uuid()`. */
export const idAttribute = {
  type: DataTypes.UUID,
  primaryKey: true,
  allowNull: false,
  defaultValue: DataTypes.UUIDV4,
} as const;

/** `created_at` / `updated_at timestamptz not null`. */
export const timestampAttributes = {
  createdAt: { type: DataTypes.DATE, allowNull: false },
  updatedAt: { type: DataTypes.DATE, allowNull: false },
} as const;

/** `version integer not null default 1`, bumped on every update. */
export const versionAttribute = {
  type: DataTypes.INTEGER,
  allowNull: false,
  defaultValue: 1,
} as const;
