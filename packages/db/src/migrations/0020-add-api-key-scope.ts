import { sqlMigration } from './migration.js';

export default sqlMigration(
  '0020-add-api-key-scope',
  `
  -- what a key may do: admin (everything) or read (GET/HEAD only); keys that existed before stay admin
  ALTER TABLE api_keys ADD COLUMN scope text NOT NULL DEFAULT 'admin';
  ALTER TABLE api_keys ADD CONSTRAINT api_keys_scope_check CHECK (scope IN ('admin', 'read'));
  `,
  `ALTER TABLE api_keys DROP COLUMN scope;`,
);
