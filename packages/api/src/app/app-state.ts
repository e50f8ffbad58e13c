/**
 * The per-app state routes need, reachable from a request (`req.app`): the auth verdict cache
 * and key-change listener (so a route that revokes a key refuses it in this process at once)
 * and the probe gate (a cap on concurrent MCP probes).
 * @module
 */
import type { Application } from 'express';
import type { CallerCache } from '../auth/caller-cache.js';
import type { KeyChangeListener } from '../auth/key-change-listener.js';
import type { ApiMetrics } from './api-metrics.js';
import type { ProbeGate } from './probe-gate.js';

/** What an app keeps for its routes. */
export interface AppState {
  readonly cache: CallerCache;
  readonly listener: KeyChangeListener;
  readonly probes: ProbeGate;
  /** The app's metrics registry (`GET /metrics`). */
  readonly metrics: ApiMetrics;
}

const registry = new WeakMap<Application, AppState>();

/**
 * Records an app's state (done by `createApp`).
 *
 * @example
 * attachAppState(app, { cache, listener, probes });
 */
export function attachAppState(app: Application, state: AppState): void {
  registry.set(app, state);
}

/**
 * The state of the app serving a request.
 *
 * @throws {Error} for an app `createApp` did not build (a wiring bug).
 * @example
 * appStateOf(req.app).cache.revokeKey(id);
 */
export function appStateOf(app: Application): AppState {
  const state = registry.get(app);
  if (!state) throw new Error('appStateOf: this app was not built by createApp');
  return state;
}
