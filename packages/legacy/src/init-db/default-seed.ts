/**
 * The rows `initDb` makes sure exist.
 *
 * @module
 */
import type { Agent, StudioFunction } from '@agent-studio/db/models';

/**
 * What to seed: agents and functions, each found or created by its unique `name`.
 *
 * @example
 * await initDb(engine, { seed: { agents: [{ name: 'Support', model: 'gpt-4o' }], functions: [] } });
 */
export interface SeedData {
  readonly agents: ReadonlyArray<Partial<Agent> & { name: string; model: string }>;
  readonly functions: ReadonlyArray<Partial<StudioFunction> & { name: string; kind: StudioFunction['kind'] }>;
}

/**
 * The defaults: an `Assistant` agent and two builtin functions (`current_time`, `echo`).
 *
 * @example
 * await initDb(engine, { seed: DEFAULT_SEED });
 */
export const DEFAULT_SEED: SeedData = Object.freeze<SeedData>({
  agents: [
    {
      name: 'Assistant',
      description: 'The default general-purpose assistant.',
      model: 'gpt-4o-mini',
      instructions: 'You are a helpful assistant.',
      temperature: 0.7,
    },
  ],
  functions: [
    {
      name: 'current_time',
      description: 'Returns the current date and time (ISO 8601, UTC).',
      kind: 'builtin',
      parameters: { type: 'object', properties: {}, additionalProperties: false },
      config: { builtin: 'current_time' },
    },
    {
      name: 'echo',
      description: 'Returns its input text unchanged.',
      kind: 'builtin',
      parameters: {
        type: 'object',
        properties: { text: { type: 'string', description: 'The text to echo.' } },
        required: ['text'],
        additionalProperties: false,
      },
      config: { builtin: 'echo' },
    },
  ],
});
