/**
 * The auth state of one app — its verdict cache and key-change listener — reachable from a
 * request (`req.app`), so a route that revokes a key can refuse it in this process at once.
 * @module
 */
import type { Application } from 'express';
import type { CallerCache } from './caller-cache.js';
import type { KeyChangeListener } from './key-change-listener.js';

/** What an app's auth keeps. */
export interface AppAuth {
  readonly cache: CallerCache;
  readonly listener: KeyChangeListener;
}

const registry = new WeakMap<Application, AppAuth>();

/**
 * Records an app's auth state (done by `createApp`).
 *
 * @example
 * attachAuth(app, { cache, listener });
 */
export function attachAuth(app: Application, auth: AppAuth): void {
  registry.set(app, auth);
}

/**
 * The auth state of the app serving a request.
 *
 * @throws {Error} for an app `createApp` did not build (a wiring bug).
 * @example
 * authOf(req.app).cache.revokeKey(id);
 */
export function authOf(app: Application): AppAuth {
  const auth = registry.get(app);
  if (!auth) throw new Error('authOf: this app was not built by createApp');
  return auth;
}
