import { sqlMigration } from './migration.js';

/**
 * Failed authentications per client address, shared by every API process: the table layout
 * `rate-limiter-flexible`'s RateLimiterPostgres reads and writes (created here, not at run time).
 */
export default sqlMigration(
  '0022-create-auth-failures',
  `
  CREATE TABLE auth_failures (
    key varchar(255) PRIMARY KEY,
    points integer NOT NULL DEFAULT 0,
    expire bigint
  );
  `,
  `DROP TABLE auth_failures;`,
);
