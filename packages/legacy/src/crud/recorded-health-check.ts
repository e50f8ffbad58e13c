/**
 * What `recordHealthCheck` returns.
 *
 * @module
 */
import type { Instance, McpHealthCheck, McpServer } from '@agent-studio/db/models';
import type { McpHealthState } from '@agent-studio/sdk/mcp';

/**
 * What `recordHealthCheck` wrote: the updated server, the new history row and the state computed
 * by `nextHealthState`.
 *
 * @example
 * const recorded = await recordHealthCheck(db, id, result);
 * if (recorded) console.log(recorded.state.status, recorded.state.nextCheckAt);
 */
export interface RecordedHealthCheck {
  readonly server: Instance<typeof McpServer>;
  readonly check: Instance<typeof McpHealthCheck>;
  readonly state: McpHealthState;
}
