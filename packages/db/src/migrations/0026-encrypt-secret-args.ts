import { sqlMigration } from './migration.js';

/**
 * Issue 12: stdio `args` marked secret are encrypted like headers and env. The `args` column keeps
 * the arguments with each secret one replaced by the mask; `args_secret_encrypted` holds
 * `{ "<index>": "<value>" }` (AES-256-GCM, like `headers_encrypted`).
 */
export default sqlMigration(
  '0026-encrypt-secret-args',
  `
  ALTER TABLE mcp_servers ADD COLUMN args_secret_encrypted text;
  `,
  `
  ALTER TABLE mcp_servers DROP COLUMN args_secret_encrypted;
  `,
);
