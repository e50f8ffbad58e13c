/**
 * The shape of one schema migration. Migrations are plain SQL run on one connection inside the
 * migrator's transaction, so they run the same on a PostgreSQL server and on PGlite.
 * @module
 */

/** What a migration receives: a way to run SQL on the migrating connection. */
export interface MigrationContext {
  query(sql: string): Promise<unknown>;
}

/** One migration: a unique, ordered name and its up/down SQL. */
export interface Migration {
  readonly name: string;
  /** The SQL text (up and down), for fingerprinting the migration set. */
  readonly source: string;
  up(context: MigrationContext): Promise<void>;
  down(context: MigrationContext): Promise<void>;
}

/**
 * Builds a migration from SQL text.
 *
 * @example
 * export default sqlMigration('0001-create-agents', 'CREATE TABLE ...', 'DROP TABLE ...');
 */
export function sqlMigration(name: string, up: string, down: string): Migration {
  return {
    name,
    source: `${up}\n--down--\n${down}`,
    async up(context) {
      await context.query(up);
    },
    async down(context) {
      await context.query(down);
    },
  };
}
