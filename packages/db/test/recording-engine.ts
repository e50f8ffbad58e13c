/**
 * An engine wrapper that records the SQL text every borrowed connection sends, so tests can
 * assert on what really went to the database.
 * @module
 */
import type { Engine, PooledConnection } from '../src/engine.js';

/** The wrapped engine and the statements it has sent so far. */
export interface RecordingEngine {
  readonly engine: Engine;
  readonly statements: string[];
}

/**
 * Wraps `engine` so that every query text sent on its connections is appended to `statements`.
 *
 * @example
 * const { engine: rec, statements } = recordingEngine(engine);
 */
export function recordingEngine(engine: Engine): RecordingEngine {
  const statements: string[] = [];
  const wrapped = new WeakSet<PooledConnection>();
  const recording = Object.create(engine) as Engine;
  Object.assign(recording, {
    async acquire() {
      const connection = await engine.acquire();
      const original: PooledConnection['query'] = connection.query.bind(connection);
      wrapped.add(connection);
      const send = original as (...args: unknown[]) => unknown;
      connection.query = ((text: unknown, ...rest: unknown[]) => {
        statements.push(typeof text === 'string' ? text : String((text as { text?: string }).text));
        return send(text, ...rest);
      }) as PooledConnection['query'];
      return connection;
    },
    release(connection: PooledConnection, broken?: boolean) {
      if (wrapped.has(connection)) delete (connection as Partial<PooledConnection>).query; // back to the prototype's
      engine.release(connection, broken);
    },
  });
  return { engine: recording, statements };
}
