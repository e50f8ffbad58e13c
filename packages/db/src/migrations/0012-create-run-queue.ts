import PgBoss from 'pg-boss';
import { RUN_QUEUE } from '../models/run-queue.js';
import type { Migration } from './migration.js';

const RUN_QUEUE_SCHEMA = RUN_QUEUE.schema;
const RUN_QUEUE_NAME = RUN_QUEUE.name;

/**
 * pg-boss's own construction SQL (for the pinned version, so the schema matches the library the
 * worker runs), without its BEGIN/COMMIT wrapper: our migrator already runs it in its transaction,
 * under its advisory lock. pg-boss itself is started with `migrate: false`.
 */
function constructionSql(): string {
  const plan = PgBoss.getConstructionPlans(RUN_QUEUE_SCHEMA).trim();
  if (!plan.startsWith('BEGIN;') || !plan.endsWith('COMMIT;')) {
    throw new Error('pg-boss construction plan has an unexpected shape; check the pinned pg-boss version');
  }
  return plan.slice('BEGIN;'.length, -'COMMIT;'.length);
}

const up = () => `${constructionSql()}
  SELECT ${RUN_QUEUE_SCHEMA}.create_queue('${RUN_QUEUE_NAME}', '{"policy":"standard"}'::json);`;
const down = `DROP SCHEMA ${RUN_QUEUE_SCHEMA} CASCADE;`;

/** The run queue: pg-boss's schema and the runs queue, created by our migrations. */
const migration: Migration = {
  name: '0012-create-run-queue',
  get source() {
    return `${up()}\n--down--\n${down}`;
  },
  async up(context) {
    await context.query(up());
  },
  async down(context) {
    await context.query(down);
  },
};
export default migration;
