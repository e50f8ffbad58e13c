/**
 * Every `/api/v1` route, in registration order (fixed paths before `/:id` ones).
 * @module
 */
import { agentRoutes } from './agent-routes.js';
import { apiKeyRoutes } from './api-key-routes.js';
import { auditEventRoutes } from './audit-event-routes.js';
import { deploymentRoutes } from './deployment-routes.js';
import { exportRoutes } from './export-routes.js';
import { functionRoutes } from './function-routes.js';
import { mcpServerRoutes } from './mcp-server-routes.js';
import { modelProviderRoutes } from './model-provider-routes.js';
import type { RuntimeDatabase } from '@agent-studio/sdk/runtime';
import type { RouteSpec } from './route-spec.js';
import { runRoutes } from './run-routes.js';
import { threadRoutes } from './thread-routes.js';
import { usageRoutes } from './usage-routes.js';
import { workflowRoutes } from './workflow-routes.js';
import { svgRoutes } from './svg-routes.js';

/**
 * The protected routes; `runtime` serves the routes that wait for or stream runs.
 *
 * @example
 * app.use('/api/v1', auth, registerRoutes(engine, apiRoutes(runtime), { jsonBody: express.json() }));
 */
export function apiRoutes(runtime: RuntimeDatabase): RouteSpec[] {
  return [
    ...agentRoutes,
    ...functionRoutes,
    ...mcpServerRoutes,
    ...modelProviderRoutes,
    ...workflowRoutes,
    ...deploymentRoutes,
    ...runRoutes(runtime),
    ...threadRoutes,
    ...svgRoutes(),
    ...apiKeyRoutes,
    ...auditEventRoutes,
    ...usageRoutes,
    ...exportRoutes,
  ];
}
