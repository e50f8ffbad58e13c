/**
 * One read-only query on a borrowed connection, for the doctor's checks.
 *
 * @module
 */
import type { Engine } from '@agent-studio/db/engine';

/**
 * Runs `text` with `values` on a connection borrowed from `engine` and returns the rows.
 *
 * @example
 * const [row] = await queryRows<{ server_version: string }>(engine, 'SHOW server_version');
 */
export async function queryRows<R extends object>(engine: Engine, text: string, values: readonly unknown[] = []): Promise<R[]> {
  const connection = await engine.acquire();
  try {
    return (await connection.query<R>(text, [...values])).rows;
  } finally {
    engine.release(connection);
  }
}
