import { withSession, type ExecSession } from '@agent-studio/db/exec';
import { createTestEngine, type TestEngine } from '@agent-studio/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, paths } from '../../../test/service-test-helpers.js';
import { isConflictError, isNotFoundError, isValidationError } from '../../errors/index.js';
import { SECRET_MASK } from '../mcp-servers/secret-mask.js';
import { modelProviderPageSchema, modelProviderSchema, type ModelProviderDto } from './model-providers-schemas.js';
import { ModelProvidersService } from './model-providers-service.js';
import { parseModelRef } from './model-ref.js';

const API_KEY = 'sk-SECRET-KEY-111';
const ROTATED = 'sk-SECRET-KEY-222';
const HEADER = 'SECRET-HEADER-333';
const SECRETS = [API_KEY, ROTATED, HEADER];

let engine: TestEngine;
beforeAll(async () => {
  engine = await createTestEngine();
});
afterAll(async () => {
  await engine?.close();
});

/** The service, wrapped so that every value a DTO-returning method returns is scanned for the secrets. */
const svc = new Proxy(ModelProvidersService, {
  get(target, key: string) {
    const method = (target as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[key]!;
    if (key === 'resolveModel') return method; // returns the secret-carrying row, for the runtime only
    return async (...args: unknown[]) => {
      const result = await method(...args);
      const text = JSON.stringify(result) ?? '';
      for (const secret of SECRETS) expect(text, `${key} returned a secret`).not.toContain(secret);
      return result;
    };
  },
});
const run = <T>(fn: (s: ExecSession) => Promise<T>): Promise<T> => withSession(engine, fn);
let counter = 0;
const create = (extra: Record<string, unknown> = {}): Promise<ModelProviderDto> =>
  run((s) => svc.createModelProvider(s, { name: `p${(counter += 1)}`, baseUrl: 'http://127.0.0.1:11434/v1', ...extra }));

describe('ModelProvidersService', () => {
  it('creates a provider with the key and headers masked in the DTO', async () => {
    const p = await create({ apiKey: API_KEY, headers: { 'X-Org': HEADER }, requestTimeoutMs: 5_000, description: 'local ollama' });
    expect(modelProviderSchema.parse(p)).toEqual(p);
    expect(p).toMatchObject({
      kind: 'openai_compatible',
      apiKey: SECRET_MASK,
      hasApiKey: true,
      headers: { 'X-Org': SECRET_MASK },
      requestTimeoutMs: 5_000,
      version: 1,
    });
    const keyless = await create();
    expect(keyless).toMatchObject({ apiKey: null, hasApiKey: false, headers: {}, requestTimeoutMs: 60_000 });
    expect(await run((s) => svc.getModelProvider(s, p.id))).toEqual(p);
  });

  it('validates name, base URL, timeout and refuses the mask as a value', async () => {
    const e = await failure(
      run((s) =>
        svc.createModelProvider(s, {
          name: 'has/slash',
          baseUrl: 'ftp://user:pw@example.com/v1?key=x',
          apiKey: SECRET_MASK,
          requestTimeoutMs: 10,
        }),
      ),
    );
    expect(paths(e)).toEqual(expect.arrayContaining([['name'], ['baseUrl'], ['apiKey'], ['requestTimeoutMs']]));
    expect(JSON.stringify(e)).not.toContain('pw@');
    const dup = await create();
    const conflict = await failure(run((s) => svc.createModelProvider(s, { name: dup.name, baseUrl: 'http://127.0.0.1:1/v1' })));
    expect(isConflictError(conflict) && conflict.reason).toBe('unique');
  });

  it('updates: the mask keeps the key, a string replaces it, null removes it; headers merge like MCP headers', async () => {
    const p = await create({ apiKey: API_KEY, headers: { 'X-Org': HEADER, 'X-Old': 'x' } });
    const kept = await run((s) => svc.updateModelProvider(s, p.id, { version: 1, apiKey: SECRET_MASK, headers: { 'X-Org': SECRET_MASK } }));
    expect(kept).toMatchObject({ version: 2, hasApiKey: true, headers: { 'X-Org': SECRET_MASK } });
    let resolved = await run((s) => svc.resolveModel(s, `${p.name}/qwen2.5`));
    expect(resolved.provider.credentials.apiKey).toBe(API_KEY);
    expect(resolved.provider.headers).toEqual({ 'X-Org': HEADER });

    await run((s) => svc.updateModelProvider(s, p.id, { version: 2, apiKey: ROTATED, baseUrl: 'https://api.example.com/v1' }));
    resolved = await run((s) => svc.resolveModel(s, `${p.name}/qwen2.5`));
    expect(resolved.provider).toMatchObject({ baseUrl: 'https://api.example.com/v1', credentials: { apiKey: ROTATED } });

    const removed = await run((s) => svc.updateModelProvider(s, p.id, { version: 3, apiKey: null, headers: null }));
    expect(removed).toMatchObject({ apiKey: null, hasApiKey: false, headers: {}, version: 4 });
    const masked = await failure(run((s) => svc.updateModelProvider(s, p.id, { version: 4, apiKey: SECRET_MASK })));
    expect(paths(masked)).toEqual([['apiKey']]);
    const stale = await failure(run((s) => svc.updateModelProvider(s, p.id, { version: 1, description: 'x' })));
    expect(isConflictError(stale) && stale.reason).toBe('stale_version');
  });

  it('lists with search, sort and paging', async () => {
    await create({ name: 'zeta-search' });
    await create({ name: 'alpha-search' });
    const page = await run((s) => svc.listModelProviders(s, { search: 'SEARCH', sort: '-name', limit: 1 }));
    expect(modelProviderPageSchema.parse(page)).toEqual(page);
    expect(page.data.map((p) => p.name)).toEqual(['zeta-search']);
    expect(page.pagination).toEqual({ total: 2, limit: 1, offset: 0 });
  });

  it('resolves "<provider>/<model>" at run time; a plain model or an unknown provider is a typed error', async () => {
    const p = await create();
    const { model } = await run((s) => svc.resolveModel(s, `${p.name}/meta-llama/llama-3.1-8b`));
    expect(model).toBe('meta-llama/llama-3.1-8b');
    const plain = await failure(run((s) => svc.resolveModel(s, 'gpt-4o-mini')));
    expect(isValidationError(plain) && paths(plain)).toEqual([['model']]);
    const unknown = await failure(run((s) => svc.resolveModel(s, 'nobody/gpt-4o')));
    expect(isNotFoundError(unknown) && unknown.id).toBe('nobody');
  });

  it('deletes; a deleted or malformed id is typed', async () => {
    const p = await create();
    await run((s) => svc.deleteModelProvider(s, p.id));
    expect(isNotFoundError(await failure(run((s) => svc.getModelProvider(s, p.id))))).toBe(true);
    expect(paths(await failure(run((s) => svc.getModelProvider(s, 'nope'))))).toEqual([['id']]);
  });
});

describe('parseModelRef', () => {
  it('splits at the first slash and refuses plain or malformed references', () => {
    expect(parseModelRef('local/qwen2.5')).toEqual({ provider: 'local', model: 'qwen2.5' });
    expect(parseModelRef('gpt-4o-mini')).toBeNull();
    expect(parseModelRef('/qwen')).toBeNull();
    expect(parseModelRef('local/')).toBeNull();
    expect(parseModelRef('bad name/qwen')).toBeNull();
  });
});
