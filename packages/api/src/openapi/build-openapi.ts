/**
 * The OpenAPI 3.1 document, generated from the route list and the same zod schemas that validate
 * requests (zod 4's JSON Schema output is draft 2020-12, which OpenAPI 3.1 uses).
 *
 * @module
 */
import { z } from 'zod';
import type { OtherResponse, RouteSpec } from '../routes/route-spec.js';

const problemSchema = {
  type: 'object',
  description: 'RFC 9457 problem details',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    requestId: { type: 'string' },
    errors: {
      type: 'array',
      items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } },
    },
  },
} as const;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

function otherResponse(response: OtherResponse): Record<string, unknown> {
  const content: Record<string, unknown> = {};
  if (response.schema) content['application/json'] = { schema: jsonSchema(response.schema, 'output') };
  if (response.mediaType) content[response.mediaType.type] = { schema: { type: 'string', description: response.mediaType.description } };
  const headers = Object.fromEntries(
    Object.entries(response.headers ?? {}).map(([name, description]) => [name, { description, schema: { type: 'string' } }]),
  );
  return {
    description: response.description,
    ...(Object.keys(content).length ? { content } : {}),
    ...(Object.keys(headers).length ? { headers } : {}),
  };
}

/** `/agents/:id` → `/agents/{id}`. */
export function toOpenApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query'): unknown[] {
  if (!schema) return [];
  const json = jsonSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: s,
  }));
}

/**
 * Builds the OpenAPI document for `routes` mounted at `prefix` (open routes are mounted at `/`).
 *
 * @example
 * app.get('/openapi.json', (_req, res) => res.json(buildOpenApi(routes, { version: '0.1.0' })));
 */
export function buildOpenApi(routes: readonly (RouteSpec & { readonly mountedAt: string })[], info: { version: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = toOpenApiPath(`${route.mountedAt}${route.path}`);
    const status = route.status ?? (route.response ? 200 : 204);
    const responses: Record<string, unknown> = {
      [status]: route.response
        ? { description: 'Success', content: { 'application/json': { schema: jsonSchema(route.response, 'output') } } }
        : { description: 'Success, no content' },
      ...Object.fromEntries(Object.entries(route.otherResponses ?? {}).map(([code, r]) => [code, otherResponse(r)])),
      default: { description: 'Error', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
    };
    paths[path] ??= {};
    paths[path][route.method] = {
      operationId: route.operationId,
      summary: route.summary,
      tags: [route.tag],
      ...(route.auth === false ? { security: [] } : {}),
      parameters: [...parameters(route.params, 'path'), ...parameters(route.query, 'query')],
      ...(route.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body, 'input') } } } }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Agent Studio API',
      version: info.version,
      description: 'Agents, functions, MCP servers, hybrid workflows and deployments. Authenticate with `Authorization: Bearer <api key>`.',
    },
    security: [{ bearerAuth: [] }],
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'An Agent Studio API key' } },
      schemas: { Problem: problemSchema },
    },
    paths,
  };
}
