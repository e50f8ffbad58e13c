/**
 * Opening and always closing the engine around a command's work.
 *
 * @module
 */
import { createEngine, loadDbConfig, type Engine } from '@agent-studio/db/engine';
import { installProcessPolicies } from '@agent-studio/sdk/mcp';

/**
 * Creates the engine from the environment (`DATABASE_URL`, else the embedded database in
 * `AGENT_STUDIO_DATA_DIR`) after installing the outbound and stdio command policies from it
 * (`OUTBOUND_ALLOW`, `MCP_STDIO_COMMANDS`; an invalid value stops the command), runs `fn`, and closes the engine whatever happens. An unreachable
 * database is the db layer's `DatabaseUnavailableError` (the CLI prints it as one line).
 *
 * @example
 * await withEngine(async (engine) => migrationStatus(engine));
 */
export async function withEngine<T>(fn: (engine: Engine) => Promise<T>): Promise<T> {
  const config = loadDbConfig(process.env);
  installProcessPolicies(process.env);
  const engine = await createEngine({ config });
  try {
    return await fn(engine);
  } finally {
    await engine.close();
  }
}
