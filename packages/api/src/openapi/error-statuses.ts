/**
 * Which error statuses an operation can answer, derived from its route spec (so a new route is
 * documented without an edit here).
 *
 * @module
 */
import type { RouteSpec } from '../routes/route-spec.js';

/**
 * The error statuses `route` can answer: authentication (401, 403, 429) on protected routes,
 * 404 on routes naming a resource, 422 where something is validated, 400/413/415 where a body is
 * read, 409 on writes, 412 on `If-Match` routes, 503 everywhere (the database), plus the route's
 * own `errors`.
 *
 * @example
 * errorStatuses({ method: 'get', path: '/agents/:id', params: idParams, ... }); // [401, 403, 404, 422, 429, 503]
 */
export function errorStatuses(route: RouteSpec): number[] {
  const out = new Set<number>(route.errors ?? []);
  const isProtected = route.auth !== false;
  if (isProtected) [401, 403, 429].forEach((s) => out.add(s));
  if (isProtected && route.params) out.add(404);
  if (route.params || route.query || route.body) out.add(422);
  if (route.body) [400, 413, 415].forEach((s) => out.add(s));
  if (isProtected && route.method !== 'get') out.add(409);
  if (route.ifMatch) out.add(412);
  out.add(503);
  return [...out].sort((a, b) => a - b);
}
