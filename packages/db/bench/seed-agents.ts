/**
 * Seeds the benchmark's agents through an exec session.
 *
 * @module
 */
import type { Engine } from '../src/engine/engine.js';
import { withSession } from '../src/exec.js';
import { Agent } from '../src/models.js';

/**
 * Inserts `count` agents in one transaction, with distinct `createdAt` one second apart so the
 * page query's order is total, and returns their ids in `createdAt` order.
 *
 * @example
 * const ids = await seedAgents(engine, 1_000);
 */
export async function seedAgents(engine: Engine, count: number): Promise<string[]> {
  const base = Date.UTC(2025, 0, 1);
  const rows = await withSession(engine, async (session) => {
    const added: Agent[] = [];
    for (let i = 0; i < count; i++) {
      added.push(
        session.add(Agent, {
          name: `agent-${String(i).padStart(7, '0')}`,
          model: 'gpt-4o-mini',
          instructions: `You are benchmark agent number ${i}.`,
          createdAt: new Date(base + i * 1_000),
        }),
      );
    }
    await session.flush();
    return added;
  });
  return rows.map((row) => row.id);
}
