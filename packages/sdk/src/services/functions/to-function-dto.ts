/**
 * Maps function rows to DTOs: JSON-safe, ISO timestamps.
 *
 * @module
 */
import type { StudioFunction } from '@agent-studio/db/models';
import { toIso } from '../../common/timestamps.js';
import type { FunctionDto } from './functions-schemas.js';
import { maskSecretMap } from '../mcp-servers/secret-mask.js';

/**
 * An http function's request headers, wherever they are kept: encrypted (`row.headers`), or
 * inside `config` for a row written before they were (plaintext, moved on its next update).
 *
 * @example
 * const headers = functionHeadersOf(row); // { Authorization: 'Bearer …' }
 */
export function functionHeadersOf(row: Pick<StudioFunction, 'config' | 'headers'>): Record<string, string> {
  const inConfig = row.config.headers;
  const legacy = inConfig !== null && typeof inConfig === 'object' && !Array.isArray(inConfig) ? (inConfig as Record<string, string>) : {};
  return { ...legacy, ...row.headers };
}

/** `config` as shown: header values masked. */
function maskedConfig(row: StudioFunction): StudioFunction['config'] {
  const headers = functionHeadersOf(row);
  if (row.kind !== 'http' && Object.keys(headers).length === 0) return row.config;
  const { headers: _plain, ...rest } = row.config;
  return Object.keys(headers).length === 0 ? rest : { ...rest, headers: maskSecretMap(headers) };
}

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
    config: maskedConfig(row),
    mcpServerId: row.mcpServerId,
    mcpToolName: row.mcpToolName,
    version: row.version,
    createdAt: toIso(row.createdAt),
    updatedAt: toIso(row.updatedAt),
  };
}
