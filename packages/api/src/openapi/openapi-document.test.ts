/**
 * The served `/openapi.json` is usable by other tools: an independent OpenAPI 3.1 validator
 * accepts it, `redocly lint` (recommended ruleset, offline) reports no errors, and it says what
 * the API does — named components, every error response as problem+json, request and response
 * headers, parameter formats, oneOf, servers, tags, license, the 409-vs-412 rule.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Validator } from '@seriousme/openapi-schema-validator';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiTestContext, type ApiTestContext } from '../../test/api-test-context.js';

const run = promisify(execFile);

interface Operation {
  operationId: string;
  security?: unknown[];
  parameters?: { name: string; in: string; schema: Record<string, unknown> }[];
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, { $ref?: string; headers?: Record<string, unknown>; content?: Record<string, unknown> }>;
}
interface Doc {
  info: { license?: { name: string }; description: string };
  servers?: { url: string }[];
  tags?: { name: string; description: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, Record<string, unknown>>;
    responses: Record<string, { headers: Record<string, unknown>; content: Record<string, { schema: { $ref: string } }> }>;
  };
}

let ctx: ApiTestContext;
let doc: Doc;
let dir: string;
let file: string;

beforeAll(async () => {
  ctx = await createApiTestContext();
  doc = (await request(ctx.app).get('/openapi.json')).body as Doc;
  dir = mkdtempSync(join(tmpdir(), 'openapi-'));
  file = join(dir, 'openapi.json');
  writeFileSync(file, JSON.stringify(doc));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await ctx?.close();
});

const operations = (): (Operation & { key: string })[] =>
  Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ ...op, key: `${method.toUpperCase()} ${path}` })));

describe('independent tools accept the document', () => {
  it('@seriousme/openapi-schema-validator: valid OpenAPI 3.1', async () => {
    const result = await new Validator().validate(structuredClone(doc) as unknown as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('redocly lint, recommended ruleset: no errors (the warnings are the three open routes without a 4xx)', async () => {
    const { stdout } = await run(join(process.cwd(), 'node_modules/.bin/redocly'), ['lint', file, '--extends', 'recommended', '--format', 'json'], {
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
    });
    const report = JSON.parse(stdout.slice(stdout.indexOf('{'))) as { totals: { errors: number }; problems: { ruleId: string; location: { pointer: string }[] }[] };
    expect(report.totals.errors).toBe(0);
    expect(report.problems.map((p) => `${p.ruleId} ${p.location[0]?.pointer}`).sort()).toEqual([
      'operation-4xx-response #/paths/~1health/get/responses',
      'operation-4xx-response #/paths/~1ready/get/responses',
      'operation-4xx-response #/paths/~1version/get/responses',
    ]);
  }, 60_000);
});

describe('what the document says', () => {
  it('has named components for the resources, their inputs, the JSON value and the problem', () => {
    const names = Object.keys(doc.components.schemas);
    for (const name of ['Agent', 'CreateAgentInput', 'UpdateAgentInput', 'Workflow', 'Deployment', 'CreateDeploymentInput', 'Run', 'McpServer', 'JsonValue', 'Problem']) {
      expect(names).toContain(name);
    }
    expect(JSON.stringify(doc)).not.toContain('$defs');
    // one JsonValue, not recursive (a generated client types it unknown; openapi-typescript #1603)
    expect(doc.components.schemas.JsonValue).toEqual({ description: expect.stringMatching(/JSON value/) as unknown });
    expect(JSON.stringify(doc.components.schemas.AgentConfig)).toContain('#/components/schemas/JsonValue');
    expect(Object.keys((doc.components.schemas.Problem as { properties: object }).properties)).toEqual(
      expect.arrayContaining(['type', 'title', 'status', 'detail', 'requestId', 'reason', 'fields', 'errors']),
    );
  });

  it('declares every error response of every operation as problem+json, with its headers', () => {
    for (const [name, response] of Object.entries(doc.components.responses)) {
      expect(response.content['application/problem+json']?.schema.$ref, name).toBe('#/components/schemas/Problem');
      expect(response.headers['X-Request-Id'], name).toBeDefined();
    }
    expect(doc.components.responses.Problem401!.headers['WWW-Authenticate']).toBeDefined();
    expect(doc.components.responses.Problem503!.headers['Retry-After']).toBeDefined();
    for (const op of operations()) {
      const statuses = Object.keys(op.responses);
      expect(statuses, op.key).toContain('503');
      expect(statuses, op.key).not.toContain('default');
      if (!op.security) expect(statuses, op.key).toEqual(expect.arrayContaining(['401', '403', '429']));
      if (op.requestBody) expect(statuses, op.key).toEqual(expect.arrayContaining(['400', '413', '415', '422']));
      for (const [status, response] of Object.entries(op.responses)) {
        if (Number(status) >= 400 && !(op.key === 'GET /ready' && status === '503')) expect(response.$ref, `${op.key} ${status}`).toBe(`#/components/responses/Problem${status}`);
        if (Number(status) < 400) expect(response.headers?.['X-Request-Id'], `${op.key} ${status}`).toBeDefined();
      }
    }
  });

  it('declares If-Match (and 412) on optimistic updates, where version may then be omitted', () => {
    const patch = doc.paths['/api/v1/agents/{id}']!.patch!;
    expect(patch.parameters?.find((p) => p.in === 'header')?.name).toBe('If-Match');
    expect(Object.keys(patch.responses)).toEqual(expect.arrayContaining(['409', '412']));
    expect(doc.components.schemas.UpdateAgentInput!.required ?? []).not.toContain('version');
    expect(doc.paths['/api/v1/agents/{id}']!.get!.responses['200']!.headers?.ETag).toBeDefined();
    expect(doc.paths['/api/v1/agents']!.post!.responses['201']!.headers?.Location).toBeDefined();
    expect(doc.info.description).toMatch(/412 Precondition Failed.*409 Conflict/s);
  });

  it('declares Prefer and Idempotency-Key where they are read', () => {
    const invoke = doc.paths['/api/v1/deployments/{id}/runs']!.post!;
    expect(invoke.parameters?.filter((p) => p.in === 'header').map((p) => p.name).sort()).toEqual(['Idempotency-Key', 'Prefer']);
    expect(doc.paths['/api/v1/runs/{id}/cancel']!.post!.parameters?.some((p) => p.name === 'Prefer')).toBe(true);
  });

  it('has an example for every request body and every resource (a component with an id) an operation answers', () => {
    const named = (schema: unknown): string | undefined => {
      const s = schema as { $ref?: string; items?: { $ref?: string } } | undefined;
      return (s?.$ref ?? s?.items?.$ref)?.split('/').at(-1);
    };
    const bodies = new Set<string>();
    const resources = new Set<string>();
    for (const op of operations()) {
      const raw = op as unknown as { requestBody?: { content?: Record<string, { schema?: unknown }> }; responses: Record<string, { content?: Record<string, { schema?: unknown }> }> };
      const body = named(raw.requestBody?.content?.['application/json']?.schema);
      if (body) bodies.add(body);
      for (const [status, response] of Object.entries(raw.responses)) {
        const name = Number(status) < 300 ? named(response.content?.['application/json']?.schema) : undefined;
        const schema = name ? (doc.components.schemas[name] as { properties?: Record<string, unknown> }) : undefined;
        if (name && schema?.properties?.id) resources.add(name);
      }
    }
    const withoutExample = [...bodies, ...resources].filter((name) => !(doc.components.schemas[name] as { examples?: unknown[] }).examples?.length);
    expect(withoutExample).toEqual([]);
    expect(resources.size).toBeGreaterThanOrEqual(10);
  });

  it('gives path and query parameters their formats', () => {
    for (const op of operations()) {
      for (const p of op.parameters ?? []) {
        // ids the API makes are uuids; a thread id is the client's own key, with a pattern
        if (p.in === 'path' && p.name === 'threadId') {
          const ref = (p.schema as { $ref?: string }).$ref;
          const schema = ref ? doc.components.schemas[ref.split('/').at(-1)!]! : p.schema;
          expect((schema as { pattern?: string }).pattern, `${op.key} ${p.name}`).toBeDefined();
        }
        else if (p.in === 'path' && /id$/i.test(p.name)) expect(p.schema.format, `${op.key} ${p.name}`).toBe('uuid');
      }
    }
    const version = doc.paths['/api/v1/workflows/{id}/versions/{versionNumber}']!.get!.parameters!.find((p) => p.name === 'versionNumber')!;
    expect(version.schema.type).toBe('integer');
    const limit = doc.paths['/api/v1/agents']!.get!.parameters!.find((p) => p.name === 'limit')!;
    expect(limit.schema.type).toBe('integer');
  });

  it('has servers, tags with descriptions, a description per operation, and a license', () => {
    expect(doc.servers?.[0]?.url).toMatch(/^http/);
    expect(doc.info.license?.name).toBeTruthy();
    const used = new Set(operations().flatMap((op) => (op as unknown as { tags: string[] }).tags));
    expect(new Set(doc.tags?.map((t) => t.name))).toEqual(used);
    expect(doc.tags?.every((t) => t.description.length > 10)).toBe(true);
    expect(operations().every((op) => ((op as unknown as { description?: string }).description ?? '').length > 0)).toBe(true);
  });

  it('uses oneOf where the API has one of several shapes', () => {
    expect(doc.components.schemas.CreateDeploymentInput!.oneOf).toEqual([{ required: ['agentId'] }, { required: ['workflowId'] }]);
    expect(JSON.stringify(doc.components.schemas.CreateMcpServerInput!.oneOf)).toContain('"url"');
    expect(JSON.stringify(doc.components.schemas.CreateFunctionInput)).toContain('"oneOf"'); // the discriminated union on kind
  });

  it('has an example on the main resources and their bodies', () => {
    for (const name of ['Agent', 'CreateAgentInput', 'UpdateAgentInput', 'Workflow', 'Deployment', 'CreateDeploymentInput', 'InvokeRunInput', 'Problem']) {
      const schema = doc.components.schemas[name]!;
      expect(schema.examples ?? schema.example, name).toBeDefined();
    }
  });
});
