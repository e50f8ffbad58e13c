import { sqlMigration } from './migration.js';

export default sqlMigration(
  '0010-create-api-keys',
  `
  CREATE TABLE api_keys (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name text NOT NULL,
    -- only a hash of the key is stored; the plaintext is shown once, at creation
    key_hash text NOT NULL,
    -- a short, non-secret prefix to recognise a key in lists and logs
    key_prefix text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at timestamptz,
    CONSTRAINT api_keys_key_hash_key UNIQUE (key_hash)
  );
  CREATE INDEX api_keys_created_at_idx ON api_keys (created_at, id);
  `,
  `DROP TABLE api_keys;`,
);
