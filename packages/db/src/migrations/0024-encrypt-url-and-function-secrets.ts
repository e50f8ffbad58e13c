import { sqlMigration } from './migration.js';

/**
 * Issue 12: credentials outside headers/env are encrypted too — an MCP server's full URL (user
 * info and query values) in `url_secret_encrypted` (the `url` column keeps it without them) and an
 * http function's request headers in `headers_encrypted` (no longer inside `config`). Existing
 * plaintext is moved by the services on the next write.
 */
export default sqlMigration(
  '0024-encrypt-url-and-function-secrets',
  `
  ALTER TABLE mcp_servers ADD COLUMN url_secret_encrypted text;
  ALTER TABLE functions ADD COLUMN headers_encrypted text;
  `,
  `
  ALTER TABLE functions DROP COLUMN headers_encrypted;
  ALTER TABLE mcp_servers DROP COLUMN url_secret_encrypted;
  `,
);
