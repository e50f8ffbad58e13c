/**
 * `getAgents`: a page of agents.
 *
 * @module
 */
import type { LegacySession } from '@agent-studio/db/legacy';
import { Agent, type Instance } from '@agent-studio/db/models';
import { checkPagination } from './pagination.js';

/**
 * A page of agents, oldest first (then by id) — the original `crud.get_agents(db, skip, limit)`.
 *
 * @param limit capped at 1000.
 * @throws {InvalidPaginationError} when `skip` or `limit` is not a non-negative integer.
 * @example
 * const agents = await getAgents(db, 0, 20);
 */
export async function getAgents(db: LegacySession, skip = 0, limit = 100): Promise<Instance<typeof Agent>[]> {
  const page = checkPagination(skip, limit);
  return db.query(Agent).orderBy('createdAt', 'id').offset(page.skip).limit(page.limit).all();
}
