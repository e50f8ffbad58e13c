/**
 * Who is calling: the identity an authenticated request carries.
 * @module
 */
import type { ApiKeyScope } from './api-keys-schemas.js';

/**
 * The holder of a valid key: an API key (with its scope) or a deployment's own key, which may
 * only invoke that deployment.
 *
 * @example
 * const caller: Caller = { kind: 'api_key', keyId: id, scope: 'read' };
 * if (caller.kind === 'deployment') console.log(caller.deploymentId);
 */
export type Caller =
  | { readonly kind: 'api_key'; readonly keyId: string; readonly scope: ApiKeyScope }
  | { readonly kind: 'deployment'; readonly deploymentId: string };

const RANK: Record<ApiKeyScope, number> = { read: 1, admin: 2 };

/**
 * True when `scope` grants everything `wanted` does (admin ⊇ read).
 *
 * @example
 * scopeCovers('admin', 'read'); // true
 * scopeCovers('read', 'admin'); // false
 */
export function scopeCovers(scope: ApiKeyScope, wanted: ApiKeyScope): boolean {
  return RANK[scope] >= RANK[wanted];
}
