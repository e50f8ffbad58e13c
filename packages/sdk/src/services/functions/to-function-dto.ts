/**
 * Maps function rows to DTOs: JSON-safe, ISO timestamps.
 *
 * @module
 */
import type { StudioFunction } from '@agent-studio/db/models';
import { toIso } from '../../common/timestamps.js';
import type { FunctionDto } from './functions-schemas.js';

/**
 * The DTO of a function row.
 *
 * @example
 * return toFunctionDto(row);
 */
export function toFunctionDto(row: StudioFunction): FunctionDto {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    kind: row.kind,
    parameters: row.parameters,
    config: row.config,
    mcpServerId: row.mcpServerId,
    mcpToolName: row.mcpToolName,
    version: row.version,
    createdAt: toIso(row.createdAt),
    updatedAt: toIso(row.updatedAt),
  };
}
