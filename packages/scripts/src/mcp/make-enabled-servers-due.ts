/**
 * `mcp check --all`: makes every enabled server due before the sweep.
 *
 * @module
 */
import type { Engine } from '@agent-studio/db/engine';
import { SessionLocal } from '@agent-studio/db/legacy';
import { McpServer } from '@agent-studio/db/models';

/**
 * Sets `next_check_at = now` on every enabled MCP server, in one legacy session (a bulk
 * `UPDATE`, committed), and returns how many rows it touched. The legacy monitor has no "check
 * everything" option: it claims servers whose `next_check_at <= now`, so this makes all enabled
 * ones due for the sweep that follows. A server the sweep then checks gets its real next check
 * time back from the check; a server another monitor claims first is checked by that monitor.
 *
 * Uses the legacy session because it is a legacy-monitor concern (listed by `sessions report`).
 *
 * @example
 * const due = await makeEnabledServersDue(engine, new Date());
 */
export async function makeEnabledServersDue(engine: Engine, now: Date): Promise<number> {
  const db = SessionLocal(engine);
  try {
    const updated = await db.query(McpServer).filterBy({ enabled: true }).update({ nextCheckAt: now });
    await db.commit();
    return updated;
  } finally {
    await db.close();
  }
}
