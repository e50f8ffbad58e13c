/**
 * The two scenarios and their three contenders: raw `pg` (the baseline), the exec session, and
 * plain Sequelize.
 *
 * @module
 */
import type pg from 'pg';
import type { Engine } from '../src/engine/engine.js';
import { openSession, select } from '../src/exec.js';
import { Agent } from '../src/models.js';
import { tableMeta } from '../src/models/table-meta.js';
import { PAGE_SIZE } from './bench-options.js';
import type { Operation } from './measure.js';

/** The name of the baseline contender; ratios are against it. */
export const BASELINE = 'raw pg';

/** One way of doing a scenario's operation. */
export interface Contender {
  readonly name: string;
  readonly op: Operation;
}

/** One scenario: the same logical read done by every contender. */
export interface Scenario {
  readonly name: string;
  /** The baseline first. */
  readonly contenders: readonly Contender[];
}

/** What the scenarios run against. */
export interface ScenarioTargets {
  readonly engine: Engine;
  readonly rawPool: pg.Pool;
  /** The seeded agents' ids, in `createdAt` order. */
  readonly ids: readonly string[];
}

/**
 * Every contender uses what it read the way a caller would — serialized to JSON — so the cost of
 * reading the rows' properties counts, not just fetching them.
 */
function expectRow(found: unknown, id: string): void {
  if (found === null || found === undefined || JSON.stringify(found).length < 2) throw new Error(`bench: agent ${id} not found`);
}

function expectPage(rows: readonly unknown[]): void {
  if (rows.length !== PAGE_SIZE || JSON.stringify(rows).length < 2) throw new Error(`bench: page returned ${rows.length} rows, expected ${PAGE_SIZE}`);
}

/**
 * Builds the primary-key read and the 50-row page scenarios. Every contender selects the same
 * columns and serializes what it read; operation `n` reads id `n mod rows`, or the page at offset
 * `(n mod pages) × 50`.
 *
 * @example
 * const scenarios = buildScenarios({ engine, rawPool, ids });
 */
export function buildScenarios({ engine, rawPool, ids }: ScenarioTargets): Scenario[] {
  const meta = tableMeta(Agent);
  const createdAt = meta.columns.get('createdAt')!.quoted;
  const pkSql = `SELECT ${meta.selectList} FROM ${meta.quotedTable} WHERE ${meta.primaryKey.quoted} = $1`;
  const pageSql = `SELECT ${meta.selectList} FROM ${meta.quotedTable} ORDER BY ${createdAt} ASC LIMIT $1 OFFSET $2`;
  const pages = Math.floor(ids.length / PAGE_SIZE);
  const idOf = (n: number): string => ids[n % ids.length]!;
  const offsetOf = (n: number): number => (n % pages) * PAGE_SIZE;
  const SequelizeAgent = engine.models.get(meta.modelName);
  if (!SequelizeAgent) throw new Error(`bench: the engine has no bound model ${meta.modelName}`);

  return [
    {
      name: 'pk read',
      contenders: [
        {
          name: BASELINE,
          op: async (n) => {
            const id = idOf(n);
            const result = await rawPool.query(pkSql, [id]);
            expectRow(result.rows[0], id);
          },
        },
        {
          name: 'exec session',
          op: async (n) => {
            const id = idOf(n);
            const session = openSession(engine);
            try {
              expectRow(await session.get(Agent, id), id);
            } finally {
              await session.close();
            }
          },
        },
        {
          name: 'sequelize findByPk',
          op: async (n) => {
            const id = idOf(n);
            expectRow(await SequelizeAgent.findByPk(id), id);
          },
        },
      ],
    },
    {
      name: `page of ${PAGE_SIZE}`,
      contenders: [
        {
          name: BASELINE,
          op: async (n) => {
            const result = await rawPool.query(pageSql, [PAGE_SIZE, offsetOf(n)]);
            expectPage(result.rows);
          },
        },
        {
          name: 'exec session',
          op: async (n) => {
            const session = openSession(engine);
            try {
              const statement = select(Agent).orderBy('createdAt').offset(offsetOf(n)).limit(PAGE_SIZE);
              expectPage(await session.exec(statement).all());
            } finally {
              await session.close();
            }
          },
        },
        {
          name: 'sequelize findAll',
          op: async (n) => {
            const rows = await SequelizeAgent.findAll({
              order: [['createdAt', 'ASC']],
              offset: offsetOf(n),
              limit: PAGE_SIZE,
            });
            expectPage(rows);
          },
        },
      ],
    },
  ];
}
