/**
 * Database pool and statement metrics of one engine, read from its stats hook.
 *
 * @module
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** What these metrics need of an engine (`@agent-studio/db/engine`'s `Engine` fits). */
export interface ObservableEngine {
  stats(): { readonly borrowed: number; readonly size: number; readonly idle: number; readonly waiting: number; readonly max: number };
  observe(observer: {
    readonly onAcquire?: (waitMs: number) => void;
    readonly onAcquireTimeout?: () => void;
    readonly onStatementError?: (sqlstateClass: string) => void;
  }): () => void;
}

/** Acquire waits, in seconds: a free connection is ~0.1 ms; a pool under pressure waits ms to seconds. */
const ACQUIRE_BUCKETS = [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10];

/**
 * Registers `agent_studio_db_*` on `registry` for `engine`: pool size / max / in use / idle /
 * waiting (read at scrape), the acquire-time histogram, acquire timeouts, and failed statements
 * by SQLSTATE class. Returns what stops observing.
 *
 * @example
 * const registry = new Registry();
 * const stop = registerEngineMetrics(registry, engine);
 * await registry.metrics(); // agent_studio_db_pool_in_use 0 …
 */
export function registerEngineMetrics(registry: Registry, engine: ObservableEngine): () => void {
  const gauge = (name: string, help: string, read: (s: ReturnType<ObservableEngine['stats']>) => number): void => {
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read(engine.stats()));
      },
    });
  };
  gauge('agent_studio_db_pool_size', 'Connections open in the pool (in use or idle).', (s) => s.size);
  gauge('agent_studio_db_pool_max', 'The most connections the pool may open (DB_POOL_MAX).', (s) => s.max);
  gauge('agent_studio_db_pool_in_use', 'Connections lent out.', (s) => s.borrowed);
  gauge('agent_studio_db_pool_idle', 'Connections open and not lent.', (s) => s.idle);
  gauge('agent_studio_db_pool_waiting', 'Callers waiting for a connection.', (s) => s.waiting);
  const acquire = new Histogram({
    name: 'agent_studio_db_pool_acquire_seconds',
    help: 'How long a borrower waited for a pooled connection.',
    buckets: ACQUIRE_BUCKETS,
    registers: [registry],
  });
  const timeouts = new Counter({
    name: 'agent_studio_db_pool_acquire_timeouts_total',
    help: 'Borrows that found no free connection within DB_ACQUIRE_TIMEOUT_MS (answered 503).',
    registers: [registry],
  });
  const errors = new Counter({
    name: 'agent_studio_db_statement_errors_total',
    help: 'Failed statements by SQLSTATE class (23 integrity, 40 rollback, 57 cancelled, connection: none).',
    labelNames: ['class'] as const,
    registers: [registry],
  });
  return engine.observe({
    onAcquire: (ms) => acquire.observe(ms / 1000),
    onAcquireTimeout: () => timeouts.inc(),
    onStatementError: (cls) => errors.inc({ class: cls }),
  });
}
