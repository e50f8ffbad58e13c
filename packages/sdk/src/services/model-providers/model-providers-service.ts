/**
 * `ModelProvidersService`: the OpenAI-compatible APIs agents' models are called through (CRUD
 * with a masked API key and headers), and the run-time resolution of an agent's `model`.
 *
 * @module
 */
import { select, type ExecSession } from '@agent-studio/db/exec';
import { ModelProvider } from '@agent-studio/db/models';
import { flushOrThrow, type ConstraintMessages } from '../../common/db-errors.js';
import { fetchPage, type Page } from '../../common/pagination.js';
import { parseId } from '../../common/parse-id.js';
import { parseInput } from '../../common/parse-input.js';
import { likeContains } from '../../common/search-pattern.js';
import { assertVersion } from '../../common/version-check.js';
import { NotFoundError } from '../../errors/not-found-error.js';
import { ValidationError } from '../../errors/validation-error.js';
import { mergeSecretMap, SECRET_MASK } from '../mcp-servers/secret-mask.js';
import {
  createModelProviderInputSchema,
  listModelProvidersQuerySchema,
  updateModelProviderInputSchema,
  type CreateModelProviderInput,
  type ListModelProvidersQuery,
  type ModelProviderDto,
  type UpdateModelProviderInput,
} from './model-providers-schemas.js';
import { parseModelRef } from './model-ref.js';
import { toModelProviderDto } from './to-model-provider-dto.js';

/** How the database constraints of model providers map to input fields. */
const PROVIDER_CONSTRAINTS: ConstraintMessages = {
  unique: { model_providers_name_key: { field: 'name', message: 'a model provider with this name already exists' } },
};

async function loadProvider(session: ExecSession, id: unknown): Promise<ModelProvider> {
  const providerId = parseId(id);
  const row = await session.get(ModelProvider, providerId);
  if (!row) throw new NotFoundError('model provider', providerId);
  return row;
}

/**
 * What an agent's `model` resolves to at run time: the provider row (WITH its decrypted API key
 * and headers — for the model client only, never to be returned or logged) and the model id.
 */
export interface ResolvedModel {
  readonly provider: ModelProvider;
  readonly model: string;
}

/**
 * Model providers. Every method takes the caller's `ExecSession` and never commits. No DTO ever
 * contains the API key or a header value: `apiKey` is `"••••••"` (or `null`) with `hasApiKey`,
 * header values are the mask.
 *
 * @example
 * const p = await withSession(engine, (s) => ModelProvidersService.createModelProvider(s, { name: 'local', baseUrl: 'http://127.0.0.1:11434/v1' }));
 * await withSession(engine, (s) => AgentsService.createAgent(s, { name: 'helper', model: 'local/qwen2.5' }));
 */
export const ModelProvidersService = {
  /**
   * Registers a provider. A taken name is `ConflictError('unique')` at `name`.
   *
   * @example
   * await ModelProvidersService.createModelProvider(session, { name: 'openai', baseUrl: 'https://api.openai.com/v1', apiKey: 'sk-…' });
   */
  async createModelProvider(session: ExecSession, input: CreateModelProviderInput): Promise<ModelProviderDto> {
    const values = parseInput(createModelProviderInputSchema, input);
    const row = session.add(ModelProvider, {
      name: values.name,
      description: values.description ?? null,
      kind: values.kind ?? 'openai_compatible',
      baseUrl: values.baseUrl,
      credentials: values.apiKey === undefined ? {} : { apiKey: values.apiKey },
      headers: values.headers ?? {},
      ...(values.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: values.requestTimeoutMs }),
    });
    await flushOrThrow(session, PROVIDER_CONSTRAINTS);
    return toModelProviderDto(row);
  },

  /**
   * The provider with this id (secrets masked); `NotFoundError('model provider', id)` when none.
   *
   * @example
   * const provider = await ModelProvidersService.getModelProvider(session, id);
   */
  async getModelProvider(session: ExecSession, id: string): Promise<ModelProviderDto> {
    return toModelProviderDto(await loadProvider(session, id));
  },

  /**
   * A page of providers, filtered by `search` (name), sorted by `sort` (default `name`).
   *
   * @example
   * const page = await ModelProvidersService.listModelProviders(session, { search: 'local' });
   */
  async listModelProviders(session: ExecSession, query: ListModelProvidersQuery = {}): Promise<Page<ModelProviderDto>> {
    const q = parseInput(listModelProvidersQuerySchema, query ?? {});
    const base = select(ModelProvider).where(q.search === undefined ? {} : { name: { ilike: likeContains(q.search) } });
    const { rows, pagination } = await fetchPage(session, base, q, q.sort);
    return { data: rows.map(toModelProviderDto), pagination };
  },

  /**
   * Changes a provider, given the `version` it is based on. `apiKey`: omitted or the mask keeps
   * the saved key, a string replaces it, `null` removes it. `headers`: as for MCP servers (a map
   * replaces them, a masked value keeps that header, `null` clears them).
   *
   * @example
   * await ModelProvidersService.updateModelProvider(session, id, { version: 1, apiKey: 'sk-rotated' });
   */
  async updateModelProvider(session: ExecSession, id: string, input: UpdateModelProviderInput): Promise<ModelProviderDto> {
    const changes = parseInput(updateModelProviderInputSchema, input);
    const row = await loadProvider(session, id);
    assertVersion('model provider', row.version, changes.version);
    const headers = mergeSecretMap(row.headers, changes.headers, 'headers');
    if (changes.apiKey === SECRET_MASK && !row.credentials.apiKey) {
      headers.issues.push({ path: ['apiKey'], message: 'is masked but no key is saved; send the real key' });
    }
    if (headers.issues.length) throw new ValidationError(headers.issues);
    if (changes.name !== undefined) row.name = changes.name;
    if (changes.description !== undefined) row.description = changes.description;
    if (changes.baseUrl !== undefined) row.baseUrl = changes.baseUrl;
    if (changes.requestTimeoutMs !== undefined) row.requestTimeoutMs = changes.requestTimeoutMs;
    if (changes.apiKey === null) row.credentials = {};
    else if (changes.apiKey !== undefined && changes.apiKey !== SECRET_MASK) row.credentials = { ...row.credentials, apiKey: changes.apiKey };
    row.headers = headers.map;
    session.add(row);
    await flushOrThrow(session, PROVIDER_CONSTRAINTS);
    return toModelProviderDto(row);
  },

  /**
   * Deletes a provider. Agents naming it keep their `model` string and fail to resolve at run
   * time until a provider of that name exists again.
   *
   * @example
   * await ModelProvidersService.deleteModelProvider(session, id);
   */
  async deleteModelProvider(session: ExecSession, id: string): Promise<void> {
    const row = await loadProvider(session, id);
    session.delete(row);
    await flushOrThrow(session, PROVIDER_CONSTRAINTS);
  },

  /**
   * Resolves an agent's `model` (`"<provider>/<model id>"`) for a run: the provider row with its
   * decrypted secrets, and the model id. A plain model id is a `ValidationError` at `['model']`;
   * an unknown provider is `NotFoundError('model provider', name)`. For the runtime only: the row
   * carries the API key in plaintext and must never be returned to a client.
   *
   * @example
   * const { provider, model } = await ModelProvidersService.resolveModel(session, agent.model);
   */
  async resolveModel(session: ExecSession, agentModel: string): Promise<ResolvedModel> {
    const ref = parseModelRef(agentModel);
    if (!ref) {
      throw new ValidationError([
        { path: ['model'], message: `"${agentModel}" names no model provider; use "<provider>/<model>", e.g. "local/qwen2.5"` },
      ]);
    }
    const provider = await session.exec(select(ModelProvider).where({ name: ref.provider })).first();
    if (!provider) throw new NotFoundError('model provider', ref.provider);
    return { provider, model: ref.model };
  },
};
