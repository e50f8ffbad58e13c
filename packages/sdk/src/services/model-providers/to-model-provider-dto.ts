/**
 * Maps model provider rows to DTOs. The API key and header values never leave here: they are
 * replaced by the mask.
 *
 * @module
 */
import type { ModelProvider } from '@agent-studio/db/models';
import { toIso } from '../../common/timestamps.js';
import { maskSecretMap, SECRET_MASK } from '../mcp-servers/secret-mask.js';
import type { ModelProviderDto } from './model-providers-schemas.js';

/**
 * The DTO of a provider row: `apiKey` masked (`hasApiKey` says whether one is saved), header
 * values masked.
 *
 * @example
 * return toModelProviderDto(row);
 */
export function toModelProviderDto(row: ModelProvider): ModelProviderDto {
  const hasApiKey = typeof row.credentials.apiKey === 'string' && row.credentials.apiKey !== '';
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    kind: row.kind,
    baseUrl: row.baseUrl,
    apiKey: hasApiKey ? SECRET_MASK : null,
    hasApiKey,
    headers: maskSecretMap(row.headers),
    requestTimeoutMs: row.requestTimeoutMs,
    version: row.version,
    createdAt: toIso(row.createdAt),
    updatedAt: toIso(row.updatedAt),
  };
}
