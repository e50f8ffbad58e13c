/**
 * The engine's stats hook: what happens at the pool and on its connections, told to observers
 * (metrics) as it happens. The one place pool and statement figures come from — both session
 * kinds, the run engine and Sequelize borrow through the same instrumented pool.
 *
 * @module
 */

import type { Span } from '@opentelemetry/api';
import { endStatementSpan, startStatementSpan } from './statement-span.js';

/** What an observer is told. Every callback is optional and must not throw (a throw is ignored). */
export interface EngineObserver {
  /** A connection was lent after waiting `waitMs` (0-ish when one was idle). */
  readonly onAcquire?: (waitMs: number) => void;
  /** No connection freed up within the acquire timeout (the caller gets `PoolTimeoutError`). */
  readonly onAcquireTimeout?: () => void;
  /**
   * A statement on a pooled connection failed: `sqlstateClass` is the SQLSTATE's first two
   * characters (`23` integrity, `40` rollback, `57` operator intervention, …), or `connection`
   * for a failure with no SQLSTATE (connection lost, client-side query timeout).
   */
  readonly onStatementError?: (sqlstateClass: string) => void;
}

/** The observers of one engine, and the calls that tell them. */
export class EngineObservers {
  readonly #observers = new Set<EngineObserver>();

  /**
   * Adds an observer; returns what removes it.
   *
   * @example
   * const stop = observers.add({ onAcquireTimeout: () => timeouts++ });
   */
  add(observer: EngineObserver): () => void {
    this.#observers.add(observer);
    return () => this.#observers.delete(observer);
  }

  /** True when someone listens (the pool skips its timing otherwise). */
  get active(): boolean {
    return this.#observers.size > 0;
  }

  /** Tells every observer with a callback for `event`. */
  emit<K extends keyof EngineObserver>(event: K, ...args: Parameters<NonNullable<EngineObserver[K]>>): void {
    for (const o of this.#observers) {
      const fn = o[event] as ((...a: unknown[]) => void) | undefined;
      try {
        fn?.(...args);
      } catch {
        // an observer never breaks the database path
      }
    }
  }
}

/**
 * The SQLSTATE class of a driver error (`23505` → `23`), or `connection` when it has none.
 *
 * @example
 * sqlstateClassOf({ code: '23505' }); // '23'
 */
export function sqlstateClassOf(error: unknown): string {
  const e = (error ?? {}) as { code?: unknown; original?: { code?: unknown }; parent?: { code?: unknown } };
  const code = e.code ?? e.original?.code ?? e.parent?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code.slice(0, 2) : 'connection';
}

type QueryFn = (...args: unknown[]) => unknown;

const instrumented = new WeakSet<object>();

/**
 * Wraps a pooled `pg` connection's `query` once, so a failed statement — promise or callback
 * form, from the exec session, pg-boss or Sequelize — is told to `observers`, and, while a
 * tracer provider is registered, each statement inside a trace gets a span (`statement-span.ts`).
 *
 * @example
 * instrumentConnection(client, observers);
 */
export function instrumentConnection(connection: { query: QueryFn }, observers: EngineObservers): void {
  if (instrumented.has(connection)) return;
  instrumented.add(connection);
  const original: QueryFn = connection.query.bind(connection);
  const failed = (error: unknown): void => {
    if (observers.active) observers.emit('onStatementError', sqlstateClassOf(error));
  };
  connection.query = (...args: unknown[]): unknown => {
    // one cheap check: no span, no extra closure while tracing is off (or outside a trace)
    const span: Span | undefined = startStatementSpan(args[0]);
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === 'function') {
      args[last] = (error: unknown, ...rest: unknown[]) => {
        if (error) failed(error);
        if (span) endStatementSpan(span, error);
        return (callback as QueryFn)(error, ...rest);
      };
      return original(...args);
    }
    let result: unknown;
    try {
      result = original(...args);
    } catch (e) {
      if (span) endStatementSpan(span, e);
      throw e;
    }
    if (result && typeof (result as Promise<unknown>).then === 'function' && typeof (result as Promise<unknown>).catch === 'function') {
      // observe without swallowing: the caller still gets the rejection from `result`
      if (span) {
        (result as Promise<unknown>).then(
          () => endStatementSpan(span),
          (error: unknown) => {
            failed(error);
            endStatementSpan(span, error);
          },
        );
      } else {
        (result as Promise<unknown>).then(undefined, failed);
      }
    } else if (span) {
      span.end(); // a submittable (cursor, stream): its end is not ours to see
    }
    return result;
  };
}
