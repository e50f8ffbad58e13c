/**
 * Opening and always closing the engine around a command's work.
 *
 * @module
 */
import { createEngine, loadDbConfig, type Engine } from '@agent-studio/db/engine';

/**
 * Creates the engine from the environment (`DATABASE_URL`, else the embedded database in
 * `AGENT_STUDIO_DATA_DIR`), runs `fn`, and closes the engine whatever happens. An unreachable
 * database is the db layer's `DatabaseUnavailableError` (the CLI prints it as one line).
 *
 * @example
 * await withEngine(async (engine) => migrationStatus(engine));
 */
export async function withEngine<T>(fn: (engine: Engine) => Promise<T>): Promise<T> {
  const engine = await createEngine({ config: loadDbConfig(process.env) });
  try {
    return await fn(engine);
  } finally {
    await engine.close();
  }
}
