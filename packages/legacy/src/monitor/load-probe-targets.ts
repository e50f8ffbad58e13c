/**
 * Reading what to probe, in one short legacy session.
 *
 * @module
 */
import { isSecretDecryptionError, type Engine } from '@agent-studio/db/engine';
import { Op, SessionLocal } from '@agent-studio/db/legacy';
import { McpServer, secretErrorOf } from '@agent-studio/db/models';
import { argsWithSecrets, endpointUrlOf, secretArgIndexes, type McpProbeConfig } from '@agent-studio/sdk/mcp';

/** A server to probe: its id, name and connection settings — plain data, not a row. */
export interface ProbeTarget {
  readonly id: string;
  readonly name: string;
  readonly config: McpProbeConfig;
  /**
   * Why it cannot be probed: its stored secrets could not be decrypted (wrong key). The monitor
   * records that as a failed check for this server and goes on with the others.
   */
  readonly unreadable?: string;
}

/**
 * Loads the probe settings of `ids` in one short legacy session that is closed before any probe
 * starts (so no connection is held while probing). Ids of servers deleted meanwhile are absent.
 * `headers` / `env` / secret args come back decrypted (the db layer encrypts them at rest) and go to the probe
 * only, which never echoes them. A server whose secrets cannot be decrypted is still returned,
 * with `unreadable` set (one bad row never hides the others).
 *
 * @example
 * const targets = await loadProbeTargets(engine, claims.map((c) => c.id));
 */
export async function loadProbeTargets(engine: Engine, ids: readonly string[]): Promise<Map<string, ProbeTarget>> {
  const targets = new Map<string, ProbeTarget>();
  if (ids.length === 0) return targets;
  const db = SessionLocal(engine);
  try {
    const servers = await db.query(McpServer).filter({ id: { [Op.in]: [...ids] } }).all();
    for (const s of servers) {
      const config: McpProbeConfig = { transport: s.transport };
      const url = endpointUrlOf(s);
      if (url) config.url = url;
      if (s.command) config.command = s.command;
      // an undecryptable value reads as {} and is reported per row (once read): never probe with it
      void s.headers;
      void s.env;
      void s.argsSecret;
      const unreadable = secretErrorOf(s);
      if (unreadable) {
        targets.set(s.id, { id: s.id, name: s.name, config: { transport: s.transport }, unreadable: unreadable.message });
        continue;
      }
      try {
        if (s.headers && Object.keys(s.headers).length) config.headers = { ...s.headers };
        if (s.env && Object.keys(s.env).length) config.env = { ...s.env };
        const args = argsWithSecrets(s);
        if (args.length) config.args = args;
        const secretArgs = secretArgIndexes(s);
        if (secretArgs.length) config.secretArgs = secretArgs;
      } catch (e) {
        if (!isSecretDecryptionError(e)) throw e;
        targets.set(s.id, { id: s.id, name: s.name, config: { transport: s.transport }, unreadable: e.message });
        continue;
      }
      targets.set(s.id, { id: s.id, name: s.name, config });
    }
  } finally {
    await db.close();
  }
  return targets;
}
