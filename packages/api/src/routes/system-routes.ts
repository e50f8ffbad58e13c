/**
 * Open routes: liveness, readiness (database reachable, migrations applied) and version.
 * @module
 */
import { migrationStatus, type Engine } from '@agent-studio/db/engine';
import { z } from 'zod';
import { defineRoute, type RouteSpec } from './route-spec.js';

/** The API's version, from its package.json. */
export const API_VERSION = '0.1.0';

const healthSchema = z.object({ status: z.literal('ok') });
const readySchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  database: z.object({ reachable: z.boolean(), kind: z.enum(['server', 'embedded']), pendingMigrations: z.array(z.string()) }),
});

/**
 * The open system routes.
 *
 * @example
 * registerRoutes(engine, systemRoutes(engine, { readyTimeoutMs: 2_000 }), { jsonBody: express.json() });
 */
export function systemRoutes(engine: Engine, options: { readonly readyTimeoutMs: number }): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/health',
      operationId: 'health',
      tag: 'system',
      summary: 'The process is alive',
      auth: false,
      response: healthSchema,
      handler: () => Promise.resolve({ body: { status: 'ok' } }),
    }),
    defineRoute({
      method: 'get',
      path: '/ready',
      operationId: 'ready',
      tag: 'system',
      summary: 'The database is reachable and every migration applied (503 otherwise)',
      auth: false,
      response: readySchema,
      otherResponses: { 503: { description: 'Not ready: the database is unreachable or migrations are pending', schema: readySchema } },
      handler: async () => {
        let reachable = true;
        let pending: string[] = [];
        let timer: NodeJS.Timeout | undefined;
        try {
          // bounded: a database that stops answering makes /ready say so instead of hanging
          const deadline = new Promise<never>((_resolve, reject) => {
            timer = setTimeout(() => reject(new Error('timeout')), options.readyTimeoutMs);
          });
          pending = [...(await Promise.race([migrationStatus(engine), deadline])).pending];
        } catch {
          reachable = false;
        } finally {
          clearTimeout(timer);
        }
        const ready = reachable && pending.length === 0;
        return {
          status: ready ? 200 : 503,
          body: { status: ready ? 'ready' : 'not_ready', database: { reachable, kind: engine.kind, pendingMigrations: pending } },
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/version',
      operationId: 'version',
      tag: 'system',
      summary: 'The API version (no runtime details: they would only help an attacker)',
      auth: false,
      response: z.object({ version: z.string() }),
      handler: () => Promise.resolve({ body: { version: API_VERSION } }),
    }),
  ];
}
