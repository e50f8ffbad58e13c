/**
 * `ApiKeysService`: the HTTP API's keys — created (plaintext shown once), listed, revoked and
 * verified by hash lookup. Used by the API's auth and by `pnpm studio api-keys`.
 * @module
 */
import { select, type ExecSession } from '@agent-studio/db/exec';
import { ApiKey } from '@agent-studio/db/models';
import { couldBeApiKey, generateApiKey, hashApiKey } from '../../common/api-key.js';
import { flushOrThrow } from '../../common/db-errors.js';
import { parseId } from '../../common/parse-id.js';
import { parseInput } from '../../common/parse-input.js';
import { toIso } from '../../common/timestamps.js';
import { NotFoundError } from '../../errors/not-found-error.js';
import {
  createApiKeyInputSchema,
  registerApiKeyInputSchema,
  type ApiKeyDto,
  type CreateApiKeyInput,
  type CreatedApiKey,
} from './api-keys-schemas.js';
import { DeploymentsService } from '../deployments/deployments-service.js';
import type { Caller } from './caller.js';


function toApiKeyDto(row: ApiKey): ApiKeyDto {
  return {
    id: row.id,
    name: row.name,
    prefix: row.keyPrefix,
    scope: row.scope,
    createdAt: toIso(row.createdAt),
    lastUsedAt: toIso(row.lastUsedAt),
    revokedAt: toIso(row.revokedAt),
  };
}

/**
 * The HTTP API's keys.
 *
 * @example
 * const { key } = await ApiKeysService.createApiKey(session, { name: 'ci' });
 * const valid = await ApiKeysService.verifyApiKey(session, key); // ApiKeyDto | null
 */
export const ApiKeysService = {
  /** Creates a key (scope `read` unless asked otherwise); the plaintext is in the result and nowhere else. */
  async createApiKey(session: ExecSession, input: CreateApiKeyInput): Promise<CreatedApiKey> {
    const { name, scope } = parseInput(createApiKeyInputSchema, input);
    const generated = generateApiKey();
    const row = session.add(ApiKey, { name, scope, keyHash: generated.hash, keyPrefix: generated.prefix });
    await flushOrThrow(session);
    return { apiKey: toApiKeyDto(row), key: generated.apiKey };
  },

  /** Every key, newest first (revoked ones included, marked). */
  async listApiKeys(session: ExecSession): Promise<ApiKeyDto[]> {
    const rows = await session.exec(select(ApiKey).orderBy('createdAt', 'desc').orderBy('id')).all();
    return rows.map(toApiKeyDto);
  },

  /**
   * Revokes a key (idempotent). On commit a trigger notifies every API process (channel
   * `agent_studio_auth`), which stop accepting it within a second.
   */
  async revokeApiKey(session: ExecSession, id: unknown): Promise<ApiKeyDto> {
    const keyId = parseId(id);
    const row = await session.get(ApiKey, keyId);
    if (!row) throw new NotFoundError('api key', keyId);
    if (row.revokedAt === null) {
      row.revokedAt = new Date();
      session.add(row);
      await flushOrThrow(session);
    }
    return toApiKeyDto(row);
  },

  /**
   * Registers a key chosen outside the studio (e.g. `AGENT_STUDIO_API_KEY`), by hash.
   * Idempotent: a key with the same hash is returned as it is (a revoked key stays revoked).
   */
  async registerApiKey(session: ExecSession, input: unknown): Promise<ApiKeyDto> {
    const { name, key } = parseInput(registerApiKeyInputSchema, input);
    const keyHash = hashApiKey(key);
    const existing = await session.exec(select(ApiKey).where({ keyHash })).first();
    if (existing) return toApiKeyDto(existing);
    const row = session.add(ApiKey, { name, scope: 'admin', keyHash, keyPrefix: key.slice(0, 6) });
    await flushOrThrow(session);
    return toApiKeyDto(row);
  },

  /** The active key matching `key`, or `null`. Looks the key up by its hash. */
  async verifyApiKey(session: ExecSession, key: string): Promise<ApiKeyDto | null> {
    if (!couldBeApiKey(key)) return null;
    const row = await session.exec(select(ApiKey).where({ keyHash: hashApiKey(key), revokedAt: null })).first();
    return row ? toApiKeyDto(row) : null;
  },

  /**
   * Who holds `key`: an active API key (with its scope), else the deployment whose key it is,
   * else `null`. A string that cannot be a key is refused without a query.
   *
   * @example
   * const caller = await ApiKeysService.authenticateKey(session, bearer);
   * if (caller?.kind === 'deployment') assert(caller.deploymentId === params.id);
   */
  async authenticateKey(session: ExecSession, key: string): Promise<Caller | null> {
    if (!couldBeApiKey(key)) return null;
    const row = await session.exec(select(ApiKey).where({ keyHash: hashApiKey(key), revokedAt: null })).first();
    if (row) return { kind: 'api_key', keyId: row.id, scope: row.scope };
    const deployment = await DeploymentsService.findDeploymentByApiKey(session, key);
    return deployment ? { kind: 'deployment', deploymentId: deployment.id } : null;
  },


  /** How many keys can authenticate now. */
  async countActiveApiKeys(session: ExecSession): Promise<number> {
    return session.exec(select(ApiKey).where({ revokedAt: null }).count()).one();
  },
};
